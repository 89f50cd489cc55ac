// Tests: group-stop under ptrace. A child SIGSTOPs itself; the parent must see it stopped
// (waitpid WUNTRACED) and SIGCONT it. A tracer that confuses group-stop with signal-delivery-stop
// either hangs here or lets the child run on without stopping.
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGSTOP);
        _exit(0);
    }
    int status = 0;
    if (waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status)) {
        printf("group_stop: child not seen stopped (status %#x)\n", status);
        return 1;
    }
    printf("group_stop: child stopped by %d\n", WSTOPSIG(status));
    kill(pid, SIGCONT);
    if (waitpid(pid, &status, 0) != pid) return 1;
    printf("group_stop: child continued and exited %d\n", WEXITSTATUS(status));
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
