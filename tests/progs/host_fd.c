// Tests: a directory fd inherited from the host (argv[1], default 7). If it is open, fstat it
// and open etc/passwd relative to it (that reaches the host's file: a leak). A runtime that
// closes inherited fds makes this print EBADF. Exits 0 in both cases.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
    int hostFd = argc > 1 ? atoi(argv[1]) : 7;
    struct stat st;
    if (fstat(hostFd, &st) != 0) {
        printf("host_fd: fd %d: %s\n", hostFd, errno == EBADF ? "EBADF" : "other error");
        return errno == EBADF ? 0 : 1;
    }
    int fd = openat(hostFd, "etc/passwd", O_RDONLY);
    printf("host_fd: fd %d open (inode %lu); openat(etc/passwd) = %s\n", hostFd,
           (unsigned long)st.st_ino, fd >= 0 ? "opened" : "failed");
    return 0;
}
