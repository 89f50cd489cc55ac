// Tests: a long-running workload to interrupt. It forks a child that blocks in read, writes
// "PARENT_PID CHILD_PID" (pids as /proc shows them) to the file argv[1] (atomically, by
// rename), then loops forever: "busy" (argv[2]) opens and closes /dev/null without pause,
// "idle" waits in pause(), "deaf" too but ignoring SIGINT, SIGTERM and SIGHUP (a terminal's
// signals then stop only scratch-trace). Whoever stops scratch-trace must find both pids gone
// afterwards.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int selfPid(void) {
    char buf[32] = {0};
    return readlink("/proc/self", buf, sizeof buf - 1) > 0 ? atoi(buf) : getpid();
}

int main(int argc, char** argv) {
    if (argc < 3) return 2;
    int report[2], block[2];
    if (pipe(report) != 0 || pipe(block) != 0) return 2;
    if (strcmp(argv[2], "deaf") == 0) {
        signal(SIGINT, SIG_IGN);  // inherited by the child below
        signal(SIGTERM, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
    }
    if (fork() == 0) {
        int me = selfPid();
        (void)!write(report[1], &me, sizeof me);
        char c;
        (void)!read(block[0], &c, 1);
        _exit(0);
    }
    int child = 0;
    (void)!read(report[0], &child, sizeof child);
    char tmp[4096], line[64];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    int fd = open(tmp, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    int len = snprintf(line, sizeof line, "%d %d\n", selfPid(), child);
    (void)!write(fd, line, len);
    close(fd);
    rename(tmp, argv[1]);
    if (strcmp(argv[2], "busy") == 0) {
        for (;;) {
            int n = open("/dev/null", O_RDONLY);
            if (n >= 0) close(n);
        }
    }
    for (;;) pause();
}
