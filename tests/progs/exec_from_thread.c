// Tests: a non-leader thread calls execve. The kernel kills the other threads and the exec'ing
// thread takes over the leader's pid (PTRACE_EVENT_EXEC reports the old tid). Runs argv[1]
// (default /bin/true); exits 0 through the new program.
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static const char* program = "/bin/true";

static void* execer(void* arg) {
    (void)arg;
    // Let the leader reach pause() first: the exec then interrupts that call (strace's
    // `pause() = ?`), not the leader's clone3, whichever task a pinned tracer resumes first.
    const struct timespec wait = {0, 100 * 1000 * 1000};
    nanosleep(&wait, NULL);
    char* const args[] = {(char*)program, NULL};
    char* const env[] = {NULL};
    execve(program, args, env);
    perror("execve");
    _exit(1);
}

int main(int argc, char** argv) {
    if (argc > 1) program = argv[1];
    printf("exec_from_thread: thread execs %s\n", program);
    fflush(stdout);
    pthread_t t;
    pthread_create(&t, NULL, execer, NULL);
    for (;;) pause();  // the leader waits to be replaced
}
