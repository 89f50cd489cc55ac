// Tests: i386 syscalls from a 64-bit process (int $0x80). The numbers mean i386 syscalls
// (20 getpid, 5 open, 6 close), not x86_64 ones (20 is writev, 5 fstat, 6 lstat there): the
// tracer must name them by the arch PTRACE_GET_SYSCALL_INFO reports. Path: argv[1], default
// /etc/passwd. Prints SKIP and exits 0 when the kernel has no IA32 emulation.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf noEmulation;

static void onFault(int sig) {
    (void)sig;
    siglongjmp(noEmulation, 1);
}

static long int80(long nr, long a, long b, long c) {
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return ret;
}

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : "/etc/passwd";
    signal(SIGSEGV, onFault);
    signal(SIGILL, onFault);
    if (sigsetjmp(noEmulation, 1)) {
        printf("SKIP: int $0x80 faulted (no IA32 emulation)\n");
        return 0;
    }
    long pid = int80(20, 0, 0, 0);  // i386 getpid
    if (pid == -38) {               // -ENOSYS
        printf("SKIP: int $0x80 returned ENOSYS (no IA32 emulation)\n");
        return 0;
    }
    // i386 pointers are 32 bits: the path must live below 4 GiB.
    char* low =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED) return 1;
    strncpy(low, path, 4095);
    long fd = int80(5, (long)(unsigned long)low, 0 /* O_RDONLY */, 0);  // i386 open
    long closed = fd >= 0 ? int80(6, fd, 0, 0) : -1;                    // i386 close
    printf("int80: getpid=%ld (libc says %d) open(%s)=%ld close=%ld\n", pid, (int)getpid(), path,
           fd, closed);
    return pid == getpid() && fd >= 0 && closed == 0 ? 0 : 1;
}
