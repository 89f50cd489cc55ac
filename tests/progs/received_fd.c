// Tests: a host directory fd received over SCM_RIGHTS. Connects to the unix socket argv[1]
// (a host helper listens there and sends an fd), receives it, then opens etc/hostname relative
// to it and prints the content: the string is innocent, the object is the host's.
// With argv[2] == "pidfd" the helper sends its own pidfd and, as the message's data, the number
// of a directory fd it holds; the program takes that fd with pidfd_getfd.
// With argv[2] == "fchdir" it makes the received directory its working directory first and opens
// etc/hostname relative to that.
// With argv[2] == "openat2" it opens "/etc/hostname" with openat2(fd, ..., RESOLVE_IN_ROOT): the
// received directory is the root that absolute path is resolved in.
// With argv[2] == "setns" the fd is a mount namespace (the host's): the program joins it (needs
// CAP_SYS_ADMIN and CAP_SYS_CHROOT), which moves its root and cwd there, and opens /etc/hostname.
// Prints "received: ..." and "read: ..."; exits 0 when it read the file, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <linux/openat2.h>
#include <unistd.h>

#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    int usePidfd = argc > 2 && strcmp(argv[2], "pidfd") == 0;
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, argv[1], sizeof addr.sun_path - 1);
    if (s < 0 || connect(s, (struct sockaddr*)&addr, sizeof addr) != 0) {
        printf("connect: %s\n", strerror(errno));
        return 1;
    }
    int number = -1;
    struct iovec iov = {.iov_base = &number, .iov_len = sizeof number};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                         .msg_controllen = sizeof control.buf};
    if (recvmsg(s, &msg, 0) <= 0) {
        printf("recvmsg: %s\n", strerror(errno));
        return 1;
    }
    struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
    if (c == NULL || c->cmsg_type != SCM_RIGHTS) {
        printf("no fd received\n");
        return 1;
    }
    int fd = -1;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    printf("received: fd %d\n", fd);
    if (usePidfd) {
        int got = (int)syscall(SYS_pidfd_getfd, fd, number, 0);
        printf("pidfd_getfd(%d): %s\n", number, got >= 0 ? "ok" : strerror(errno));
        if (got < 0) return 1;
        fd = got;
    }
    const char* target = "etc/hostname";
    if (argc > 2 && strcmp(argv[2], "setns") == 0) {
        int joined = setns(fd, CLONE_NEWNS);
        printf("setns: %s\n", joined == 0 ? "ok" : strerror(errno));
        if (joined != 0) return 1;
        fd = AT_FDCWD;
        target = "/etc/hostname";
    }
    int viaCwd = argc > 2 && strcmp(argv[2], "fchdir") == 0;
    if (viaCwd && fchdir(fd) != 0) {
        printf("fchdir: %s\n", strerror(errno));
        return 1;
    }
    int file;
    if (argc > 2 && strcmp(argv[2], "openat2") == 0) {
        struct open_how how = {.flags = O_RDONLY, .resolve = RESOLVE_IN_ROOT};
        file = (int)syscall(SYS_openat2, fd, "/etc/hostname", &how, sizeof how);
    } else {
        file = openat(viaCwd ? AT_FDCWD : fd, target, O_RDONLY);
    }
    char buf[256] = {0};
    if (file < 0 || read(file, buf, sizeof buf - 1) < 0) {
        printf("read: %s\n", strerror(errno));
        return 1;
    }
    buf[strcspn(buf, "\n")] = '\0';
    printf("read: %s\n", buf);
    return 0;
}
