// Tests: a CPU loop for a --cpus limit. Spins for argv[1] seconds of wall time (default 1,
// at most 10) without a syscall inside the loop, then prints the CPU time it got and the
// wall time it took in microseconds: "cpu_us C wall_us W". Under --cpus 0.2 C/W stays near
// 0.2 however idle the machine is; without a limit it is near 1 on an idle machine.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long usOf(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char** argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    if (seconds <= 0 || seconds > 10) seconds = 1.0;
    const long long wall0 = usOf(CLOCK_MONOTONIC), cpu0 = usOf(CLOCK_PROCESS_CPUTIME_ID);
    const long long until = wall0 + (long long)(seconds * 1e6);
    volatile unsigned long sink = 0;
    // clock_gettime is a vDSO call: no syscall stop, so the tracer costs nothing here.
    while (usOf(CLOCK_MONOTONIC) < until) {
        for (int i = 0; i < 10000; i++) sink += (unsigned long)i;
    }
    const long long wall = usOf(CLOCK_MONOTONIC) - wall0;
    const long long cpu = usOf(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    printf("cpu_us %lld wall_us %lld\n", cpu, wall);
    return 0;
}
