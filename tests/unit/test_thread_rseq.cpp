// The tracer's threads give up glibc's rseq registration (tracer/ThreadRseq.h). Checked on a
// fresh thread, whose registration glibc made at its start: after the call the kernel has
// marked the area unregistered, a second unregistration is refused (nothing is registered),
// and sched_getcpu, the one glibc reader of the area, still answers.
#include <sched.h>
#include <sys/rseq.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <thread>

#include "support/SkipTest.h"
#include "tracer/ThreadRseq.h"

namespace {

const volatile struct rseq* ownArea() {
    uintptr_t threadPointer = 0;
    asm("mov %%fs:0, %0" : "=r"(threadPointer));
    return reinterpret_cast<const volatile struct rseq*>(threadPointer + __rseq_offset);
}

}  // namespace

TEST_CASE("a thread's rseq registration is given up, and sched_getcpu still works",
          "[rseq][env][env-rseq]") {
    if (__rseq_size == 0) {
        skipTest("glibc registered no rseq area here (kernel, glibc or GLIBC_TUNABLES)");
        return;
    }
    int32_t cpuBefore = -2;
    int32_t cpuAfter = -2;
    bool first = false;
    bool second = true;
    int cpuFromGlibc = -1;
    std::thread([&] {
        cpuBefore = ownArea()->cpu_id;
        first = scratch::tracer::unregisterThreadRseq();
        cpuAfter = ownArea()->cpu_id;
        second = scratch::tracer::unregisterThreadRseq();
        cpuFromGlibc = sched_getcpu();
    }).join();
    CHECK(cpuBefore >= 0);  // registered: the kernel keeps the CPU number current
    CHECK(first);
    CHECK(cpuAfter == RSEQ_CPU_ID_UNINITIALIZED);
    CHECK_FALSE(second);
    CHECK(cpuFromGlibc >= 0);
}
