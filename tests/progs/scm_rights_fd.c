// Tests: a host directory fd (argv[1], kept from outside) sent to itself over a socketpair with
// SCM_RIGHTS and the original closed: the received fd still reaches the host, and
// openat(received, "etc/passwd") opens the host's file. Exits 0.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
    int hostFd = argc > 1 ? atoi(argv[1]) : 7;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 1;
    char data = 'x';
    struct iovec iov = {&data, 1};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &hostFd, sizeof(int));
    if (sendmsg(sv[0], &msg, 0) != 1) return 1;
    close(hostFd);
    memset(&control, 0, sizeof control);
    msg.msg_controllen = sizeof control.buf;
    if (recvmsg(sv[1], &msg, 0) != 1) return 1;
    int got = -1;
    memcpy(&got, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(int));
    int fd = openat(got, "etc/passwd", O_RDONLY);
    printf("scm_rights_fd: received fd %d; openat(etc/passwd) = %s\n", got,
           fd >= 0 ? "opened" : "failed");
    return 0;
}
