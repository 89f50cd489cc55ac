// Tests: a device node made with mknod and opened: a host block device (a loop device, a disk)
// or a raw memory character device. Usage: device_node_read b|c MAJOR MINOR. Makes the node in
// /tmp (else /dev), opens it read-only, reads up to 64 bytes. Prints "mknod: ok|ERRNO",
// "open: ok|ERRNO", and for a read "read: N <printable bytes>"; exits 0.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 4) return 2;
    const mode_t type = argv[1][0] == 'b' ? S_IFBLK : S_IFCHR;
    const dev_t dev = makedev(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10));
    const char* candidates[] = {"/tmp/scratch-node", "/dev/scratch-node"};
    for (int i = 0; i < 2; ++i) {
        const char* path = candidates[i];
        unlink(path);
        if (mknod(path, type | 0600, dev) != 0) {
            printf("mknod %s: %s\n", path, strerror(errno));
            continue;
        }
        printf("mknod %s: ok\n", path);
        const int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            printf("open %s: %s\n", path, strerror(errno));
            unlink(path);
            continue;
        }
        printf("open %s: ok\n", path);
        char buf[65] = {0};
        const ssize_t n = read(fd, buf, 64);
        if (n < 0) {
            printf("read: %s\n", strerror(errno));
        } else {
            for (ssize_t k = 0; k < n; ++k) {
                if (buf[k] < 32 || buf[k] > 126) buf[k] = '.';
            }
            printf("read: %zd %s\n", n, buf);
        }
        close(fd);
        unlink(path);
        return 0;
    }
    return 0;
}
