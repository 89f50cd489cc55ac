// Tests: a fork loop that a --pids limit must stop. It forks up to N children (argv[1],
// default 100; bounded, so it can never run away even without a limit), each of which waits
// on a pipe, so all are alive together. A refused fork is counted with its errno; at the end
// the children are released and reaped. Prints "forked F refused R eagain A".
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    int max = argc > 1 ? atoi(argv[1]) : 100;
    if (max < 1 || max > 1000) max = 100;
    int hold[2];
    if (pipe(hold) != 0) return 2;
    int forked = 0, refused = 0, eagain = 0;
    for (int i = 0; i < max; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            char c;
            close(hold[1]);
            while (read(hold[0], &c, 1) < 0 && errno == EINTR) {
            }
            _exit(0);
        }
        if (pid > 0) {
            forked++;
        } else {
            refused++;
            if (errno == EAGAIN) eagain++;
        }
    }
    close(hold[1]);  // every child's read now returns 0
    while (wait(NULL) > 0) {
    }
    printf("forked %d refused %d eagain %d\n", forked, refused, eagain);
    return 0;
}
