// The tracer's threads run without restartable sequences. glibc (2.35 and later) registers an
// rseq area for every thread, and the kernel then updates it on the thread's first return to
// user space after each time it was scheduled out. The tracer is scheduled out at every stop
// (it sleeps in waitpid while the tracee runs), so that update is paid at every stop, for a
// feature the tracer never uses (only sched_getcpu reads the area, and it falls back to the
// vDSO when the area says "unregistered"). Measured: -0.026 to -0.028 of the floor ratio on
// both workloads (docs/performance-analysis.md, session 8). The tracees keep theirs: an exec
// registers afresh, and the container's programs are not ours to change.
#pragma once

namespace scratch::tracer {

/// Unregisters glibc's rseq area of the calling thread. False when there was none (an older
/// kernel or glibc, or GLIBC_TUNABLES=glibc.pthread.rseq=0) or the kernel refused; either way
/// the thread works as before. A thread started afterwards registers its own.
bool unregisterThreadRseq();

/// Registers the calling thread's glibc rseq area again (after unregisterThreadRseq). False
/// when there is none or the kernel refused.
bool registerThreadRseq();

/// The calling thread without its rseq area for the scope's life, given back at the end: a
/// library caller (run/TracedRun.h) keeps using its thread after the run.
class ThreadRseqPause {
  public:
    ThreadRseqPause() : paused_(unregisterThreadRseq()) {}
    ~ThreadRseqPause() {
        if (paused_) registerThreadRseq();
    }
    ThreadRseqPause(const ThreadRseqPause&) = delete;
    ThreadRseqPause& operator=(const ThreadRseqPause&) = delete;

  private:
    bool paused_;
};

}  // namespace scratch::tracer
