// The tracer's clock against CLOCK_MONOTONIC: same time base, never backwards, close enough for
// -T and -tt (microseconds), with and without the TSC.
#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>

#include "tracer/MonotonicClock.h"

using scratch::tracer::MonotonicClock;

namespace {
int64_t systemNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

/// Spins for about `ns`, reading the clock all the while (as a tracer's stops do); checks that
/// no reading goes backwards and returns the largest gap between the clock and clock_gettime.
int64_t spinAndCompare(MonotonicClock& clock, int64_t ns) {
    int64_t worst = 0;
    int64_t previous = clock.nowNs();
    const int64_t end = systemNs() + ns;
    for (;;) {
        const int64_t before = systemNs();
        const int64_t reading = clock.nowNs();
        const int64_t after = systemNs();
        REQUIRE(reading >= previous);
        previous = reading;
        // The reading must fall between the two system readings, give or take the estimate's error.
        const int64_t gap = reading < before  ? before - reading
                            : reading > after ? reading - after
                                              : 0;
        worst = std::max(worst, gap);
        if (after >= end) break;
    }
    return worst;
}
}  // namespace

TEST_CASE("the clock follows CLOCK_MONOTONIC to within 50 us and never goes back", "[clock]") {
    MonotonicClock clock;
    if (!MonotonicClock::kernelUsesTsc()) {
        CHECK_FALSE(clock.usesTsc());
    }
    // Past the first calibration (2 ms) and the first re-anchoring (50 ms).
    const int64_t worst = spinAndCompare(clock, 150'000'000);
    INFO("tsc: " << clock.usesTsc() << ", worst gap " << worst << " ns");
    CHECK(worst < 50'000);
}

TEST_CASE("without the TSC every reading is clock_gettime", "[clock]") {
    MonotonicClock clock(false);
    CHECK_FALSE(clock.usesTsc());
    const int64_t worst = spinAndCompare(clock, 10'000'000);
    CHECK(worst == 0);
}

TEST_CASE("a clock that is not read for a while re-anchors on the next reading", "[clock]") {
    MonotonicClock clock;
    spinAndCompare(clock, 5'000'000);  // calibrated
    timespec pause{0, 300'000'000};
    nanosleep(&pause, nullptr);
    const int64_t before = systemNs();
    const int64_t reading = clock.nowNs();
    const int64_t after = systemNs();
    CHECK(reading >= before - 50'000);
    CHECK(reading <= after + 50'000);
}
