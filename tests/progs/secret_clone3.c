// Tests: clone3 with CLONE_UNTRACED whose struct clone_args lives in memfd_secret memory: the
// kernel reads it, the tracer cannot, so it cannot clear the flag and must refuse the call
// (ENOSYS). Like glibc, the program then falls back to clone (CLONE_UNTRACED again, in a
// register the tracer can clear). The child opens argv[1] (default /etc/passwd) and exits.
// Prints how each attempt went; exits 77 when memfd_secret is unavailable, 0 when a child ran.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif

struct CloneArgs {  // struct clone_args, version 0 (64 bytes)
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static const char* path = "/etc/passwd";

static void child(const char* how) {
    int fd = open(path, O_RDONLY);
    printf("secret_clone3: %s child opened %s: %s\n", how, path, fd >= 0 ? "yes" : strerror(errno));
    fflush(stdout);
    _exit(0);
}

int main(int argc, char** argv) {
    if (argc > 1) path = argv[1];
    long sfd = syscall(SYS_memfd_secret, 0);
    if (sfd < 0) {
        printf("memfd_secret unavailable: %s\n", strerror(errno));
        return 77;
    }
    struct CloneArgs* args = MAP_FAILED;
    if (ftruncate((int)sfd, 4096) == 0) {
        args = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)sfd, 0);
    }
    if (args == MAP_FAILED) {
        printf("memfd_secret mmap unavailable: %s\n", strerror(errno));
        return 77;
    }
    memset(args, 0, sizeof *args);
    args->flags = CLONE_UNTRACED;
    args->exit_signal = SIGCHLD;
    fflush(stdout);
    long pid = syscall(SYS_clone3, args, sizeof *args);
    if (pid == 0) child("clone3");
    if (pid < 0) {
        printf("secret_clone3: clone3 failed: %s\n", strerror(errno));
        fflush(stdout);
        if (errno != ENOSYS) return 1;
        pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);  // glibc's fallback
        if (pid == 0) child("clone");
    }
    int status = 0;
    if (pid < 0 || waitpid((pid_t)pid, &status, 0) != pid) return 1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
