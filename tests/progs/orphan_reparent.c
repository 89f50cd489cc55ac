// Tests: orphans are reparented to the container init. This program is PID 1 of the container;
// its child forks a grandchild and exits, so the grandchild's parent becomes PID 1, which must
// then reap it (wait) and see its exit status 9. A zombie reaped late (exit 7) rides along.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int report[2];
    if (pipe(report) != 0) return 2;
    pid_t middle = fork();
    if (middle == 0) {
        if (fork() == 0) {
            for (int i = 0; i < 2000 && getppid() != 1; i++) usleep(1000);
            int ppid = getppid();
            (void)!write(report[1], &ppid, sizeof ppid);
            _exit(9);
        }
        _exit(0);
    }
    pid_t zombie = fork();
    if (zombie == 0) _exit(7);
    int ppid = 0;
    (void)!read(report[0], &ppid, sizeof ppid);
    int status, orphanStatus = -1, zombieStatus = -1;
    pid_t pid;
    pid_t orphan = 0;
    while ((pid = wait(&status)) > 0) {
        if (pid == zombie) {
            zombieStatus = WEXITSTATUS(status);
        } else if (pid != middle) {
            orphan = pid;
            orphanStatus = WEXITSTATUS(status);
        }
    }
    printf(
        "orphan_reparent: I am pid %d; orphan %d had parent %d, reaped by me with %d; "
        "zombie reaped with %d\n",
        (int)getpid(), (int)orphan, ppid, orphanStatus, zombieStatus);
    return getpid() == 1 && ppid == 1 && orphanStatus == 9 && zombieStatus == 7 ? 0 : 1;
}
