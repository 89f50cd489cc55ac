// Tests: a mount made inside the container (tmpfs on /tmp) must stay in the container's mount
// namespace and never show in the host's mount table.
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

int main(void) {
    if (mount("tmpfs", "/tmp", "tmpfs", 0, "size=1m") != 0) {
        perror("mount tmpfs on /tmp");
        return 1;
    }
    int fd = open("/tmp/inside-only", O_CREAT | O_WRONLY, 0644);
    if (fd < 0 || write(fd, "x\n", 2) != 2) return 1;
    close(fd);
    printf("mount_inside: tmpfs mounted on /tmp, wrote /tmp/inside-only\n");
    return 0;
}
