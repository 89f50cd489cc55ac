// Tests: the classic chroot escape (see chroot_escape.c), then reads each path in argv. Under
// chroot(2) this reads the host's files (on whatever filesystem: a host tmpfs such as /dev/shm
// is the host's too, not an anonymous object); under pivot_root it stays in the container.
// Prints "escape_read: PATH N" per path (N bytes read, -1 when it could not be opened).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
    char dir[] = "/tmp/escape.XXXXXX";
    if (!mkdtemp(dir) || chroot(dir) != 0) {
        perror("escape_read: chroot");
        return 1;
    }
    for (int i = 0; i < 64; i++) (void)!chdir("..");
    if (chroot(".") != 0) return 1;
    (void)!chdir("/");
    for (int i = 1; i < argc; i++) {
        char buf[256];
        int fd = open(argv[i], O_RDONLY);
        long n = fd >= 0 ? (long)read(fd, buf, sizeof buf) : -1;
        printf("escape_read: %s %ld\n", argv[i], n);
        if (fd >= 0) close(fd);
    }
    return 0;
}
