// Makes, with int $0x80 from a 64-bit process, the i386 calls whose structs strace 6.1 decodes
// in the i386 layout (issue 21): stat/stat64 and friends, statfs/statfs64, timespec (32-bit and
// the *_time64 calls' 64-bit one), timeval, rlimit (32-bit; prlimit64's 64-bit), rt_sigaction
// and the old sigaction, iovecs, utsname, sysinfo, tms, rusage, pollfd, sockaddr, msghdr,
// stack_t, itimerval and _newselect; the old select's struct of arguments, 16-bit and 32-bit
// ids and gid arrays, socket options, an fd_set of 4-byte longs ending a mapping, and arrays
// longer than -s (pollfds, epoll events, gids; on x86_64 too), each with arguments that print the
// same in two runs, so that tests/integration/test_strace_i386.cpp can compare our log with
// strace's line by line. Everything the kernel reads or writes lives below 4 GiB (MAP_32BIT): i386
// pointers are 32 bits. Works in the current directory. Prints SKIP and exits 0 without IA32
// emulation.
#define _GNU_SOURCE
#include <grp.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

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

/// The same with a sixth argument, which i386 passes in ebp (saved around the call, below the
/// red zone).
static long int80six(long nr, long a, long b, long c, long d, long e, long f) {
    long ret;
    __asm__ volatile(
        "sub $128, %%rsp\n\tpush %%rbp\n\tmov %7, %%rbp\n\tint $0x80\n\tpop %%rbp\n\t"
        "add $128, %%rsp"
        : "=a"(ret)
        : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "r"(f)
        : "memory");
    return ret;
}

/// The low pages every argument is carved from.
static char* low;
static size_t used;

/// `size` zeroed bytes below 4 GiB, as an i386 pointer value.
static long lowAlloc(size_t size) {
    char* p = low + used;
    used += (size + 15) & ~(size_t)15;
    memset(p, 0, size);
    return (long)(uintptr_t)p;
}

static long lowString(const char* s) {
    const long p = lowAlloc(strlen(s) + 1);
    strcpy((char*)(uintptr_t)p, s);
    return p;
}

static void* at(long p) { return (void*)(uintptr_t)p; }

/// The i386 structs the program fills.
struct iovec32 {
    uint32_t base, len;
};
struct timespec32 {
    int32_t sec, nsec;
};
struct timespec64 {
    int64_t sec, nsec;
};
struct rlimit32 {
    uint32_t cur, max;
};
struct sigaction32 {
    uint32_t handler, flags, restorer;
    uint32_t mask[2];
};
struct old_sigaction32 {
    uint32_t handler, mask, flags, restorer;
};
struct stack32 {
    uint32_t sp;
    int32_t flags;
    uint32_t size;
};
struct itimerval32 {
    struct {
        int32_t sec, usec;
    } interval, value;
};
struct msghdr32 {
    uint32_t name, namelen, iov, iovlen, control, controllen, flags;
};
struct pollfd32 {
    int32_t fd;
    int16_t events, revents;
};

enum {
    NR_exit = 1,
    NR_read = 3,
    NR_open = 5,
    NR_close = 6,
    NR_unlink = 10,
    NR_lseek = 19,
    NR_access = 33,
    NR_pipe = 42,
    NR_times = 43,
    NR_setrlimit = 75,
    NR_getrlimit = 76,
    NR_getrusage = 77,
    NR_gettimeofday = 78,
    NR_statfs = 99,
    NR_fstatfs = 100,
    NR_setitimer = 104,
    NR_getitimer = 105,
    NR_stat = 106,
    NR_lstat = 107,
    NR_fstat = 108,
    NR_wait4 = 114,
    NR_sysinfo = 116,
    NR_sigaction = 67,
    NR_uname = 122,
    NR_newselect = 142,
    NR_readv = 145,
    NR_writev = 146,
    NR_nanosleep = 162,
    NR_poll = 168,
    NR_rt_sigaction = 174,
    NR_sigaltstack = 186,
    NR_ugetrlimit = 191,
    NR_stat64 = 195,
    NR_lstat64 = 196,
    NR_fstat64 = 197,
    NR_clock_gettime = 265,
    NR_clock_getres = 266,
    NR_clock_nanosleep = 267,
    NR_statfs64 = 268,
    NR_fstatfs64 = 269,
    NR_fstatat64 = 300,
    NR_preadv = 333,
    NR_pwritev = 334,
    NR_prlimit64 = 340,
    NR_timer_create = 259,
    NR_timer_delete = 263,
    NR_pselect6 = 308,
    NR_pselect6_time64 = 413,
    NR_socket = 359,
    NR_socketpair = 360,
    NR_bind = 361,
    NR_getsockname = 367,
    NR_sendmsg = 370,
    NR_clock_gettime64 = 403,
    NR_clock_getres_time64 = 406,
    NR_clock_nanosleep_time64 = 407,
    NR_getgroups = 80,
    NR_setgroups = 81,
    NR_select = 82,
    NR_getresuid = 165,
    NR_getresgid = 171,
    NR_getgroups32 = 205,
    NR_setgroups32 = 206,
    NR_getresuid32 = 209,
    NR_getresgid32 = 211,
    NR_getsockopt = 365,
    NR_setsockopt = 366,
};

static void files(void) {
    const long name = lowString("i386_structs.tmp");
    const long fd = int80(NR_open, name, 0102 | 01000 /* O_RDWR|O_CREAT|O_TRUNC */, 0600, 0, 0);
    struct iovec32* out = at(lowAlloc(2 * sizeof *out));
    out[0] = (struct iovec32){(uint32_t)lowString("hello"), 5};
    out[1] = (struct iovec32){(uint32_t)lowString(" world\n"), 7};
    int80(NR_writev, fd, (long)(uintptr_t)out, 2, 0, 0);
    // Bytes that -x shows in hex.
    const long bin = lowAlloc(8);
    memcpy(at(bin), "\x01\x02hi\xff", 5);
    struct iovec32* one = at(lowAlloc(sizeof *one));
    *one = (struct iovec32){(uint32_t)bin, 5};
    int80(NR_pwritev, fd, (long)(uintptr_t)one, 1, 100, 0);
    int80(NR_lseek, fd, 0, 0 /* SEEK_SET */, 0, 0);
    struct iovec32* in = at(lowAlloc(2 * sizeof *in));
    in[0] = (struct iovec32){(uint32_t)lowAlloc(4), 4};
    in[1] = (struct iovec32){(uint32_t)lowAlloc(16), 16};
    int80(NR_readv, fd, (long)(uintptr_t)in, 2, 0, 0);
    int80(NR_preadv, fd, (long)(uintptr_t)one, 1, 100, 0);

    const long st = lowAlloc(144);
    const long devNull = lowString("/dev/null");
    int80(NR_stat64, name, st, 0, 0, 0);
    int80(NR_lstat64, name, st, 0, 0, 0);
    int80(NR_fstat64, fd, st, 0, 0, 0);
    int80(NR_fstatat64, -100 /* AT_FDCWD */, name, st, 0, 0);
    int80(NR_stat64, devNull, st, 0, 0, 0);
    int80(NR_stat64, lowString("i386_structs.missing"), st, 0, 0, 0);
    int80(NR_stat, name, st, 0, 0, 0);
    int80(NR_lstat, devNull, st, 0, 0, 0);
    int80(NR_fstat, fd, st, 0, 0, 0);

    // /proc's counts do not move between two runs, a disk's free blocks do.
    const long proc = lowString("/proc");
    const long sfs = lowAlloc(128);
    const long procFd = int80(NR_open, proc, 0200000 /* O_RDONLY|O_DIRECTORY */, 0, 0, 0);
    int80(NR_statfs, proc, sfs, 0, 0, 0);
    int80(NR_fstatfs, procFd, sfs, 0, 0, 0);
    int80(NR_statfs64, proc, 84, sfs, 0, 0);
    int80(NR_fstatfs64, procFd, 84, sfs, 0, 0);
    int80(NR_fstatfs64, procFd, 88, sfs, 0, 0);  // EINVAL: not the i386 struct's size
    int80(NR_close, procFd, 0, 0, 0, 0);
    int80(NR_close, fd, 0, 0, 0, 0);
    int80(NR_unlink, name, 0, 0, 0, 0);
}

static void times32(void) {
    struct timespec32* req = at(lowAlloc(sizeof *req));
    *req = (struct timespec32){0, 1000};
    const long rem = lowAlloc(sizeof(struct timespec32));
    int80(NR_nanosleep, (long)(uintptr_t)req, rem, 0, 0, 0);
    int80(NR_clock_nanosleep, 1 /* CLOCK_MONOTONIC */, 0, (long)(uintptr_t)req, rem, 0);
    struct timespec64* req64 = at(lowAlloc(sizeof *req64));
    *req64 = (struct timespec64){0, 2000};
    const long rem64 = lowAlloc(sizeof(struct timespec64));
    int80(NR_clock_nanosleep_time64, 1, 0, (long)(uintptr_t)req64, rem64, 0);
    const long ts = lowAlloc(16);
    int80(NR_clock_getres, 1, ts, 0, 0, 0);
    int80(NR_clock_getres_time64, 1, ts, 0, 0, 0);
    int80(NR_clock_gettime, 1, ts, 0, 0, 0);
    int80(NR_clock_gettime64, 1, ts, 0, 0, 0);
    int80(NR_gettimeofday, lowAlloc(8), 0, 0, 0, 0);
    struct itimerval32* itv = at(lowAlloc(sizeof *itv));
    itv->value.sec = 100;
    const long old = lowAlloc(sizeof *itv);
    int80(NR_setitimer, 0 /* ITIMER_REAL */, (long)(uintptr_t)itv, 0, 0, 0);
    itv->value.sec = 0;
    int80(NR_setitimer, 0, (long)(uintptr_t)itv, old, 0, 0);
    int80(NR_getitimer, 1 /* ITIMER_VIRTUAL */, old, 0, 0, 0);
    int80(NR_times, lowAlloc(16), 0, 0, 0, 0);
    // compat_sigevent: sigev_value, signo, notify, then the union.
    int32_t* sev = at(lowAlloc(64));
    sev[1] = 12; /* SIGUSR2 */
    sev[2] = 0;  /* SIGEV_SIGNAL */
    int32_t* id = at(lowAlloc(4));
    int80(NR_timer_create, 1, (long)(uintptr_t)sev, (long)(uintptr_t)id, 0, 0);
    int80(NR_timer_delete, *id, 0, 0, 0, 0);
}

static void limits(void) {
    const long rl = lowAlloc(sizeof(struct rlimit32));
    int80(NR_getrlimit, 7 /* RLIMIT_NOFILE */, rl, 0, 0, 0);
    int80(NR_setrlimit, 7, rl, 0, 0, 0);
    int80(NR_ugetrlimit, 3 /* RLIMIT_STACK */, rl, 0, 0, 0);
    int80(NR_ugetrlimit, 9 /* RLIMIT_AS */, rl, 0, 0, 0);
    struct rlimit32* fsize = at(lowAlloc(sizeof *fsize));
    *fsize = (struct rlimit32){0xffffffffU, 0xffffffffU};
    int80(NR_setrlimit, 1 /* RLIMIT_FSIZE */, (long)(uintptr_t)fsize, 0, 0, 0);
    const long rl64 = lowAlloc(16);
    int80(NR_prlimit64, 0, 7, 0, rl64, 0);
    int80(NR_prlimit64, 0, 3, 0, rl64, 0);
    int80(NR_uname, lowAlloc(65 * 6), 0, 0, 0, 0);
    int80(NR_sysinfo, lowAlloc(64), 0, 0, 0, 0);
    int80(NR_getrusage, 0 /* RUSAGE_SELF */, lowAlloc(72), 0, 0, 0);
    const pid_t child = fork();
    if (child == 0) _exit(3);
    // A zombie first, so that wait4 does not block (strace would split its line).
    siginfo_t info;
    waitid(P_PID, (id_t)child, &info, WEXITED | WNOWAIT);
    int80(NR_wait4, child, lowAlloc(4), 0, lowAlloc(72), 0);
}

static void signals32(void) {
    struct sigaction32* act = at(lowAlloc(sizeof *act));
    // A handler that never runs (SIGUSR1 is not sent): only its address is shown.
    *act = (struct sigaction32){0x12345678,
                                0x14000000 /* SA_RESTORER|SA_RESTART */,
                                0x12345600,
                                {1U << (12 - 1) /* SIGUSR2 */, 0}};
    const long old = lowAlloc(sizeof *act);
    int80(NR_rt_sigaction, 10 /* SIGUSR1 */, (long)(uintptr_t)act, old, 8, 0);
    *act = (struct sigaction32){1 /* SIG_IGN */, 0, 0, {0, 0}};
    int80(NR_rt_sigaction, 10, (long)(uintptr_t)act, old, 8, 0);
    *act = (struct sigaction32){0 /* SIG_DFL */, 0, 0, {0, 0}};
    int80(NR_rt_sigaction, 10, (long)(uintptr_t)act, 0, 8, 0);
    // The old sigaction: a 32-bit mask before the flags.
    struct old_sigaction32* oact = at(lowAlloc(sizeof *oact));
    *oact = (struct old_sigaction32){0x12345678, 1U << (12 - 1), 0x14000000, 0x12345600};
    const long oold = lowAlloc(sizeof *oact);
    int80(NR_sigaction, 10, (long)(uintptr_t)oact, oold, 0, 0);
    int80(NR_sigaction, 10, 0, oold, 0, 0);
    *oact = (struct old_sigaction32){0, 0, 0, 0};
    int80(NR_sigaction, 10, (long)(uintptr_t)oact, 0, 0, 0);
    struct stack32* ss = at(lowAlloc(sizeof *ss));
    *ss = (struct stack32){(uint32_t)lowAlloc(16384), 0, 16384};
    const long oss = lowAlloc(sizeof *ss);
    int80(NR_sigaltstack, (long)(uintptr_t)ss, 0, 0, 0, 0);
    int80(NR_sigaltstack, 0, oss, 0, 0, 0);
    ss->flags = 2; /* SS_DISABLE */
    int80(NR_sigaltstack, (long)(uintptr_t)ss, 0, 0, 0, 0);
}

static void descriptors(void) {
    int32_t* fds = at(lowAlloc(8));
    int80(NR_pipe, (long)(uintptr_t)fds, 0, 0, 0, 0);
    struct pollfd32* pfd = at(lowAlloc(2 * sizeof *pfd));
    pfd[0] = (struct pollfd32){fds[0], 1 /* POLLIN */, 0};
    pfd[1] = (struct pollfd32){fds[1], 4 /* POLLOUT */, 0};
    int80(NR_poll, (long)(uintptr_t)pfd, 2, 0, 0, 0);
    uint32_t* rd = at(lowAlloc(128));
    uint32_t* wr = at(lowAlloc(128));
    rd[0] = 1U << fds[0];
    wr[0] = 1U << fds[1];
    const long tv = lowAlloc(8);
    int80(NR_newselect, fds[1] + 1, (long)(uintptr_t)rd, (long)(uintptr_t)wr, 0, tv);
    // pselect6's {sigmask, sigsetsize} pair is two 32-bit words; its timespec 32-bit, the
    // time64 form's 64-bit.
    uint32_t* mask = at(lowAlloc(8));
    mask[0] = 1U << (10 - 1); /* SIGUSR1 */
    uint32_t* maskPair = at(lowAlloc(8));
    maskPair[0] = (uint32_t)(uintptr_t)mask;
    maskPair[1] = 8;
    rd[0] = 1U << fds[0];
    int80six(NR_pselect6, fds[1] + 1, (long)(uintptr_t)rd, (long)(uintptr_t)wr, 0, lowAlloc(8),
             (long)(uintptr_t)maskPair);
    rd[0] = 1U << fds[0];
    wr[0] = 1U << fds[1];
    int80six(NR_pselect6_time64, fds[1] + 1, (long)(uintptr_t)rd, (long)(uintptr_t)wr, 0,
             lowAlloc(16), (long)(uintptr_t)maskPair);
    int80(NR_close, fds[0], 0, 0, 0, 0);
    int80(NR_close, fds[1], 0, 0, 0, 0);

    const long sock = int80(NR_socket, 1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0, 0, 0);
    char* sun = at(lowAlloc(110));
    sun[0] = 1;  // sun_family = AF_UNIX
    strcpy(sun + 2, "i386_structs.sock");
    int80(NR_bind, sock, (long)(uintptr_t)sun, 2 + (long)strlen(sun + 2) + 1, 0, 0);
    const long got = lowAlloc(110);
    int32_t* len = at(lowAlloc(4));
    *len = 110;
    int80(NR_getsockname, sock, got, (long)(uintptr_t)len, 0, 0);
    int80(NR_close, sock, 0, 0, 0, 0);
    int80(NR_unlink, (long)(uintptr_t)(sun + 2), 0, 0, 0, 0);
    int32_t* pair = at(lowAlloc(8));
    int80(NR_socketpair, 1, 1, 0, (long)(uintptr_t)pair, 0);
    struct iovec32* iov = at(lowAlloc(sizeof *iov));
    *iov = (struct iovec32){(uint32_t)lowString("ping"), 4};
    struct msghdr32* msg = at(lowAlloc(sizeof *msg));
    *msg = (struct msghdr32){0, 0, (uint32_t)(uintptr_t)iov, 1, 0, 0, 0};
    int80(NR_sendmsg, pair[0], (long)(uintptr_t)msg, 0, 0, 0);
    int80(NR_close, pair[0], 0, 0, 0, 0);
    int80(NR_close, pair[1], 0, 0, 0, 0);
}

/// i386's old select: one pointer to {n, inp, outp, exp, tvp}; the other registers hold junk
/// that is no argument. Then an fd_set of 20 fds in the last 4 bytes of a mapping (the kernel
/// reads it as one 4-byte long).
static void oldSelect(void) {
    int32_t* fds = at(lowAlloc(8));
    int80(NR_pipe, (long)(uintptr_t)fds, 0, 0, 0, 0);
    uint32_t* rd = at(lowAlloc(8));
    uint32_t* wr = at(lowAlloc(8));
    const long tv = lowAlloc(8);
    uint32_t* sel = at(lowAlloc(20));
    rd[0] = 1U << fds[0];
    wr[0] = 1U << fds[1];
    sel[0] = (uint32_t)fds[1] + 1;
    sel[1] = (uint32_t)(uintptr_t)rd;
    sel[2] = (uint32_t)(uintptr_t)wr;
    sel[4] = (uint32_t)tv;
    int80(NR_select, (long)(uintptr_t)sel, 0x11111111, 0x2222, 0x3333, (long)(uintptr_t)sel);
    rd[0] = 1U << fds[0];
    wr[0] = 1U << fds[1];
    sel[4] = 0;
    int80(NR_select, (long)(uintptr_t)sel, 0, 0, 0, 0);
    int80(NR_select, 0, 0, 0, 0, 0);
    char* page =
        mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (page != MAP_FAILED) {
        munmap(page + 4096, 4096);
        uint32_t* last = (uint32_t*)(page + 4096 - 4);
        *last = 1U << fds[1];
        int80(NR_newselect, 20, 0, (long)(uintptr_t)last, 0, 0);
    }
    int80(NR_close, fds[0], 0, 0, 0, 0);
    int80(NR_close, fds[1], 0, 0, 0, 0);
}

/// The 16-bit credential calls and their *32 forms: gid arrays of 2 and 4 bytes, getresuid's
/// 16-bit ids (a word of junk after the last, which a 4-byte read would show).
static void credentials(void) {
    uint16_t* g16 = at(lowAlloc(80));
    uint32_t* g32 = at(lowAlloc(160));
    for (int i = 0; i < 40; ++i) {
        g16[i] = (uint16_t)i;
        g32[i] = 100U + (uint32_t)i;
    }
    int80(NR_setgroups, 40, (long)(uintptr_t)g16, 0, 0, 0);
    int80(NR_getgroups, 0, 0, 0, 0, 0);
    memset(g16, 0, 80);
    int80(NR_getgroups, 40, (long)(uintptr_t)g16, 0, 0, 0);
    int80(NR_setgroups32, 2, (long)(uintptr_t)g32, 0, 0, 0);
    int80(NR_getgroups32, 40, (long)(uintptr_t)g32, 0, 0, 0);
    g16[0] = 0xffff;
    int80(NR_setgroups, 1, (long)(uintptr_t)g16, 0, 0, 0);
    int80(NR_setgroups32, 0, 0, 0, 0, 0);
    uint16_t* id16 = at(lowAlloc(8));
    id16[3] = 0xabcd;
    int80(NR_getresuid, (long)(uintptr_t)id16, (long)(uintptr_t)(id16 + 1),
          (long)(uintptr_t)(id16 + 2), 0, 0);
    int80(NR_getresgid, (long)(uintptr_t)id16, (long)(uintptr_t)(id16 + 1),
          (long)(uintptr_t)(id16 + 2), 0, 0);
    uint32_t* id32 = at(lowAlloc(12));
    int80(NR_getresuid32, (long)(uintptr_t)id32, (long)(uintptr_t)(id32 + 1),
          (long)(uintptr_t)(id32 + 2), 0, 0);
    int80(NR_getresgid32, (long)(uintptr_t)id32, (long)(uintptr_t)(id32 + 1),
          (long)(uintptr_t)(id32 + 2), 0, 0);
}

/// Socket options through i386's direct socket calls.
static void socketOptions(void) {
    const long sock = int80(NR_socket, 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0, 0, 0);
    int32_t* one = at(lowAlloc(4));
    *one = 1;
    int80(NR_setsockopt, sock, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, (long)(uintptr_t)one, 4);
    int32_t* value = at(lowAlloc(8));
    int32_t* len = at(lowAlloc(4));
    *len = 4;
    int80(NR_getsockopt, sock, 1, 2, (long)(uintptr_t)value, (long)(uintptr_t)len);
    *len = 8;
    int80(NR_getsockopt, sock, 1, 7 /* SO_SNDBUF */, (long)(uintptr_t)value, (long)(uintptr_t)len);
    int80(NR_close, sock, 0, 0, 0, 0);
}

/// Arrays longer than -s 32: strace shows 32 elements, then "...". 40 pollfds (i386 and
/// x86_64), 40 epoll events and 40 gids (x86_64).
static void longArrays(void) {
    int32_t* fds = at(lowAlloc(8));
    int80(NR_pipe, (long)(uintptr_t)fds, 0, 0, 0, 0);
    struct pollfd32* many = at(lowAlloc(40 * sizeof *many));
    struct pollfd native[40];
    for (int i = 0; i < 40; ++i) {
        many[i] = (struct pollfd32){fds[1], 4 /* POLLOUT */, 0};
        native[i] = (struct pollfd){fds[1], POLLOUT, 0};
    }
    int80(NR_poll, (long)(uintptr_t)many, 40, 0, 0, 0);
    poll(native, 40, 0);
    const int ep = epoll_create1(0);
    for (int i = 0; i < 40; ++i) {
        const int fd = dup(fds[1]);
        struct epoll_event ev = {.events = EPOLLOUT, .data = {.u64 = (uint64_t)i}};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    struct epoll_event out[64];
    epoll_wait(ep, out, 64, 0);
    gid_t groups[64];
    for (int i = 0; i < 40; ++i) groups[i] = (gid_t)i;
    setgroups(40, groups);
    getgroups(64, groups);
}

int main(void) {
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
    low =
        mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (low == MAP_FAILED) return 1;
    // The first compared line: access("i386_structs.begin", F_OK) = -1 ENOENT.
    int80(NR_access, lowString("i386_structs.begin"), 0, 0, 0, 0);
    files();
    times32();
    limits();
    signals32();
    descriptors();
    oldSelect();
    credentials();
    socketOptions();
    longArrays();
    printf("i386_structs: done\n");
    return 0;
}
