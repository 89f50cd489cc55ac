// Makes the calls whose structs, arrays and constants strace 6.1 decodes (issue 21), each with
// arguments that print the same in two runs, so that test_strace_structs.cpp can compare our
// log with strace's line by line: statfs, sleeps, poll/select/epoll, iovecs, signal masks and
// stacks, rusage/sysinfo/tms, capabilities, groups, prctl, ioctl on a pty and namespace fds,
// mremap, timers, flock, cpu sets, sched_attr, socket options and protocols.
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/// The kernel's struct sched_attr (no glibc wrapper before 2.41).
struct sched_attr_k {
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
    uint32_t util_min, util_max;
};

static void files(void) {
    struct statfs sfs;
    statfs("/proc", &sfs);
    int p[2];
    if (pipe(p) != 0) exit(1);
    fstatfs(p[0], &sfs);
    statfs("/nonexistent-struct-calls", &sfs);

    // iovecs
    char a[] = "hello", b[] = " world";
    struct iovec out[2] = {{a, 5}, {b, 6}};
    writev(p[1], out, 2);
    char ra[4], rb[16];
    struct iovec in[2] = {{ra, sizeof ra}, {rb, sizeof rb}};
    readv(p[0], in, 2);
    int f = open("struct_calls.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    pwritev(f, out, 2, 0);
    preadv(f, in, 2, 1);

    // poll / select / epoll
    write(p[1], "x", 1);
    struct pollfd pfd[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
    poll(pfd, 2, 0);
    struct timespec zero = {0, 0};
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    ppoll(pfd, 2, &zero, &mask);
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timeval tv0 = {0, 0};
    select(p[1] + 1, &rd, &wr, NULL, &tv0);
    FD_ZERO(&rd);
    FD_SET(f, &rd);
    struct timespec ts0 = {0, 0};
    pselect(f + 1, &rd, NULL, NULL, &ts0, NULL);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct epoll_event got[4];
    epoll_wait(ep, got, 4, 0);
    read(p[0], ra, 1);
    epoll_wait(ep, got, 4, 0);
    epoll_pwait(ep, got, 4, 0, &mask);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    char empty[1];
    struct pollfd quiet = {p[0], POLLIN, 0};
    poll(&quiet, 1, 0);

    // flock
    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    fcntl(f, F_SETLK, &lk);
    lk.l_type = F_RDLCK;
    fcntl(f, F_GETLK, &lk);
    lk.l_type = F_UNLCK;
    fcntl(f, F_SETLKW, &lk);
    (void)empty;
    unlink("struct_calls.tmp");
}

static void timers(void) {
    struct timespec req = {0, 1000}, rem;
    nanosleep(&req, NULL);
    nanosleep(&req, &rem);
    clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
    struct timespec past = {0, 0};
    clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &past, NULL);
    struct itimerval itv = {{0, 0}, {100, 0}}, oldv;
    setitimer(ITIMER_REAL, &itv, NULL);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, &oldv);
    getitimer(ITIMER_VIRTUAL, &oldv);
    struct timeval tv;
    syscall(SYS_gettimeofday, &tv, NULL);
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec its = {{0, 0}, {0, 0}}, oldits;
    timerfd_settime(tfd, 0, &its, &oldits);
    timerfd_gettime(tfd, &oldits);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR2;
    timer_t id;
    timer_create(CLOCK_MONOTONIC, &sev, &id);
    timer_delete(id);
    struct tms t;
    times(&t);
}

static void onSignal(int sig) { (void)sig; }

static void signals(void) {
    signal(SIGUSR2, onSignal);
    raise(SIGUSR2);  // the handler's return is rt_sigreturn({mask=[]})
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    static char stack[16384];
    stack_t ss = {.ss_sp = stack, .ss_flags = 0, .ss_size = sizeof stack}, oss;
    sigaltstack(&ss, NULL);
    sigaltstack(NULL, &oss);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
}

static void creds(void) {
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    syscall(SYS_capget, &hdr, data);
    syscall(SYS_capset, &hdr, data);
    gid_t groups[64];
    int n = getgroups(0, NULL);
    n = getgroups(64, groups);
    setgroups(n > 0 ? 1 : 0, groups);
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    gid_t gr, ge, gs;
    getresgid(&gr, &ge, &gs);
    prctl(PR_SET_NAME, "structs");
    char name[16];
    prctl(PR_GET_NAME, name);
    prctl(PR_SET_PDEATHSIG, SIGUSR2);
    int sig;
    prctl(PR_GET_PDEATHSIG, &sig);
    prctl(PR_SET_PDEATHSIG, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN);
    prctl(PR_GET_DUMPABLE);
}

static void resources(void) {
    pid_t c = fork();
    if (c == 0) _exit(3);
    int st;
    struct rusage ru;
    wait4(c, &st, 0, &ru);
    getrusage(RUSAGE_SELF, &ru);
    struct sysinfo si;
    sysinfo(&si);
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    sched_getaffinity(0, sizeof cpus, &cpus);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof one, &one);
    struct sched_attr_k attr;
    memset(&attr, 0, sizeof attr);
    syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0);
    syscall(SYS_sched_setattr, 0, &attr, 0);
    void* m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m = mremap(m, 4096, 8192, MREMAP_MAYMOVE);
    munmap(m, 8192);
}

static void terminals(void) {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(master);
    unlockpt(master);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    struct termios tio;
    ioctl(slave, TCGETS, &tio);
    ioctl(slave, TCSETS, &tio);
    ioctl(slave, TCSETSW, &tio);
    struct winsize ws = {.ws_row = 24, .ws_col = 80};
    ioctl(slave, TIOCSWINSZ, &ws);
    ioctl(slave, TIOCGWINSZ, &ws);
    pid_t pg;
    ioctl(slave, TIOCGPGRP, &pg);
    int avail;
    ioctl(master, FIONREAD, &avail);
    ioctl(master, FIOCLEX);
    ioctl(master, FIONCLEX);
    int ns = open("/proc/self/ns/net", O_RDONLY);
    ioctl(ns, NS_GET_NSTYPE);
    int user = ioctl(ns, NS_GET_USERNS);
    uid_t owner;
    ioctl(user, NS_GET_OWNER_UID, &owner);
    ioctl(user, NS_GET_PARENT);
    ioctl(ns, NS_GET_NSTYPE + 0x100);  // not a request strace knows
}

static void sockets(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int v;
    socklen_t len = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len);
    len = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len);
    len = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &len);
    struct linger lg = {1, 5};
    setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    len = sizeof lg;
    getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len);
    socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
    socket(AF_NETLINK, SOCK_DGRAM, 9);  // NETLINK_AUDIT
    socket(AF_UNIX, SOCK_STREAM, 0);
}

int main(void) {
    files();
    timers();
    signals();
    creds();
    resources();
    terminals();
    sockets();
    return 0;
}
