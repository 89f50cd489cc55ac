// A process's signal dispositions are the process's, not the tracer's: the session and the tracer
// process install handlers for the length of a run, and a caller of the library (run/TracedRun.h)
// must get its process back as it was, to run again or to go on with its own handlers.
#pragma once

#include <csignal>
#include <initializer_list>

namespace scratch::tracer {

/// The calling process's dispositions of some signals and its signal mask, kept at construction
/// and given back when this goes out of scope (however the run ends). Not for a forked child
/// that never returns: it keeps what it inherited.
class KeptSignals {
  public:
    /// Keeps the dispositions of `signals` (at most kMaxSignals) and the current signal mask.
    explicit KeptSignals(std::initializer_list<int> signals);
    /// The dispositions first, then the mask: a signal the caller had blocked and that arrived
    /// during the run stays pending for the caller's own handler, not ours.
    ~KeptSignals();
    KeptSignals(const KeptSignals&) = delete;
    KeptSignals& operator=(const KeptSignals&) = delete;

    static constexpr int kMaxSignals = 8;

  private:
    struct Kept {
        int signal = 0;
        struct sigaction action {};
    };
    Kept kept_[kMaxSignals];
    int count_ = 0;
    sigset_t mask_{};
    bool haveMask_ = false;
};

}  // namespace scratch::tracer
