// CLOCK_MONOTONIC for the tracer's stops, read from the TSC when the kernel itself keeps time
// with it. The tracer stamps every syscall entry and exit; between two stops the tracee ran in
// another address space, and the vDSO's clock_gettime then costs ~110 ns (its data page is cold)
// instead of ~17: 3% of the whole run on the standard workload. rdtsc touches no memory.
#pragma once

#include <cstdint>

namespace scratch::tracer {

/// Nanoseconds of CLOCK_MONOTONIC. With the TSC, a reading is the last clock_gettime anchor
/// plus the ticks since, at a rate measured against clock_gettime over the run so far; it is
/// re-anchored every 50 ms to 1 s, and never goes backwards.
class MonotonicClock {
  public:
    /// Uses the TSC when the kernel's clocksource is "tsc" (constant, synchronised across
    /// CPUs: the kernel checked), clock_gettime otherwise or when useTsc is false.
    explicit MonotonicClock(bool useTsc = true);

    int64_t nowNs();
    /// Whether readings come from the TSC (for tests).
    bool usesTsc() const { return useTsc_; }

    /// Whether the kernel keeps time with the TSC (/sys/.../current_clocksource).
    static bool kernelUsesTsc();

  private:
    int64_t sync(uint64_t tsc);

    bool useTsc_ = false;
    int64_t startNs_ = 0;
    uint64_t startTsc_ = 0;
    int64_t anchorNs_ = 0;
    uint64_t anchorTsc_ = 0;
    double nsPerTick_ = 0;  ///< 0 until enough time has passed to measure the rate
    uint64_t nextSyncTsc_ = 0;
    int64_t syncIntervalNs_ = 0;
    int64_t last_ = 0;  ///< the largest reading handed out
};

}  // namespace scratch::tracer
