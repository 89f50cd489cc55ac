// Tests: syscalls no table knows are shown as strace shows them, `syscall_0x1c9(0x1, ...)`: 457
// (statmount since Linux 6.8, unknown to strace 6.1 and libseccomp 2.5) and 100000, which no
// kernel has. Both with the arguments 1..6 so the six hex arguments are visible.
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    const long a = syscall(457, 1, 2, 3, 4, 5, 6);
    const long b = syscall(100000, 1, 2, 3, 4, 5, 6);
    printf("unknown syscalls returned %ld and %ld\n", a, b);
    return 0;
}
