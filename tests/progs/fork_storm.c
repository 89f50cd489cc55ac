// Tests: a bounded fork storm. The program forks W workers (argv[1], default 20) at once, each
// of which forks C children (argv[2], default 14) at once: W*(C+1) processes (300), many alive
// together. Every process exits with a status its parent checks; the tracer must see every spawn
// and every exit and must not hang.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    int workers = argc > 1 ? atoi(argv[1]) : 20;
    int children = argc > 2 ? atoi(argv[2]) : 14;
    for (int w = 0; w < workers; w++) {
        if (fork() != 0) continue;
        int good = 0;
        for (int c = 0; c < children; c++) {
            if (fork() == 0) {
                getppid();
                _exit(c % 50);
            }
        }
        for (int c = 0; c < children; c++) {
            int status = 0;
            if (wait(&status) > 0 && WIFEXITED(status)) good++;
        }
        _exit(good == children ? 0 : 1);
    }
    int good = 0;
    for (int w = 0; w < workers; w++) {
        int status = 0;
        if (wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) good++;
    }
    printf("fork_storm: processes=%d workers ok=%d/%d\n", workers * (children + 1), good, workers);
    return good == workers ? 0 : 1;
}
