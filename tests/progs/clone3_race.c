// Tests: CLONE_UNTRACED set again by another thread after the tracer cleared it. A second
// thread keeps writing CLONE_UNTRACED into the struct clone_args the main thread passes to
// clone3, so the kernel may read the flag after the tracer's POKEDATA removed it. A child that
// finds no tracer exits 42. Tries up to argv[1] times (default 500).
// Prints "untraced child: pid N" when the race was won, "child killed: pid N" for a child killed
// before it could tell, "race not won" otherwise; exits 0.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

struct CloneArgs {  // struct clone_args, version 0 (64 bytes)
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static volatile struct CloneArgs args;
static atomic_int stop;

static void* toggler(void* unused) {
    (void)unused;
    while (!atomic_load(&stop)) args.flags = CLONE_UNTRACED;
    return NULL;
}

/// TracerPid cannot tell (a tracer outside the PID namespace shows as 0); PTRACE_TRACEME
/// fails with EPERM exactly when the task already has a tracer.
static int traced(void) { return ptrace(PTRACE_TRACEME, 0, 0, 0) != 0; }

int main(int argc, char** argv) {
    int tries = argc > 1 ? atoi(argv[1]) : 500;
    pthread_t t;
    pthread_create(&t, NULL, toggler, NULL);
    for (int i = 0; i < tries; i++) {
        args.flags = CLONE_UNTRACED;
        args.exit_signal = SIGCHLD;
        long pid = syscall(SYS_clone3, &args, sizeof args);
        if (pid == 0) _exit(traced() ? 0 : 42);
        if (pid < 0) continue;
        int status = 0;
        waitpid((pid_t)pid, &status, 0);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
            printf("child killed: pid %ld\n", pid);  // the tracer found it untraced
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 42) {
            printf("untraced child: pid %ld\n", pid);
            atomic_store(&stop, 1);
            pthread_join(t, NULL);
            return 0;
        }
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    printf("race not won\n");
    return 0;
}
