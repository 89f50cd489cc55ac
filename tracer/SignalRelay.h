// The session's signal relay: SIGINT, SIGTERM and SIGHUP (from the operator, or forwarded by a
// parent process) and the --timeout alarm end the run by killing the container from the signal
// handler itself, so a signal that lands between the stop loop's check and its waitpid cannot
// leave a sleeping workload running. One relay per process: it owns the handlers for the length
// of a run (SignalRelay::Scope), and gives the caller's back at its end.
#pragma once

#include <sys/types.h>

#include "tracer/KeptSignals.h"

namespace scratch::tracer {

/// What the handlers have seen since the Scope began: the loop polls it after each waitpid.
struct StopRequest {
    int signal = 0;           ///< the last stop signal that counted (0: none)
    bool timerFired = false;  ///< the --timeout alarm rang
    bool any() const { return signal != 0 || timerFired; }
};

/// The process's relay (static: signal handlers are per process).
class SignalRelay {
  public:
    /// The relay for one run (Session::run). Construction installs the handlers (no
    /// SA_RESTART: waitpid returns EINTR), ignores SIGPIPE and unblocks the signals a tracer
    /// process was forked with blocked. When `signalsFrom` is not 0, stop signals count only
    /// from that process or the kernel (a terminal's Ctrl-C); see SessionOptions::signalsFrom.
    /// Destruction, however the run ends, disarms the timer, forgets the launcher and the init
    /// (their pids may be reused once reaped) and gives back the caller's dispositions and mask:
    /// a library caller gets its process as it was.
    class Scope {
      public:
        explicit Scope(pid_t signalsFrom);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

      private:
        KeptSignals callers_;
    };

    /// The launcher, killed by the handlers (with the init, every task dies).
    static void setLauncher(pid_t launcher);
    /// The container's init (the launcher's child in the new PID namespace), once it appears.
    static void setInit(pid_t init);
    /// Whether setInit() was called in this Scope: only the first such child is the init.
    static bool hasInit();

    /// What was received so far.
    static StopRequest pending();

    /// Arms the --timeout alarm (seconds > 0); a fraction of a second is kept.
    static void armTimer(double seconds);
    /// Disarms it, at the end of the run.
    static void disarmTimer();

    /// In the launcher right after fork: the default dispositions back, so its signals are its own.
    static void restoreDefaults();
};

}  // namespace scratch::tracer
