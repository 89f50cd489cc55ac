// Tests: vfork + execve. The parent is suspended until the child execs; the child (argv[1],
// default /bin/true) must be traced from its first instruction.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    const char* program = argc > 1 ? argv[1] : "/bin/true";
    pid_t pid = vfork();
    if (pid == 0) {
        char* const args[] = {(char*)program, NULL};
        execv(program, args);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return 1;
    printf("vfork_exec: child %d ran %s, status %d\n", (int)pid, program, WEXITSTATUS(status));
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
