// Tests: signals interrupting blocking syscalls. At syscall-exit the tracer sees the kernel's
// internal ERESTART* codes: nanosleep and read without SA_RESTART end with EINTR, read with
// SA_RESTART is restarted, and a nanosleep interrupted by a stop/continue resumes through
// restart_syscall.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pipefd[2];
static volatile int alarms;

static void onAlarm(int sig) {
    (void)sig;
    alarms++;
    if (alarms == 3) (void)!write(pipefd[1], "x", 1);  // lets the restarted read finish
}

static void arm(int restart) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = onAlarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
    int ok = 1;
    if (pipe(pipefd) != 0) return 1;

    arm(0);
    struct timespec ts = {5, 0};
    int r = nanosleep(&ts, &ts);
    printf("nanosleep without SA_RESTART: %s\n", r == -1 && errno == EINTR ? "EINTR" : "?");
    ok &= r == -1 && errno == EINTR;

    char c;
    arm(0);
    ssize_t n = read(pipefd[0], &c, 1);
    printf("read without SA_RESTART: %s\n", n == -1 && errno == EINTR ? "EINTR" : "?");
    ok &= n == -1 && errno == EINTR;

    arm(1);
    n = read(pipefd[0], &c, 1);
    printf("read with SA_RESTART: restarted, returned %zd\n", n);
    ok &= n == 1;

    pid_t pid = fork();
    if (pid == 0) {
        struct timespec nap = {0, 400000000};
        _exit(nanosleep(&nap, NULL) == 0 ? 0 : 1);  // resumed by restart_syscall after SIGCONT
    }
    usleep(100000);
    kill(pid, SIGSTOP);
    usleep(100000);
    kill(pid, SIGCONT);
    int status = 0;
    waitpid(pid, &status, 0);
    printf("nanosleep across stop/continue: %s\n", status == 0 ? "completed" : "failed");
    ok &= status == 0;
    return ok ? 0 : 1;
}
