// Tests: the classic chroot escape. As root: mkdir a directory, chroot into it (cwd stays
// outside the new root), chdir("..") many times, chroot("."). Under chroot(2) this reaches the
// host's root; under pivot_root with the old root detached it stops at the container's root.
// Prints "escaped: yes|no" and lists the new /; exits 0 either way.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    struct stat before, after;
    if (stat("/", &before) != 0) return 1;
    char dir[] = "/tmp/escape.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    if (chroot(dir) != 0) {
        perror("chroot");
        return 1;
    }
    for (int i = 0; i < 64; i++) (void)!chdir("..");
    if (chroot(".") != 0) {
        perror("chroot .");
        return 1;
    }
    (void)!chdir("/");
    if (stat("/", &after) != 0) return 1;
    int escaped = before.st_dev != after.st_dev || before.st_ino != after.st_ino;
    printf("escaped: %s\n", escaped ? "yes" : "no");
    DIR* d = opendir("/");
    struct dirent* e;
    int shown = 0;
    while (d && (e = readdir(d)) && shown < 40) {
        if (e->d_name[0] == '.') continue;
        printf("%s ", e->d_name);
        shown++;
    }
    printf("\n");
    if (d) closedir(d);
    return 0;
}
