// Tests: a task SIGKILLed while blocked in read. The tracer gets no syscall-exit stop for that
// read, only the exit; it must not wait for one.
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    if (pipe(fds) != 0) return 1;
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        (void)!read(fds[0], &c, 1);  // blocks forever: nobody writes
        _exit(3);
    }
    usleep(200000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    int killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    printf("killed_mid_syscall: child %d %s\n", (int)pid, killed ? "killed by SIGKILL" : "?");
    return killed ? 0 : 1;
}
