// Tests: a second procfs of the container's PID namespace mounted at /mnt/p (needs
// CAP_SYS_ADMIN): its sys/vm/drop_caches opened for writing (never written) and its
// sys/kernel/hostname read. The objects are procfs's wherever mounted. Exits 0.
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    mkdir("/mnt", 0755);
    mkdir("/mnt/p", 0755);
    if (mount("proc", "/mnt/p", "proc", 0, NULL) != 0) {
        perror("second_procfs: mount");
        return 0;
    }
    int w = open("/mnt/p/sys/vm/drop_caches", O_WRONLY);
    printf("second_procfs: drop_caches %s\n", w >= 0 ? "opened" : "refused");
    if (w >= 0) close(w);
    char buf[128] = {0};
    int r = open("/mnt/p/sys/kernel/hostname", O_RDONLY);
    if (r >= 0 && read(r, buf, sizeof buf - 1) > 0) printf("second_procfs: hostname %s", buf);
    umount2("/mnt/p", MNT_DETACH);
    return 0;
}
