// Tests: CLONE_UNTRACED. A raw clone and a clone3, each with CLONE_UNTRACED|SIGCHLD, make
// children that open a file (argv[1], default /etc/passwd) and exit. A tracer that honours the
// flag loses them; it must strip the flag (or otherwise keep them traced) and say so.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

struct CloneArgs {  // struct clone_args, version 0 (64 bytes)
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static const char* path = "/etc/passwd";

static void child(const char* how) {
    int fd = open(path, O_RDONLY);
    printf("untraced_clone: %s child %d opened %s: %s\n", how, (int)getpid(), path,
           fd >= 0 ? "yes" : strerror(errno));
    fflush(stdout);
    _exit(fd >= 0 ? 0 : 1);
}

static int reap(pid_t pid, const char* how) {
    int status = 0;
    if (pid < 0) {
        printf("untraced_clone: %s failed: %s\n", how, strerror(errno));
        return errno == ENOSYS ? 1 : 0;  // no clone3 on this kernel is not a failure
    }
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char** argv) {
    if (argc > 1) path = argv[1];
    int ok = 1;
    long pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) child("clone");
    ok &= reap((pid_t)pid, "clone");

    struct CloneArgs args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_UNTRACED;
    args.exit_signal = SIGCHLD;
    pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) child("clone3");
    ok &= reap((pid_t)pid, "clone3");
    return ok ? 0 : 1;
}
