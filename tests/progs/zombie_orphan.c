// Tests: an orphan (its parent exits first; it is reparented to pid 1 or a subreaper) and a
// zombie reaped late. The tracer must follow the orphan to its end and report both exits.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int done[2];
    if (pipe(done) != 0) return 1;
    pid_t middle = fork();
    if (middle == 0) {
        if (fork() == 0) {  // the orphan-to-be
            close(done[0]);
            usleep(200000);  // by now its parent is gone
            printf("zombie_orphan: orphan's parent is now %d\n", (int)getppid());
            fflush(stdout);
            (void)!write(done[1], "x", 1);
            _exit(0);
        }
        _exit(0);
    }
    close(done[1]);
    waitpid(middle, NULL, 0);

    pid_t zombie = fork();
    if (zombie == 0) _exit(7);
    char c;
    ssize_t n = read(done[0], &c, 1);  // the orphan is done; the zombie has waited meanwhile
    int status = 0;
    waitpid(zombie, &status, 0);
    printf("zombie_orphan: zombie %d reaped late with %d\n", (int)zombie, WEXITSTATUS(status));
    return n == 1 && WEXITSTATUS(status) == 7 ? 0 : 1;
}
