// Tests: group-stop and SIGCONT of a traced, multi-threaded child. The child's two threads spin,
// each bumping a counter in shared memory. The parent stops the child with SIGSTOP and then
// with SIGTSTP and checks from outside that it really stopped: waitpid(WUNTRACED) reports it,
// /proc/PID/stat says 'T' (or 't': a tracee held in group-stop by PTRACE_LISTEN), and neither
// counter moves for 300 ms. After SIGCONT, waitpid(WCONTINUED) reports it and both move again.
// A tracer that resumes a group-stop with PTRACE_SYSCALL lets the counters run on.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct Shared {
    volatile long counter[2];
    volatile int hostPid;
    volatile int ready;
};
static struct Shared* shared;

static void* spin(void* arg) {
    long i = (long)arg;
    for (;;) shared->counter[i]++;
    return NULL;
}

/// The state letter of /proc/PID/stat (after the last ')'), or '?'.
static char procState(int pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE* f = fopen(path, "r");
    if (!f) return '?';
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char* close = strrchr(buf, ')');
    return close && close[1] == ' ' ? close[2] : '?';
}

static void nap(int ms) { usleep(ms * 1000); }

static int stopAndResume(pid_t child, int sig) {
    int ok = 1, status = 0;
    kill(child, sig);
    if (waitpid(child, &status, WUNTRACED) != child || !WIFSTOPPED(status) ||
        WSTOPSIG(status) != sig) {
        printf("stop_resume: sig %d: child not reported stopped (status %#x)\n", sig, status);
        return 0;
    }
    nap(50);  // let the second thread reach the group-stop too
    long a0 = shared->counter[0], b0 = shared->counter[1];
    char state = procState(shared->hostPid);
    nap(300);
    long a1 = shared->counter[0], b1 = shared->counter[1];
    char state2 = procState(shared->hostPid);
    int frozen = a0 == a1 && b0 == b1;
    int stoppedState = (state == 'T' || state == 't') && (state2 == 'T' || state2 == 't');
    printf("stop_resume: sig %d: state %c/%c, counters %s while stopped\n", sig, state, state2,
           frozen ? "frozen" : "MOVING");
    ok &= frozen && stoppedState;

    kill(child, SIGCONT);
    if (waitpid(child, &status, WCONTINUED) != child || !WIFCONTINUED(status)) {
        printf("stop_resume: sig %d: child not reported continued (status %#x)\n", sig, status);
        return 0;
    }
    nap(200);
    long a2 = shared->counter[0], b2 = shared->counter[1];
    int moving = a2 != a1 && b2 != b1;
    printf("stop_resume: sig %d: counters %s after SIGCONT, state %c\n", sig,
           moving ? "moving" : "FROZEN", procState(shared->hostPid));
    return ok && moving;
}

int main(void) {
    shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) return 2;
    pid_t child = fork();
    // A group of its own, as a shell gives a job: the kernel discards SIGTSTP sent to an
    // orphaned process group, and a container's init leads a session whose parent is outside
    // it (setsid, as in runc), so the init's own group is orphaned.
    if (child > 0) setpgid(child, child);
    if (child == 0) {
        setpgid(0, 0);
        char self[32] = {0};
        // /proc/self names the task in the procfs's own pid namespace: the key to /proc/PID.
        if (readlink("/proc/self", self, sizeof self - 1) > 0) shared->hostPid = atoi(self);
        pthread_t t;
        pthread_create(&t, NULL, spin, (void*)1L);
        shared->ready = 1;
        spin((void*)0L);
    }
    while (!shared->ready || shared->counter[0] == 0 || shared->counter[1] == 0) nap(1);
    int ok = stopAndResume(child, SIGSTOP);
    ok &= stopAndResume(child, SIGTSTP);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    printf("stop_resume: %s\n", ok ? "all stops held" : "FAILED");
    return ok ? 0 : 1;
}
