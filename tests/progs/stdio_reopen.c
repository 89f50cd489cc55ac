// Tests: what an ordinary program does with its standard streams and its own namespaces, none
// of it a leak: reopens stdin through /proc/self/fd/0 read-only and stdout through
// /proc/self/fd/1 for writing, and opens /proc/self/ns/uts (the container's own namespace).
// With argv[1] == "wider" it also reopens stdin read-write: more than it was given.
// Prints one line per open; exits 0.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void try(const char* path, int flags) {
    int fd = open(path, flags);
    printf("open(%s) = %s\n", path, fd >= 0 ? "ok" : strerror(errno));
    if (fd >= 0) close(fd);
}

int main(int argc, char** argv) {
    try("/proc/self/fd/0", O_RDONLY);
    try("/proc/self/fd/1", O_WRONLY);
    try("/proc/self/ns/uts", O_RDONLY);
    if (argc > 1 && strcmp(argv[1], "wider") == 0) try("/proc/self/fd/0", O_RDWR);
    return 0;
}
