// Tests: a memory hog that a --memory limit must kill. It allocates and touches memory 1 MiB
// at a time up to argv[1] MiB (default 512; bounded, so it ends by itself without a limit),
// writing each page so it is really charged. Prints progress every 16 MiB; reaching the bound
// prints "survived N MiB" and exits 3 (the limit did not hold).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv) {
    long max = argc > 1 ? atol(argv[1]) : 512;
    if (max < 1 || max > 4096) max = 512;
    const size_t chunk = 1 << 20;
    const long page = sysconf(_SC_PAGESIZE);
    for (long mib = 1; mib <= max; mib++) {
        char* p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            perror("mmap");
            return 4;
        }
        for (size_t off = 0; off < chunk; off += (size_t)page) p[off] = (char)mib;
        if (mib % 16 == 0) {
            printf("touched %ld MiB\n", mib);
            fflush(stdout);
        }
    }
    printf("survived %ld MiB\n", max);
    return 3;
}
