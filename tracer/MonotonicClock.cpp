#include "tracer/MonotonicClock.h"

#include <fcntl.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <ctime>

namespace scratch::tracer {
namespace {

int64_t clockNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

uint64_t readTsc() {
#if defined(__x86_64__) || defined(__i386__)
    return __rdtsc();
#else
    return 0;
#endif
}

bool tscAvailable() {
#if defined(__x86_64__) || defined(__i386__)
    return true;
#else
    return false;
#endif
}

/// The rate is measured once this much time has passed since the start (shorter baselines
/// would make it imprecise); until then every reading is a clock_gettime.
constexpr int64_t kFirstSyncNs = 2'000'000;
constexpr int64_t kMaxSyncIntervalNs = 1'000'000'000;

}  // namespace

bool MonotonicClock::kernelUsesTsc() {
    const int fd =
        ::open("/sys/devices/system/clocksource/clocksource0/current_clocksource", O_RDONLY);
    if (fd < 0) return false;
    char buf[32] = {};
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    return n >= 3 && std::strncmp(buf, "tsc", 3) == 0 && (n == 3 || buf[3] == '\n');
}

MonotonicClock::MonotonicClock(bool useTsc) : useTsc_(useTsc && tscAvailable() && kernelUsesTsc()) {
    startNs_ = anchorNs_ = last_ = clockNs();
    startTsc_ = anchorTsc_ = useTsc_ ? readTsc() : 0;
}

int64_t MonotonicClock::sync(uint64_t tsc) {
    const int64_t ns = clockNs();
    const int64_t sinceStart = ns - startNs_;
    if (sinceStart >= kFirstSyncNs && tsc > startTsc_) {
        // The longest baseline there is: the rate gets more precise as the run goes on.
        nsPerTick_ = static_cast<double>(sinceStart) / static_cast<double>(tsc - startTsc_);
        anchorNs_ = ns;
        anchorTsc_ = tsc;
        syncIntervalNs_ = std::clamp<int64_t>(syncIntervalNs_ * 2, 50'000'000, kMaxSyncIntervalNs);
        nextSyncTsc_ =
            tsc + static_cast<uint64_t>(static_cast<double>(syncIntervalNs_) / nsPerTick_);
    }
    return ns;
}

int64_t MonotonicClock::nowNs() {
    int64_t ns = 0;
    if (!useTsc_) {
        ns = clockNs();
    } else {
        const uint64_t tsc = readTsc();
        if (nsPerTick_ == 0 || tsc >= nextSyncTsc_ || tsc < anchorTsc_) {
            ns = sync(tsc);
        } else {
            ns = anchorNs_ +
                 static_cast<int64_t>(static_cast<double>(tsc - anchorTsc_) * nsPerTick_);
        }
    }
    // An estimate may run a little ahead of the next anchor: never hand out an earlier time.
    last_ = std::max(last_, ns);
    return last_;
}

}  // namespace scratch::tracer
