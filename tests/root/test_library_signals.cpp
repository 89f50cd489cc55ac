// A library caller gets its process back as it was: runTraced (run/TracedRun.h) installs stop
// signal handlers, ignores SIGPIPE, unblocks the stop signals and arms the --timeout alarm for the
// length of the run only. After each run this process has its own dispositions, its own signal
// mask and no alarm left, and can run again: eight runs in one process, both root modes, the
// default and every capability, the tracer inline and as a child process
// (RunRequest::outputOnOtherCpu). Fails when SignalRelay::Scope or TracerProcess's KeptSignals
// leave their handlers or mask behind. The calling thread also gets its rseq area back (the
// session runs without it, tracer/ThreadRseq.h): fails without ThreadRseqPause's re-register.
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#if __has_include(<sys/rseq.h>)
#include <sys/rseq.h>
#endif

#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <iterator>
#include <string>

#include "support/Harness.h"
#include "support/LibraryRun.h"

namespace {

volatile sig_atomic_t gCallersInts = 0;
volatile sig_atomic_t gCallersAlarms = 0;

/// Whether the calling thread's glibc rseq area is registered: registering it again is refused
/// as busy. (When it was not, this registers it, and says false.)
bool rseqRegistered() {
#if defined(RSEQ_SIG) && defined(__NR_rseq) && defined(__x86_64__)
    if (__rseq_size == 0) return false;
    uintptr_t threadPointer = 0;
    asm("mov %%fs:0, %0" : "=r"(threadPointer));
    // NOLINTNEXTLINE(performance-no-int-to-ptr): glibc's documented way to find the area
    auto* area = reinterpret_cast<struct rseq*>(threadPointer + __rseq_offset);
    for (const unsigned int length : {__rseq_size, 32U}) {
        if (syscall(__NR_rseq, area, length, 0, RSEQ_SIG) == 0) return false;
        if (errno == EBUSY) return true;
    }
#endif
    return false;
}

void callersIntHandler(int /*sig*/) { gCallersInts = gCallersInts + 1; }
void callersAlarmHandler(int /*sig*/) { gCallersAlarms = gCallersAlarms + 1; }

constexpr int kWatched[] = {SIGINT, SIGTERM, SIGHUP, SIGALRM, SIGPIPE};

/// What this process does with the watched signals, and which of them it blocks.
struct SignalState {
    void* handler[std::size(kWatched)] = {};
    int flags[std::size(kWatched)] = {};
    bool blocked[std::size(kWatched)] = {};

    static SignalState now() {
        SignalState state;
        sigset_t mask;
        sigprocmask(SIG_SETMASK, nullptr, &mask);
        for (size_t i = 0; i < std::size(kWatched); ++i) {
            struct sigaction sa {};
            sigaction(kWatched[i], nullptr, &sa);
            state.handler[i] = reinterpret_cast<void*>(sa.sa_handler);
            // A default or ignored disposition has no flags worth comparing (glibc's sigaction
            // adds SA_RESTORER to whatever it sets).
            const bool handled = sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN;
            state.flags[i] = handled ? sa.sa_flags : 0;
            state.blocked[i] = sigismember(&mask, kWatched[i]) == 1;
        }
        return state;
    }
    std::string differences(const SignalState& other) const {
        std::string text;
        for (size_t i = 0; i < std::size(kWatched); ++i) {
            const std::string name = sigabbrev_np(kWatched[i]);
            if (handler[i] != other.handler[i]) text += "SIG" + name + " handler; ";
            if (flags[i] != other.flags[i]) text += "SIG" + name + " flags; ";
            if (blocked[i] != other.blocked[i]) text += "SIG" + name + " blocked; ";
        }
        return text;
    }
};

void install(int sig, void (*handler)(int)) {
    struct sigaction sa {};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, nullptr);
}

/// The caller's own settings while it lives (all unlike the tracer's), the test runner's after.
class CallersSignals {
  public:
    CallersSignals() {
        sigprocmask(SIG_SETMASK, nullptr, &mask_);
        for (size_t i = 0; i < std::size(kWatched); ++i) sigaction(kWatched[i], nullptr, &kept_[i]);
        install(SIGINT, callersIntHandler);     // the tracer's own handler while it runs
        install(SIGTERM, SIG_IGN);              // the tracer's own handler while it runs
        install(SIGALRM, callersAlarmHandler);  // the tracer's timer while it runs
        // SIGHUP and SIGPIPE stay default: the tracer catches one and ignores the other.
        sigset_t block;
        sigemptyset(&block);
        sigaddset(&block, SIGTERM);  // the tracer unblocks the stop signals while it runs
        sigaddset(&block, SIGHUP);
        sigprocmask(SIG_BLOCK, &block, nullptr);
    }
    ~CallersSignals() {
        for (size_t i = 0; i < std::size(kWatched); ++i) sigaction(kWatched[i], &kept_[i], nullptr);
        sigprocmask(SIG_SETMASK, &mask_, nullptr);
    }
    CallersSignals(const CallersSignals&) = delete;
    CallersSignals& operator=(const CallersSignals&) = delete;

  private:
    sigset_t mask_{};
    struct sigaction kept_[std::size(kWatched)]{};
};

}  // namespace

TEST_CASE("runTraced gives the caller its signal handlers, mask and timer back, run after run",
          "[root][library][signals]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "ordinary");
    const CallersSignals callers;
    const SignalState mine = SignalState::now();
    const bool rseqBefore = rseqRegistered();
    int runs = 0;
    for (const bool otherCpu : {false, true}) {
        INFO((otherCpu ? "the tracer as a child process" : "the tracer inline"));
        forEachContainerSetting([&](const ContainerSetting& setting) {
            scratch::container::Spec spec;
            spec.rootfs = rootfs;
            spec.command = {prog};
            setting.applyTo(spec);
            // The timeout arms the tracer's alarm: it must not outlive the run.
            const LibraryRun run(spec, /*timeoutSeconds=*/60, otherCpu);
            INFO(run.describe());
            CHECK(has(run.out, "ordinary: ok"));
            CHECK(run.exitStatus() == 0);
            CHECK(run.summary().verdict() == "isolated");
            const SignalState after = SignalState::now();
            CHECK(mine.differences(after) == "");
            itimerval timer{};
            getitimer(ITIMER_REAL, &timer);
            CHECK(timer.it_value.tv_sec == 0);
            CHECK(timer.it_value.tv_usec == 0);
            CHECK(rseqRegistered() == rseqBefore);
            ++runs;
        });
    }
    CHECK(runs == 8);
    // The caller's handler is live again, not merely named: it is the one a signal reaches.
    CHECK(gCallersAlarms == 0);
    raise(SIGINT);
    CHECK(gCallersInts == 1);
}
