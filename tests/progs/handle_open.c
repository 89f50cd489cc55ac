// Tests: open_by_handle_at with a handle made outside (argv[1]: handle type, argv[2]: the
// handle's bytes in hex), through a mount fd on the container's root ("/"). With
// CAP_DAC_READ_SEARCH, a handle of a host file on the rootfs' filesystem opens that host file
// although no path inside the container names it. With argv[3] the handle is a directory's, and
// argv[3] is opened relative to it. Prints what it read; exits 0.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 3) return 2;
    size_t hexLen = strlen(argv[2]);
    struct file_handle* fh = malloc(sizeof *fh + hexLen / 2);
    fh->handle_type = atoi(argv[1]);
    fh->handle_bytes = (unsigned)(hexLen / 2);
    for (size_t i = 0; i < hexLen / 2; ++i) {
        unsigned byte = 0;
        sscanf(argv[2] + 2 * i, "%2x", &byte);
        fh->f_handle[i] = (unsigned char)byte;
    }
    int mountFd = open("/", O_RDONLY | O_DIRECTORY);
    int fd = open_by_handle_at(mountFd, fh, argc > 3 ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) {
        printf("handle_open: %s\n", strerror(errno));
        return 0;
    }
    if (argc > 3) fd = openat(fd, argv[3], O_RDONLY);
    char buf[64] = {0};
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    printf("handle_open: read %zd bytes: %s\n", n, n > 0 ? buf : "");
    return 0;
}
