// Tests: a block device node made with mknod (argv[1] major, argv[2] minor; needs CAP_MKNOD)
// in /tmp of the rootfs, then stat and opened read-only. Its mode and device number are what
// the tracer must see, whatever the node is named. Exits 0.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int main(int argc, char** argv) {
    unsigned maj = argc > 1 ? (unsigned)atoi(argv[1]) : 7;
    unsigned min = argc > 2 ? (unsigned)atoi(argv[2]) : 0;
    mkdir("/tmp", 01777);
    unlink("/tmp/plain-name");
    if (mknod("/tmp/plain-name", S_IFBLK | 0600, makedev(maj, min)) != 0) {
        printf("block_node: mknod %s\n", strerror(errno));
        return 0;
    }
    struct stat st;
    stat("/tmp/plain-name", &st);
    int fd = open("/tmp/plain-name", O_RDONLY);
    printf("block_node: open %s\n", fd >= 0 ? "ok" : strerror(errno));
    unlink("/tmp/plain-name");
    return 0;
}
