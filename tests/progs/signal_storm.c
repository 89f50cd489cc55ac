// Tests: a signal storm. A sender child queues N real-time signals (argv[1], default 10000;
// SIGRTMIN queues every one, carrying its sequence number) to the receiver, which spends its
// time in syscalls (getppid, nanosleep). The receiver's handler counts them and checks that
// each carries the next number: none lost, none duplicated, none reordered, siginfo intact.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile long received, outOfOrder;

static void onSignal(int sig, siginfo_t* info, void* ctx) {
    (void)sig;
    (void)ctx;
    if (info->si_value.sival_int != received || info->si_code != SI_QUEUE) outOfOrder++;
    received++;
}

int main(int argc, char** argv) {
    long n = argc > 1 ? atol(argv[1]) : 10000;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = onSignal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN, &sa, NULL);
    pid_t receiver = getpid();
    pid_t sender = fork();
    if (sender == 0) {
        long sent = 0, retries = 0;
        while (sent < n) {
            union sigval v = {.sival_int = (int)sent};
            if (sigqueue(receiver, SIGRTMIN, v) == 0) {
                sent++;
            } else if (errno == EAGAIN) {
                retries++;  // the receiver's queue is full: let it drain
                usleep(100);
            } else {
                _exit(1);
            }
        }
        _exit(0);
    }
    struct timespec start, now, tiny = {0, 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    long syscalls = 0;
    while (received < n) {
        getppid();
        nanosleep(&tiny, NULL);
        syscalls += 2;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > 25) break;
    }
    int status = 0;
    waitpid(sender, &status, 0);
    int ok = received == n && outOfOrder == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("signal_storm: sent %ld received %ld out-of-order %ld (%ld syscalls meanwhile): %s\n", n,
           (long)received, (long)outOfOrder, syscalls, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
