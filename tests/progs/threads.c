// Tests: no event is lost when many threads make syscalls at once. N threads (argv[1], default 4)
// each open and close a file (argv[3], default /etc/passwd) M times (argv[2], default 50).
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int iterations = 50;
static const char* path = "/etc/passwd";

static void* worker(void* arg) {
    long* opened = arg;
    for (int i = 0; i < iterations; i++) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            (*opened)++;
            close(fd);
        }
    }
    return NULL;
}

int main(int argc, char** argv) {
    int n = argc > 1 ? atoi(argv[1]) : 4;
    if (argc > 2) iterations = atoi(argv[2]);
    if (argc > 3) path = argv[3];
    if (n < 1 || n > 256) return 2;
    pthread_t threads[256];
    long opened[256] = {0};
    for (int i = 0; i < n; i++) pthread_create(&threads[i], NULL, worker, &opened[i]);
    long total = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(threads[i], NULL);
        total += opened[i];
    }
    printf("threads=%d iterations=%d opens=%ld\n", n, iterations, total);
    return total == (long)n * iterations ? 0 : 1;
}
