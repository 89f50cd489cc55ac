// Tests: path arguments the tracer cannot read (memfd_secret memory) where nothing at the exit
// tells what the kernel did with them: a stat that succeeds and an open that fails. The tracer
// must say it could not see (a blind spot), not call the run isolated. An open through a secret
// path that succeeds is attributed by its fd and is no blind spot.
// Prints one line per call; exits 77 when memfd_secret is unavailable, 0 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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
    char* secret = MAP_FAILED;
    if (sfd >= 0 && ftruncate((int)sfd, 4096) == 0) {
        secret = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)sfd, 0);
    }
    if (secret == MAP_FAILED) {
        printf("memfd_secret unavailable: %s\n", strerror(errno));
        return 77;
    }
    strcpy(secret, "/etc/passwd");
    strcpy(secret + 256, "/etc/no-such-file");
    struct stat st;
    printf("stat: %s\n", stat(secret, &st) == 0 ? "ok" : strerror(errno));
    int fd = open(secret + 256, O_RDONLY);
    printf("open missing: %s\n", fd >= 0 ? "ok" : strerror(errno));
    fd = open(secret, O_RDONLY);
    printf("open: %s\n", fd >= 0 ? "ok" : strerror(errno));
    return 0;
}
