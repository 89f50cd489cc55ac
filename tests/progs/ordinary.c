// Tests: an ordinary program doing every ordinary kind of thing a container workload does, none
// of which reaches the host: processes, threads, signals, pipes, sockets (a pair and a unix
// socket in /tmp), epoll, timerfd, eventfd, signalfd, inotify, memfd, mmap, futexes, its own
// seccomp filter, its stdin reopened through /proc/self/fd/0, its own namespace file, its own
// /proc/self/status and /proc/1/stat. A verdict other than `isolated` with no findings on it is
// a false alarm. Prints "ordinary: ok" and exits 0, or names the step that failed and exits 1.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHECK(cond, what)                                                        \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "ordinary: %s failed: %s\n", what, strerror(errno)); \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

static volatile sig_atomic_t gotUsr1 = 0;
static void onUsr1(int sig) {
    (void)sig;
    gotUsr1 = 1;
}

static int futexWord = 0;
static void* threadMain(void* arg) {
    (void)arg;
    __atomic_store_n(&futexWord, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &futexWord, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

static void readAll(const char* path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    CHECK(fd >= 0, path);
    char buf[4096];
    CHECK(read(fd, buf, sizeof buf) > 0, path);
    close(fd);
}

int main(void) {
    // Processes.
    pid_t child = fork();
    CHECK(child >= 0, "fork");
    if (child == 0) _exit(7);
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 7, "waitpid");

    // Threads and a futex.
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, threadMain, NULL) == 0, "pthread_create");
    while (__atomic_load_n(&futexWord, __ATOMIC_SEQ_CST) == 0) {
        syscall(SYS_futex, &futexWord, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    }
    CHECK(pthread_join(thread, NULL) == 0, "pthread_join");

    // Signals.
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = onUsr1;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction");
    CHECK(raise(SIGUSR1) == 0 && gotUsr1, "raise");

    // signalfd for SIGUSR2, blocked.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR2);
    CHECK(sigprocmask(SIG_BLOCK, &mask, NULL) == 0, "sigprocmask");
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    CHECK(sfd >= 0, "signalfd");
    CHECK(kill(getpid(), SIGUSR2) == 0, "kill");
    struct signalfd_siginfo si;
    CHECK(read(sfd, &si, sizeof si) == sizeof si && si.ssi_signo == SIGUSR2, "signalfd read");

    // Pipes and a socket pair.
    int p[2];
    CHECK(pipe2(p, O_CLOEXEC) == 0, "pipe2");
    CHECK(write(p[1], "x", 1) == 1, "pipe write");
    char c;
    CHECK(read(p[0], &c, 1) == 1, "pipe read");
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0, "socketpair");
    CHECK(write(sv[0], "y", 1) == 1 && read(sv[1], &c, 1) == 1, "socketpair io");

    // A unix socket in /tmp: listen, connect, accept.
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path, sizeof addr.sun_path, "/tmp/ordinary-%d.sock", (int)getpid());
    unlink(addr.sun_path);
    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(lfd >= 0, "socket");
    CHECK(bind(lfd, (struct sockaddr*)&addr, sizeof addr) == 0, "bind /tmp socket");
    CHECK(listen(lfd, 1) == 0, "listen");
    int cfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(connect(cfd, (struct sockaddr*)&addr, sizeof addr) == 0, "connect");
    int afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    CHECK(afd >= 0, "accept");
    CHECK(write(cfd, "z", 1) == 1 && read(afd, &c, 1) == 1, "unix socket io");

    // epoll over an eventfd and a timerfd.
    int efd = eventfd(0, EFD_CLOEXEC);
    CHECK(efd >= 0, "eventfd");
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    CHECK(tfd >= 0, "timerfd_create");
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = 1000000;
    CHECK(timerfd_settime(tfd, 0, &its, NULL) == 0, "timerfd_settime");
    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0, "epoll_create1");
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.fd = tfd;
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev) == 0, "epoll_ctl timerfd");
    ev.data.fd = efd;
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0, "epoll_ctl eventfd");
    uint64_t one = 1;
    CHECK(write(efd, &one, sizeof one) == sizeof one, "eventfd write");
    struct epoll_event got[2];
    CHECK(epoll_wait(ep, got, 2, 1000) >= 1, "epoll_wait");
    uint64_t ticks = 0;
    CHECK(read(tfd, &ticks, sizeof ticks) == sizeof ticks, "timerfd read");

    // inotify on /tmp.
    int ifd = inotify_init1(IN_CLOEXEC);
    CHECK(ifd >= 0, "inotify_init1");
    CHECK(inotify_add_watch(ifd, "/tmp", IN_CREATE) >= 0, "inotify_add_watch");

    // memfd, mmap, mprotect, munmap.
    int mfd = memfd_create("ordinary", MFD_CLOEXEC);
    CHECK(mfd >= 0, "memfd_create");
    CHECK(ftruncate(mfd, 4096) == 0, "ftruncate memfd");
    char* map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
    CHECK(map != MAP_FAILED, "mmap memfd");
    map[0] = 'm';
    CHECK(mprotect(map, 4096, PROT_READ) == 0, "mprotect");
    CHECK(munmap(map, 4096) == 0, "munmap");
    char* anon = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(anon != MAP_FAILED, "mmap anonymous");
    CHECK(munmap(anon, 8192) == 0, "munmap anonymous");

    // Its stdin reopened read-only, its own UTS namespace file, its own procfs.
    int in = open("/proc/self/fd/0", O_RDONLY | O_CLOEXEC);
    CHECK(in >= 0, "reopen /proc/self/fd/0");
    close(in);
    int uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    CHECK(uts >= 0, "open /proc/self/ns/uts");
    close(uts);
    readAll("/proc/self/status");
    readAll("/proc/1/stat");

    // Its own seccomp filter (allow everything), with no_new_privs as unprivileged programs do.
    struct sock_filter code[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_fprog prog = {.len = 1, .filter = code};
    CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, "no_new_privs");
    CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0, "seccomp");

    // A forked child after the filter, writing to a pipe, then the clean-up.
    child = fork();
    CHECK(child >= 0, "fork after seccomp");
    if (child == 0) _exit(write(p[1], "w", 1) == 1 ? 0 : 1);
    CHECK(waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 0, "waitpid 2");
    CHECK(unlink(addr.sun_path) == 0, "unlink socket");
    printf("ordinary: ok\n");
    return 0;
}
