// Tests: objects without a host path are "anonymous", never a leak: a memfd written and read
// back, a secretmem fd (when the kernel allows memfd_secret), the task's own UTS and net
// namespace files, a pipe and a socketpair, a POSIX message queue and a MFD_HUGETLB memfd. Prints
// one line per object; exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif

int main(void) {
    int memfd = memfd_create("scratch-memfd", MFD_CLOEXEC);
    char buf[16] = {0};
    if (memfd >= 0 && write(memfd, "hello", 5) == 5 && lseek(memfd, 0, SEEK_SET) == 0 &&
        read(memfd, buf, 5) == 5) {
        printf("memfd: %s\n", buf);
    } else {
        printf("memfd: failed\n");
    }
    struct stat st;
    int secret = (int)syscall(SYS_memfd_secret, 0);
    if (secret >= 0 && ftruncate(secret, 4096) == 0 && fstat(secret, &st) == 0) {
        printf("memfd_secret: yes\n");
    } else {
        printf("memfd_secret: unavailable\n");
    }
    int uts = open("/proc/self/ns/uts", O_RDONLY);
    printf("ns/uts: %s\n", uts >= 0 && fstat(uts, &st) == 0 ? "opened" : "failed");
    int net = open("/proc/self/ns/net", O_RDONLY);
    printf("ns/net: %s\n", net >= 0 ? "opened" : "failed");
    int p[2];
    if (pipe(p) == 0 && write(p[1], "x", 1) == 1 && read(p[0], buf, 1) == 1) printf("pipe: ok\n");
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && write(sv[0], "y", 1) == 1 &&
        read(sv[1], buf, 1) == 1) {
        printf("socketpair: ok\n");
    }
    mqd_t q = mq_open("/scratch-anon", O_CREAT | O_RDWR, 0600, NULL);
    char msg[8192];
    if (q >= 0 && mq_send(q, "m", 1, 0) == 0 && mq_receive(q, msg, sizeof msg, NULL) == 1) {
        printf("mqueue: ok\n");
    }
    mq_unlink("/scratch-anon");
    int huge = memfd_create("scratch-huge", MFD_HUGETLB);
    printf("hugetlb memfd: %s\n", huge >= 0 && ftruncate(huge, 0) == 0 ? "yes" : "unavailable");
    return 0;
}
