// Tests: the tracer's reads of tracee memory read what the kernel would, and from the right
// address space. A reader that keeps per-task state (a /proc/TID/mem file opened after a few
// reads was tried: it reads PROT_NONE memory, FOLL_FORCE, and stays bound to the address space
// it was opened on) goes wrong in exactly these places. Run without arguments:
//   1. warms up: 16 writes of a readable buffer, so that such per-task state is in use;
//   2. PROT_NONE: a page holding "/tmp/mem-reads-prot-none" is made PROT_NONE, then write()
//      and open() are given it: both fail with EFAULT, and the report must not show what the
//      kernel could not read. The page is made readable again and written once more (the
//      same bytes, now visible);
//   3. vfork: the child writes 10 times through the parent's memory, then execs this program
//      with "child", which writes "child-after-exec" 10 times from its own memory (the same
//      address as the parent's "parent-memory": static, not PIE): reads after the exec must
//      see the new address space, although the old one lives on in the parent.
// Exit 0 when the kernel behaved as described.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static char marker[32];

int main(int argc, char** argv) {
    const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0) return 2;
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        strcpy(marker, "child-after-exec");
        for (int i = 0; i < 10; ++i)
            if (write(null, marker, strlen(marker)) < 0) return 3;
        return 0;
    }
    for (int i = 0; i < 16; ++i)
        if (write(null, "warm-up", 7) != 7) return 4;

    // A pipe, not /dev/null: /dev/null's write never reads the buffer, so it cannot fail.
    int sink[2];
    if (pipe(sink) != 0) return 5;
    const char secret[] = "/tmp/mem-reads-prot-none";
    char* page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return 5;
    memcpy(page, secret, sizeof secret);
    if (mprotect(page, 4096, PROT_NONE) != 0) return 6;
    errno = 0;
    if (write(sink[1], page, sizeof secret - 1) != -1 || errno != EFAULT) return 7;
    errno = 0;
    if (open(page, O_RDONLY) != -1 || errno != EFAULT) return 8;
    if (mprotect(page, 4096, PROT_READ) != 0) return 9;
    if (write(sink[1], page, sizeof secret - 1) != (ssize_t)(sizeof secret - 1)) return 10;

    strcpy(marker, "parent-memory");
    const pid_t child = vfork();
    if (child == 0) {
        for (int i = 0; i < 10; ++i)
            if (write(null, "child-before-exec", 17) != 17) _exit(11);
        char* const args[] = {argv[0], "child", NULL};
        execv("/proc/self/exe", args);
        _exit(12);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child) return 13;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 14;
}
