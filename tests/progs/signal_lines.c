// Tests: the signal lines and task ends strace prints, one of each common kind. The process
// itself catches SIGUSR1 from kill (SI_USER), SIGUSR2 from sigqueue (SI_QUEUE with a value),
// SIGUSR1 from tgkill (SI_TKILL), SIGALRM from alarm (SI_KERNEL), SIGIO for a pipe with F_SETSIG
// (POLL_IN with si_band and si_fd), a POSIX timer's SIGUSR1 (SI_TIMER), and the SIGCHLD of
// children that exit 3 (CLD_EXITED), are killed (CLD_KILLED), fault with a core dump
// (SEGV_MAPERR, "(core dumped)", CLD_DUMPED) and without (BUS_ADRERR on a memfd page past its
// end), divide by zero (FPE_INTDIV), abort (SI_TKILL SIGABRT) and make a syscall their seccomp
// filter traps (SYS_SECCOMP with the syscall's name). Everything that dies is a child: under
// scratch-trace the process is its PID namespace's init, which the kernel keeps from dying of
// its own signals. Run it from a scratch directory (a core file may land there).
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int caught;
static void onSignal(int sig) {
    (void)sig;
    caught++;
}

/// Runs `body` in a child with core dumps allowed or not, and reaps it.
static void inChild(void (*body)(void), int core) {
    const pid_t pid = fork();
    if (pid == 0) {
        struct rlimit limit = {core ? RLIM_INFINITY : 0, core ? RLIM_INFINITY : 0};
        setrlimit(RLIMIT_CORE, &limit);
        body();
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

static void exitThree(void) { _exit(3); }
static void segfault(void) { *(volatile int*)0 = 1; }
static volatile int dividend = 1, divisor = 0, quotient;
static void divideByZero(void) { quotient = dividend / divisor; }
static void busError(void) {
    const int fd = memfd_create("empty", 0);
    volatile char* page = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    (void)page[0];
}
static void trappedSyscall(void) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof code / sizeof code[0], code};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
    syscall(SYS_getppid);
}

int main(void) {
    signal(SIGUSR1, onSignal);
    signal(SIGUSR2, onSignal);
    signal(SIGALRM, onSignal);
    signal(SIGIO, onSignal);

    kill(getpid(), SIGUSR1);
    union sigval value = {.sival_int = 1234};
    sigqueue(getpid(), SIGUSR2, value);
    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);

    inChild(exitThree, 0);
    const pid_t sleeper = fork();
    if (sleeper == 0) {
        pause();
        _exit(0);
    }
    kill(sleeper, SIGKILL);
    waitpid(sleeper, NULL, 0);
    inChild(segfault, 1);
    inChild(busError, 0);
    inChild(divideByZero, 0);
    inChild(abort, 0);
    inChild(trappedSyscall, 0);

    alarm(1);
    while (caught < 4) pause();

    int fds[2];
    if (pipe(fds) != 0) return 1;
    fcntl(fds[0], F_SETOWN, getpid());
    fcntl(fds[0], F_SETSIG, SIGIO);
    fcntl(fds[0], F_SETFL, O_ASYNC);
    if (write(fds[1], "x", 1) != 1) return 1;
    while (caught < 5) pause();

    timer_t timer;
    struct sigevent event = {0};
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGUSR1;
    event.sigev_value.sival_int = 7;
    timer_create(CLOCK_MONOTONIC, &event, &timer);
    struct itimerspec when = {{0, 0}, {0, 1000000}};
    timer_settime(timer, 0, &when, NULL);
    while (caught < 6) pause();
    printf("signal lines: %d signals caught\n", caught);
    return 0;
}
