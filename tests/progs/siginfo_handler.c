// Tests: signal-delivery-stops are passed on with the signal's own siginfo. A SA_SIGINFO handler
// checks si_code, si_pid and si_value for SIGUSR1 sent by sigqueue (SI_QUEUE, value 0x5eed),
// by kill from a child (SI_USER, the child's pid) and by a thread with pthread_sigqueue
// (SI_QUEUE, value 77). A tracer that injects the signal by number with a fresh siginfo, or
// swallows it, fails the checks.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got;
static volatile int gotCode, gotPid, gotValue, gotSigno;

static void onUsr1(int sig, siginfo_t* info, void* ctx) {
    (void)ctx;
    gotSigno = sig;
    gotCode = info->si_code;
    gotPid = info->si_pid;
    gotValue = info->si_value.sival_int;
    got++;
}

static int waitFor(int n) {
    for (int i = 0; i < 2000 && got < n; i++) usleep(1000);
    return got >= n;
}

static void* queueToSelf(void* arg) {
    union sigval v = {.sival_int = 77};
    pthread_sigqueue(*(pthread_t*)arg, SIGUSR1, v);
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = onUsr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    int ok = 1;

    union sigval v = {.sival_int = 0x5eed};
    sigqueue(getpid(), SIGUSR1, v);
    ok &= waitFor(1) && gotSigno == SIGUSR1 && gotCode == SI_QUEUE && gotPid == getpid() &&
          gotValue == 0x5eed;
    printf("siginfo: sigqueue: signo %d code %d pid %s value %#x\n", gotSigno, gotCode,
           gotPid == getpid() ? "self" : "WRONG", gotValue);

    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        kill(parent, SIGUSR1);
        _exit(0);
    }
    ok &= waitFor(2) && gotCode == SI_USER && gotPid == child;
    printf("siginfo: kill from child: code %d pid %s\n", gotCode,
           gotPid == child ? "child" : "WRONG");
    waitpid(child, NULL, 0);

    pthread_t me = pthread_self(), t;
    pthread_create(&t, NULL, queueToSelf, &me);
    pthread_join(t, NULL);
    ok &= waitFor(3) && gotCode == SI_QUEUE && gotValue == 77;
    printf("siginfo: pthread_sigqueue: code %d value %d\n", gotCode, gotValue);
    printf("siginfo: %s (%d signals handled)\n", ok ? "all intact" : "FAILED", got);
    return ok ? 0 : 1;
}
