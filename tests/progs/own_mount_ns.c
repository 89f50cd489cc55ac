// Tests: a workload's own mount namespace (unshare(CLONE_NEWNS), needs CAP_SYS_ADMIN): its copies
// of the container's mounts, and a tmpfs it mounts at /mnt, are still the container's. Reads
// /etc/passwd and /proc/self/status, writes and reads /mnt/f. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int readAll(const char* path) {
    char buf[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int n = (int)read(fd, buf, sizeof buf);
    close(fd);
    return n;
}

int main(void) {
    if (unshare(CLONE_NEWNS) != 0) {
        perror("own_mount_ns: unshare");
        return 0;
    }
    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    mkdir("/mnt", 0755);
    if (mount("tmpfs", "/mnt", "tmpfs", 0, NULL) != 0) perror("own_mount_ns: mount");
    int fd = open("/mnt/f", O_CREAT | O_RDWR, 0644);
    if (fd >= 0) {
        (void)!write(fd, "x", 1);
        close(fd);
    }
    printf("own_mount_ns: passwd %d status %d mnt/f %d\n", readAll("/etc/passwd") > 0,
           readAll("/proc/self/status") > 0, readAll("/mnt/f") == 1);
    umount2("/mnt", MNT_DETACH);
    return 0;
}
