// Tests: ".." above the root and absolute symlinks stay inside a chroot. Opens /../../etc/passwd
// and /tmp/abslink -> /etc/passwd (made here); both must be the same file as /etc/passwd.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int same(const char* path, const struct stat* want) {
    int fd = open(path, O_RDONLY);
    struct stat st;
    int ok =
        fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == want->st_dev && st.st_ino == want->st_ino;
    if (fd >= 0) close(fd);
    printf("%s: %s\n", path, ok ? "same as /etc/passwd" : "DIFFERENT");
    return ok;
}

int main(void) {
    struct stat passwd;
    if (stat("/etc/passwd", &passwd) != 0) return 1;
    unlink("/tmp/abslink");
    if (symlink("/etc/passwd", "/tmp/abslink") != 0) return 1;
    int ok = same("/../../etc/passwd", &passwd);
    ok &= same("/tmp/abslink", &passwd);
    unlink("/tmp/abslink");
    return ok ? 0 : 1;
}
