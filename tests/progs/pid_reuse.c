// Tests: pid reuse within one run. A child reports its pids (host and container: the NSpid line
// of /proc/self/status) and exits; once it is reaped, clone3 with set_tid asks the kernel for
// the very same pids for the next child, so one host pid has several incarnations. Each
// incarnation K opens DIR/incarnation-K and exits with status K: a tracer that keeps stale
// per-pid state attributes opens or exits to the wrong incarnation. Then a tight fork/exit loop
// (argv[2] forks) looks for natural reuse. Prints "SKIP" when set_tid is refused.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char* dir;

/// Host pid and namespace pid of the caller, from NSpid (one or more numbers, outermost first).
static void myPids(long* host, long* ns) {
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    if (fd >= 0) close(fd);
    *host = *ns = 0;
    if (n <= 0) return;
    buf[n] = 0;
    char* line = strstr(buf, "\nNSpid:");
    if (!line) return;
    char* p = line + 7;
    *host = strtol(p, &p, 10);
    *ns = *host;
    while (*p == '\t' || *p == ' ') {
        char* end;
        long v = strtol(p, &end, 10);
        if (end == p) break;
        *ns = v;
        p = end;
    }
}

/// The child's body: report pids through fd, open the incarnation's file, exit K.
static void incarnation(int k, int fd) {
    long host, ns;
    myPids(&host, &ns);
    char msg[64];
    int len = snprintf(msg, sizeof msg, "%ld %ld\n", host, ns);
    (void)!write(fd, msg, len);
    char path[4096];
    snprintf(path, sizeof path, "%s/incarnation-%d", dir, k);
    int f = open(path, O_RDONLY);
    if (f >= 0) close(f);
    _exit(k);
}

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    dir = argv[1];
    int loops = argc > 2 ? atoi(argv[2]) : 200;
    int fds[2];
    if (pipe(fds) != 0) return 2;
    const int kIncarnations = 5;
    long host = 0, ns = 0;
    int ok = 1;
    for (int k = 1; k <= kIncarnations; k++) {
        pid_t pid;
        if (k == 1) {
            pid = fork();
        } else {
            pid_t tids[2] = {(pid_t)ns, (pid_t)host};  // innermost namespace first
            struct clone_args args;
            memset(&args, 0, sizeof args);
            args.exit_signal = SIGCHLD;
            args.set_tid = (uint64_t)(uintptr_t)tids;
            args.set_tid_size = ns != host ? 2 : 1;
            if (ns == host) tids[0] = (pid_t)host;
            pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
            if (pid < 0) {
                printf("pid_reuse: SKIP clone3 set_tid: %s\n", strerror(errno));
                return 0;
            }
        }
        if (pid == 0) incarnation(k, fds[1]);
        char line[64] = {0};
        ssize_t n = read(fds[0], line, sizeof line - 1);
        long h = 0, s = 0;
        if (n > 0) sscanf(line, "%ld %ld", &h, &s);
        int status = 0;
        waitpid(pid, &status, 0);
        if (k == 1) {
            host = h;
            ns = s;
        }
        int same = h == host && s == ns && pid == s;
        ok &= same && WIFEXITED(status) && WEXITSTATUS(status) == k;
        printf("pid_reuse: incarnation %d: host pid %ld ns pid %ld %s, exit %d\n", k, h, s,
               same ? "(reused)" : "(DIFFERENT)", WEXITSTATUS(status));
    }
    // A tight fork/exit loop: count how often the kernel handed out a pid seen before.
    int reused = 0, exitsOk = 0;
    pid_t seen[4096];
    int nseen = 0;
    for (int i = 0; i < loops && i < 4096; i++) {
        pid_t pid = fork();
        if (pid == 0) _exit(i & 0x7f);
        int status = 0;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == (i & 0x7f)) exitsOk++;
        for (int j = 0; j < nseen; j++)
            if (seen[j] == pid) {
                reused++;
                break;
            }
        seen[nseen++] = pid;
    }
    ok &= exitsOk == loops;
    printf("pid_reuse: loop of %d forks: %d exits right, %d natural reuses\n", loops, exitsOk,
           reused);
    printf("pid_reuse: host pid %ld had %d incarnations: %s\n", host, kIncarnations,
           ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
