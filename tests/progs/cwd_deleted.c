// Tests: strace -y's fd annotations that need more than the fd table: AT_FDCWD shown with the
// cwd (`openat(AT_FDCWD</dir>, "gone", ...)`) after a chdir to argv[1], and an fd whose file
// was unlinked shown with `(deleted)` after its path, as long as it stays open.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 2 || chdir(argv[1]) != 0) return 2;
    const int fd = openat(AT_FDCWD, "gone", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return 1;
    if (write(fd, "before", 6) != 6) return 1;
    unlink("gone");
    if (write(fd, "after", 5) != 5) return 1;
    close(fd);
    const int dir = openat(AT_FDCWD, ".", O_RDONLY | O_DIRECTORY);
    close(dir);
    printf("cwd_deleted done\n");
    return 0;
}
