// Tests: the container init (this program, PID 1 of the container's PID namespace) exits while
// its descendants live: a sleeper, a reader blocked on a pipe, a stopped child, a
// multi-threaded spinner and a grandchild. The kernel kills all of them (SIGKILL) when the init
// of a PID namespace dies; the tracer must reap every one, finish the report and not hang.
// Prints the number of descendants started, then exits 5.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void* spin(void* arg) {
    (void)arg;
    for (volatile long i = 0;; i++) {
    }
    return NULL;
}

int main(void) {
    int fds[2];
    if (pipe(fds) != 0) return 2;
    int started = 0;
    if (fork() == 0) {
        sleep(1000);
        _exit(0);
    }
    started++;
    if (fork() == 0) {
        char c;
        (void)!read(fds[0], &c, 1);
        _exit(0);
    }
    started++;
    pid_t stopped = fork();
    if (stopped == 0) {
        raise(SIGSTOP);
        _exit(0);
    }
    started++;
    if (fork() == 0) {
        pthread_t t;
        pthread_create(&t, NULL, spin, NULL);
        spin(NULL);
    }
    started++;
    if (fork() == 0) {
        if (fork() == 0) {
            sleep(1000);
            _exit(0);
        }
        sleep(1000);
        _exit(0);
    }
    started += 2;
    int status;
    waitpid(stopped, &status, WUNTRACED);
    usleep(200000);
    printf("init_dies: %d descendants alive, init exits 5\n", started);
    fflush(stdout);
    return 5;
}
