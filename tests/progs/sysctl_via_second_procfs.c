// Tests: a sysctl reached through a second procfs mounted elsewhere (needs CAP_SYS_ADMIN). The
// path names no /proc/sys at all: only the object (a procfs, sys/ inside it) says what it is.
// Mounts proc at DIR (default /mnt/p), opens DIR/sys/vm/drop_caches for writing without writing
// anything, prints "mount: ok|ERRNO" and "open: ok|ERRNO", exits 0.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
    const char* dir = argc > 1 ? argv[1] : "/mnt/p";
    mkdir("/mnt", 0755);
    mkdir(dir, 0755);
    if (mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        printf("mount: %s\n", strerror(errno));
        return 0;
    }
    printf("mount: ok\n");
    char path[4096];
    snprintf(path, sizeof path, "%s/sys/vm/drop_caches", dir);
    const int fd = open(path, O_WRONLY | O_CLOEXEC);
    printf("open: %s\n", fd >= 0 ? "ok" : strerror(errno));
    if (fd >= 0) close(fd);
    umount(dir);
    return 0;
}
