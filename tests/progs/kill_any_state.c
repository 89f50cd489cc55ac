// Tests: a tracee SIGKILLed in any state. Children are killed while running in user space,
// blocked in read, in a group-stop, inside a signal handler, as a multi-threaded process with
// one thread in a syscall and one spinning, and as a vfork parent waiting for its child. Each
// must die of SIGKILL at once; the tracer must neither hang nor lose an exit.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipefd[2];

static void spinForever(void) {
    for (volatile long i = 0;; i++) {
    }
}

static void inHandler(int sig) {
    (void)sig;
    (void)!write(pipefd[1], "h", 1);
    spinForever();  // killed while the handler runs
}

static void* blockedThread(void* arg) {
    (void)arg;
    char c;
    int fds[2];
    (void)!pipe(fds);
    (void)!read(fds[0], &c, 1);
    return NULL;
}

static pid_t spawn(const char* what) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (!strcmp(what, "running")) spinForever();
    if (!strcmp(what, "blocked-read")) {
        char c;
        int fds[2];
        (void)!pipe(fds);
        (void)!read(fds[0], &c, 1);
    }
    if (!strcmp(what, "stopped")) raise(SIGSTOP);
    if (!strcmp(what, "in-handler")) {
        signal(SIGUSR1, inHandler);
        raise(SIGUSR1);
    }
    if (!strcmp(what, "threads")) {
        pthread_t t;
        pthread_create(&t, NULL, blockedThread, NULL);
        spinForever();
    }
    if (!strcmp(what, "vfork-parent")) {
        if (vfork() == 0) {
            sleep(100);  // the parent waits in vfork meanwhile
            _exit(0);
        }
    }
    _exit(99);  // not reached unless the state could not be entered
}

int main(void) {
    const char* states[] = {"running",    "blocked-read", "stopped",
                            "in-handler", "threads",      "vfork-parent"};
    const int n = sizeof states / sizeof *states;
    if (pipe(pipefd) != 0) return 2;
    int ok = 1;
    for (int i = 0; i < n; i++) {
        pid_t pid = spawn(states[i]);
        if (!strcmp(states[i], "in-handler")) {
            char c;
            (void)!read(pipefd[0], &c, 1);  // the handler is running now
        } else if (!strcmp(states[i], "stopped")) {
            int status;
            waitpid(pid, &status, WUNTRACED);
        } else {
            usleep(100000);
        }
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        int killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        printf("kill_any_state: %s: %s\n", states[i], killed ? "killed by SIGKILL" : "NOT KILLED");
        ok &= killed;
    }
    // The vfork child was orphaned by its parent's death: reap it (it is ours as the init).
    int status;
    while (waitpid(-1, &status, WNOHANG) > 0) {
    }
    printf("kill_any_state: %s\n", ok ? "all killed" : "FAILED");
    return ok ? 0 : 1;
}
