// Tests: which fds survive an execve, by the close-on-exec flag each way of making an fd sets.
// Stage 1 (argv: DIR) opens DIR/f20..f26 and moves them to fds 20..26 so that:
//   20: open without O_CLOEXEC, dup2          -> kept
//   21: dup3 with O_CLOEXEC                   -> closed
//   22: dup2, then fcntl(F_SETFD, FD_CLOEXEC) -> closed
//   23: open with O_CLOEXEC, dup2 (clears it) -> kept
//   24: F_DUPFD_CLOEXEC, then ioctl(FIONCLEX) -> kept
//   25: F_DUPFD, then ioctl(FIOCLEX)          -> closed
//   26: open without O_CLOEXEC, kept in place -> kept
// then re-executes itself as stage 2, which writes one line to each of 20..26 and prints
// which writes worked. Exit 0 when exactly the fds marked "kept" were still open.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int openIn(const char* dir, int n, int flags) {
    char path[4096];
    snprintf(path, sizeof path, "%s/f%d", dir, n);
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | flags, 0644);
}

static int stage2(void) {
    static const int kept[] = {1, 0, 0, 1, 1, 0, 1};
    int ok = 1;
    for (int fd = 20; fd <= 26; ++fd) {
        const int worked = write(fd, "after exec\n", 11) == 11;
        printf("exec_fds: fd %d %s\n", fd, worked ? "open" : strerror(errno));
        if (worked != kept[fd - 20]) ok = 0;
    }
    return ok ? 0 : 1;
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "stage2") == 0) return stage2();
    if (argc < 2) return 2;
    const char* dir = argv[1];
    int fd = openIn(dir, 20, 0);
    dup2(fd, 20);
    close(fd);
    fd = openIn(dir, 21, 0);
    dup3(fd, 21, O_CLOEXEC);
    close(fd);
    fd = openIn(dir, 22, 0);
    dup2(fd, 22);
    close(fd);
    fcntl(22, F_SETFD, FD_CLOEXEC);
    fd = openIn(dir, 23, O_CLOEXEC);
    dup2(fd, 23);
    close(fd);
    fd = openIn(dir, 24, 0);
    fcntl(fd, F_DUPFD_CLOEXEC, 24);
    close(fd);
    ioctl(24, FIONCLEX);
    fd = openIn(dir, 25, 0);
    fcntl(fd, F_DUPFD, 25);
    close(fd);
    ioctl(25, FIOCLEX);
    // The lowest free number is below 20: move it up by hand without a dup (keep the open's
    // own entry): open until 26 comes out, closing the rest.
    int spare[32];
    int count = 0;
    for (;;) {
        fd = openIn(dir, 26, 0);
        if (fd < 0 || fd == 26 || count == 32) break;
        spare[count++] = fd;
    }
    for (int i = 0; i < count; ++i) close(spare[i]);
    if (fd != 26) return 3;
    for (int i = 20; i <= 26; ++i) write(i, "before exec\n", 12);
    char* const args[] = {argv[0], "stage2", NULL};
    execv("/proc/self/exe", args);
    return 4;
}
