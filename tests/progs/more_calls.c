// Makes the common calls of issue 21's last round of depth, each with arguments that print the
// same in two runs, so that test_strace_more_calls.cpp can compare our log with strace 6.1's
// line by line: waitid and its siginfo, rt_sigtimedwait and queued signals, the utime family,
// futex timeouts, inotify and fanotify masks, xattrs, preadv2/pwritev2, sendfile, splice, tee,
// copy_file_range, the sched_* parameters and policies, message queue attributes and getcpu.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static void waits(void) {
    siginfo_t si;
    struct rusage ru;
    pid_t c = fork();
    if (c == 0) _exit(0);
    memset(&si, 0, sizeof si);
    syscall(SYS_waitid, P_PID, c, &si, WEXITED, &ru);
    c = fork();
    if (c == 0) _exit(2);
    int pidfd = (int)syscall(SYS_pidfd_open, c, 0);
    syscall(SYS_waitid, P_PIDFD, pidfd, &si, WEXITED | WSTOPPED, NULL);
    close(pidfd);
    memset(&si, 0, sizeof si);
    syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL);  // ECHILD: none left

    // Queued and awaited signals.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    struct timespec none = {0, 1000};
    sigtimedwait(&set, &si, &none);  // EAGAIN: nothing pending
    union sigval value = {.sival_int = 42};
    sigqueue(getpid(), SIGUSR1, value);
    struct timespec zero = {0, 0};
    sigtimedwait(&set, &si, &zero);
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 7;
    syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), SIGUSR1, &si);
    sigwaitinfo(&set, NULL);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void times_of_files(void) {
    int f = open("more_calls.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    struct timespec ts[2] = {{1, 0}, {0, UTIME_NOW}};
    utimensat(AT_FDCWD, "more_calls.tmp", ts, 0);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {2, 500}};
    utimensat(AT_FDCWD, "more_calls.tmp", omit, AT_SYMLINK_NOFOLLOW);
    utimensat(AT_FDCWD, "more_calls.tmp", NULL, 0);
    futimens(f, ts);
    struct timeval tv[2] = {{3, 0}, {4, 5}};
    syscall(SYS_futimesat, AT_FDCWD, "more_calls.tmp", tv);
    utimes("more_calls.tmp", tv);
    struct utimbuf ub = {5, 6};
    utime("more_calls.tmp", &ub);
    utime("more_calls.tmp", NULL);
    syscall(SYS_utimes, "more_calls.tmp", tv);  // the libc's go through utimensat
    syscall(SYS_utime, "more_calls.tmp", &ub);
    syscall(SYS_utime, "more_calls.tmp", NULL);
    utimensat(AT_FDCWD, "missing-more_calls.tmp", ts, 0);
    close(f);
}

static void futexes(void) {
    static uint32_t word = 0;
    struct timespec shortWait = {0, 1000};
    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &shortWait, NULL, 0);  // EAGAIN
    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &shortWait, NULL, 0);  // ETIMEDOUT
    struct timespec past = {1, 0};
    syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &past, NULL,
            FUTEX_BITSET_MATCH_ANY);
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    struct futex_waitv waiter = {.val = 1, .uaddr = (uintptr_t)&word, .flags = FUTEX_32};
    struct timespec deadline = {0, 0};
    syscall(SYS_futex_waitv, &waiter, 1, 0, &deadline, CLOCK_MONOTONIC);  // EAGAIN
}

static void watches(void) {
    int in = inotify_init1(IN_CLOEXEC);
    inotify_add_watch(in, ".", IN_MODIFY | IN_CREATE | IN_DELETE);
    inotify_add_watch(in, "more_calls.tmp", IN_ALL_EVENTS | IN_ONESHOT);
    close(in);
    int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);
    if (fan >= 0) {
        fanotify_mark(fan, FAN_MARK_ADD, FAN_MODIFY | FAN_CLOSE_WRITE, AT_FDCWD, "more_calls.tmp");
        fanotify_mark(fan, FAN_MARK_REMOVE, FAN_MODIFY | FAN_CLOSE_WRITE, AT_FDCWD,
                      "more_calls.tmp");
        close(fan);
    }
}

static void xattrs(void) {
    setxattr("more_calls.tmp", "user.a", "value", 5, XATTR_CREATE);
    lsetxattr("more_calls.tmp", "user.b", "\x01\x02zz", 4, 0);
    setxattr("more_calls.tmp", "user.a", "again", 5, XATTR_CREATE);  // EEXIST
    int f = open("more_calls.tmp", O_RDONLY);
    fsetxattr(f, "user.a", "other", 5, XATTR_REPLACE);
    char buf[256];
    getxattr("more_calls.tmp", "user.a", NULL, 0);
    getxattr("more_calls.tmp", "user.a", buf, sizeof buf);
    lgetxattr("more_calls.tmp", "user.b", buf, sizeof buf);
    fgetxattr(f, "user.a", buf, 2);                            // ERANGE
    getxattr("more_calls.tmp", "user.none", buf, sizeof buf);  // ENODATA
    listxattr("more_calls.tmp", NULL, 0);
    listxattr("more_calls.tmp", buf, sizeof buf);
    llistxattr("more_calls.tmp", buf, sizeof buf);
    flistxattr(f, buf, sizeof buf);
    setxattr("more_calls.tmp", "user.c", "abc", 4, 0);  // with its NUL
    getxattr("more_calls.tmp", "user.c", buf, sizeof buf);
    static const char long_value[] = "0123456789012345678901234567890123456789";
    setxattr("more_calls.tmp", "user.d", long_value, 40, 0);
    getxattr("more_calls.tmp", "user.d", buf, sizeof buf);
    removexattr("more_calls.tmp", "user.b");
    close(f);
}

static void copies(void) {
    int f = open("more_calls.tmp", O_RDWR | O_TRUNC);
    char a[] = "hello", b[] = " world";
    struct iovec out[2] = {{a, 5}, {b, 6}};
    pwritev2(f, out, 2, 0, RWF_DSYNC | RWF_HIPRI);
    pwritev2(f, out, 1, -1, 0);
    char ra[4], rb[16];
    struct iovec in[2] = {{ra, sizeof ra}, {rb, sizeof rb}};
    preadv2(f, in, 2, 1, RWF_NOWAIT);
    preadv2(f, in, 2, 0x100000000LL, 0);
    int g = open("more_calls.out", O_RDWR | O_CREAT | O_TRUNC, 0600);
    off_t off = 0;
    sendfile(g, f, &off, 5);
    off = 100;
    sendfile(g, f, &off, 5);  // nothing there: the offset stays
    sendfile(g, f, NULL, 3);
    int p[2], q[2];
    if (pipe(p) != 0 || pipe(q) != 0) exit(1);
    loff_t in_off = 1;
    splice(f, &in_off, p[1], NULL, 4, SPLICE_F_MOVE | SPLICE_F_MORE);
    tee(p[0], q[1], 4, SPLICE_F_NONBLOCK);
    loff_t out_off = 2;
    splice(p[0], NULL, g, &out_off, 4, 0);
    loff_t from = 0, to = 20;
    copy_file_range(f, &from, g, &to, 6, 0);
    copy_file_range(f, NULL, g, NULL, 0, 0);
    struct iovec piece = {a, 5};
    vmsplice(p[1], &piece, 1, SPLICE_F_GIFT);
    close(g);
    close(f);
    unlink("more_calls.out");
}

static void scheduling(void) {
    struct sched_param sp = {.sched_priority = 0};
    sched_setparam(0, &sp);
    sched_getparam(0, &sp);
    sched_setscheduler(0, SCHED_OTHER, &sp);
    sched_getscheduler(0);
    syscall(SYS_sched_setscheduler, 0, SCHED_BATCH | SCHED_RESET_ON_FORK, &sp);
    sched_getscheduler(0);
    syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
    sched_get_priority_max(SCHED_FIFO);
    sched_get_priority_min(SCHED_RR);
    struct timespec rr;
    sched_rr_get_interval(0, &rr);
    unsigned cpu, node;
    syscall(SYS_getcpu, &cpu, &node, NULL);
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 16};
    mqd_t mq = mq_open("/more_calls", O_RDWR | O_CREAT, 0600, &attr);
    if (mq != (mqd_t)-1) {
        struct mq_attr now;
        mq_getattr(mq, &now);
        struct mq_attr nonblock = {.mq_flags = O_NONBLOCK};
        mq_setattr(mq, &nonblock, &now);
        struct timespec soon = {0, 0};
        mq_timedsend(mq, "ping", 4, 1, &soon);
        char msg[16];
        unsigned prio;
        mq_timedreceive(mq, msg, sizeof msg, &prio, &soon);
        struct sigevent notify;
        memset(&notify, 0, sizeof notify);
        notify.sigev_notify = SIGEV_SIGNAL;
        notify.sigev_signo = SIGUSR2;
        mq_notify(mq, &notify);
        mq_notify(mq, NULL);
        mq_close(mq);
        mq_unlink("/more_calls");
    }
}

int main(void) {
    waits();
    times_of_files();
    futexes();
    watches();
    xattrs();
    copies();
    scheduling();
    unlink("more_calls.tmp");
    return 0;
}
