// Tests (oracle): i386 syscalls whose names exist only in the i386 table, made with int $0x80
// from a 64-bit process: getpid (20), open (5), _llseek (140), fstat64 (197), stat64 (195),
// close (6). On x86_64, 140 is getpriority, 197 removexattr and 195 setxattr, so both
// scratch-trace and strace must pick the names by the ABI of the call. Path: argv[1], default
// /etc/passwd. Prints SKIP and exits 0 when the kernel has no IA32 emulation.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf noEmulation;

static void onFault(int sig) {
    (void)sig;
    siglongjmp(noEmulation, 1);
}

static long int80(long nr, long a, long b, long c, long d, long e) {
    long ret;
    __asm__ volatile("int $0x80"
                     : "=a"(ret)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                     : "memory");
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
    if (int80(20, 0, 0, 0, 0, 0) == -38) {  // getpid: -ENOSYS without IA32 emulation
        printf("SKIP: int $0x80 returned ENOSYS (no IA32 emulation)\n");
        return 0;
    }
    // i386 pointers are 32 bits: the path and the out-buffers must live below 4 GiB.
    char* low =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED) return 1;
    strncpy(low, path, 1023);
    char* statBuf = low + 1024;  // struct stat64 is 96 bytes
    char* offset = low + 2048;   // loff_t
    const long lowAddr = (long)(unsigned long)low;
    long fd = int80(5, lowAddr, 0 /* O_RDONLY */, 0, 0, 0);                           // open
    long seek = int80(140, fd, 0, 0, (long)(unsigned long)offset, 2 /* SEEK_END */);  // _llseek
    long fstat = int80(197, fd, (long)(unsigned long)statBuf, 0, 0, 0);               // fstat64
    long stat = int80(195, lowAddr, (long)(unsigned long)statBuf, 0, 0, 0);           // stat64
    long closed = int80(6, fd, 0, 0, 0, 0);                                           // close
    printf("oracle_i386: open=%ld _llseek=%ld fstat64=%ld stat64=%ld close=%ld\n", fd, seek, fstat,
           stat, closed);
    return fd >= 0 && seek == 0 && fstat == 0 && stat == 0 && closed == 0 ? 0 : 1;
}
