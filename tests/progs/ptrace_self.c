// Tests: a tracee that calls ptrace itself. Under a tracer PTRACE_TRACEME fails with EPERM (a
// task has one tracer), and so do PTRACE_ATTACH and PTRACE_SEIZE of a sibling that the tracer
// already traces. The sibling must be unharmed: it still finishes its work and exits 0.
// Prints what each call returned; the test compares that with the trace.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static const char* result(long r) {
    static char buf[64];
    if (r == 0) return "0";
    snprintf(buf, sizeof buf, "-1 %s", errno == EPERM ? "EPERM" : strerror(errno));
    return buf;
}

int main(void) {
    errno = 0;
    long r = ptrace(PTRACE_TRACEME, 0, 0, 0);
    printf("ptrace_self: PTRACE_TRACEME = %s\n", result(r));
    int tracemeEperm = r == -1 && errno == EPERM;

    fflush(stdout);  // the children must not inherit (and print again) buffered lines
    int go[2];
    if (pipe(go) != 0) return 2;
    pid_t sibling = fork();
    if (sibling == 0) {
        char c;
        close(go[1]);
        (void)!read(go[0], &c, 1);  // wait until the attach attempts are over
        _exit(0);
    }
    pid_t attacher = fork();
    if (attacher == 0) {
        errno = 0;
        long a = ptrace(PTRACE_ATTACH, sibling, 0, 0);
        printf("ptrace_self: PTRACE_ATTACH sibling = %s\n", result(a));
        int attachEperm = a == -1 && errno == EPERM;
        errno = 0;
        long s = ptrace(PTRACE_SEIZE, sibling, 0, 0);
        printf("ptrace_self: PTRACE_SEIZE sibling = %s\n", result(s));
        int seizeEperm = s == -1 && errno == EPERM;
        fflush(stdout);
        _exit(attachEperm && seizeEperm ? 0 : 1);
    }
    int status = 0;
    waitpid(attacher, &status, 0);
    int attachOk = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    (void)!write(go[1], "x", 1);
    waitpid(sibling, &status, 0);
    int siblingOk = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("ptrace_self: sibling exited %s\n", siblingOk ? "0" : "abnormally");
    int ok = tracemeEperm && attachOk && siblingOk;
    printf("ptrace_self: %s\n", ok ? "every attempt refused, sibling unharmed" : "FAILED");
    return ok ? 0 : 1;
}
