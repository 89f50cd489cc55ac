// The calls whose arguments have renderers of their own (argv and envp, clone and clone3,
// open_how, a wait status, pipe fds, signal masks, getcwd and getrandom, mount's strings,
// fcntl's, futex's and prctl's operands), each made once, for the test that a replay of the
// JSON trace prints the live log's lines (tests/integration/test_replay_capture.cpp).
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) return 3;
    char cwd[512];
    if (getcwd(cwd, sizeof cwd) == NULL) return 1;
    unsigned char random[8];
    (void)getrandom(random, sizeof random, GRND_NONBLOCK);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 1;
    (void)fcntl(fds[0], F_GETFL);
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    const int self = open(argv[0], O_RDONLY | O_CLOEXEC);
    struct flock lock = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    (void)fcntl(self, F_GETLK, &lock);
    struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS};
    (void)syscall(SYS_openat2, AT_FDCWD, "/dev/null", &how, sizeof how);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    (void)sigprocmask(SIG_BLOCK, &set, &old);
    (void)sigprocmask(SIG_SETMASK, &old, NULL);

    (void)prctl(PR_SET_NAME, "capture-calls");
    char name[16] = {0};
    (void)prctl(PR_GET_NAME, name);
    (void)prctl(PR_GET_DUMPABLE);
    (void)prctl(PR_SET_PDEATHSIG, SIGTERM);
    int pdeath = 0;
    (void)prctl(PR_GET_PDEATHSIG, &pdeath);

    uint32_t word = 1;
    struct timespec timeout = {0, 1000};
    (void)syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    (void)syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0);  // EAGAIN

    (void)mount("none", "/nonexistent-capture-calls", "tmpfs", MS_NOSUID | MS_NODEV,
                "size=1m,mode=0755");

    const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    (void)write(null, "\xff\xfe bytes \x01\n", 11);  // for -x in the replay

    const pid_t child = fork();
    if (child == 0) {
        char* args[] = {argv[0], "child", "two words", NULL};
        char* env[] = {"A=1", "B=two", NULL};
        execve(argv[0], args, env);
        _exit(127);
    }
    int status = 0;
    (void)wait4(child, &status, 0, NULL);

    pid_t parentTid = 0;
    struct clone_args cargs = {
        .flags = CLONE_PARENT_SETTID, .parent_tid = (uintptr_t)&parentTid, .exit_signal = SIGCHLD};
    const long second = syscall(SYS_clone3, &cargs, sizeof cargs);
    if (second == 0) syscall(SYS_exit, 5);
    if (second > 0) (void)wait4((pid_t)second, &status, 0, NULL);
    return 0;
}
