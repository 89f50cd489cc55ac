// Tests: the default container's seccomp profile, session and terminal. `container_probe
// syscalls` calls each syscall the default profile refuses (io_uring, the keyring, bpf, perf,
// userfaultfd, kexec, modules, open_by_handle_at, mount, namespaces) with arguments the kernel
// itself would reject harmlessly (bad pointers, fds, flags) and prints "NAME ERRNO" per call:
// EPERM is the filter (or a missing capability), anything else the kernel. clone3 must be
// ENOSYS, and a thread must still start (glibc falls back to clone). `container_probe session`
// prints the session id, the pid, and what open("/dev/tty") gives.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif

static const char* errnoName(long rc, int err) {
    if (rc >= 0) return "OK";
    switch (err) {
        case EPERM:
            return "EPERM";
        case ENOSYS:
            return "ENOSYS";
        case EFAULT:
            return "EFAULT";
        case EINVAL:
            return "EINVAL";
        case EBADF:
            return "EBADF";
        case ENOENT:
            return "ENOENT";
        case EACCES:
            return "EACCES";
        case ENXIO:
            return "ENXIO";
        case EOPNOTSUPP:
            return "EOPNOTSUPP";
        case ENOEXEC:
            return "ENOEXEC";
        default:
            return strerror(err);
    }
}

#define PROBE(name, call)                               \
    do {                                                \
        errno = 0;                                      \
        long rc_ = (long)(call);                        \
        printf("%s %s\n", name, errnoName(rc_, errno)); \
    } while (0)

static void* threadBody(void* arg) { return arg; }

static int syscalls(void) {
    PROBE("io_uring_setup", syscall(SYS_io_uring_setup, 1, NULL));
    PROBE("keyctl", syscall(SYS_keyctl, 99999, 0, 0, 0, 0));
    PROBE("add_key", syscall(SYS_add_key, NULL, NULL, NULL, 0, 0));
    PROBE("request_key", syscall(SYS_request_key, NULL, NULL, NULL, 0));
    PROBE("bpf", syscall(SYS_bpf, -1, NULL, 0));
    PROBE("perf_event_open", syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
    PROBE("userfaultfd", syscall(SYS_userfaultfd, ~0));
    PROBE("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0xdead0000UL));
    PROBE("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0xdead0000UL));
    PROBE("init_module", syscall(SYS_init_module, NULL, 0, NULL));
    PROBE("finit_module", syscall(SYS_finit_module, -1, "", 0));
    PROBE("delete_module", syscall(SYS_delete_module, NULL, 0));
    PROBE("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
    PROBE("mount", mount("none", "/no/such/dir", "tmpfs", 0, NULL));
    PROBE("umount2", umount2("/no/such/dir", 0));
    PROBE("setns", syscall(SYS_setns, -1, 0));
    PROBE("unshare", syscall(SYS_unshare, 0));
    PROBE("clone3", syscall(SYS_clone3, NULL, 0));
    pthread_t thread;
    const int err = pthread_create(&thread, NULL, threadBody, NULL);
    if (err == 0) pthread_join(thread, NULL);
    printf("pthread_create %s\n", err == 0 ? "OK" : strerror(err));
    return 0;
}

static int session(void) {
    const int fd = open("/dev/tty", O_RDWR | O_NOCTTY);
    printf("sid %d pid %d tty %s\n", (int)getsid(0), (int)getpid(), errnoName(fd, errno));
    return 0;
}

int main(int argc, char** argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "session") == 0) return session();
    return syscalls();
}
