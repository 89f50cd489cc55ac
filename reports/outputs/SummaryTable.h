// strace -c: per-syscall calls, errors and time, printed at the end instead of (or beside) the
// log. Counts the syscalls the -e filter shows, as strace -c -e does.
#pragma once

#include <cstdio>

#include "reports/Output.h"
#include "reports/Sink.h"
#include "reports/SyscallStats.h"

namespace scratch::reports {

/// Aggregates the events it is shown and prints strace -c's table at finish.
class SummaryTable : public Sink {
  public:
    /// `setup`: count the runtime's setup too (run --setup); otherwise only the workload.
    explicit SummaryTable(Output out, bool setup = false);
    /// Writes to `file` (not closed).
    explicit SummaryTable(FILE* file, bool setup = false);

    void onSyscall(const tracer::SyscallEvent& event) override {
        if (setup_ || event.phase != tracer::Phase::Setup) {
            stats_.add(event);
        } else {
            ++setupSkipped_;
        }
    }
    void onFinish(const RunEnd& end, const RunSummary& summary) override;

    const SyscallStats& stats() const { return stats_; }

  private:
    Output out_;
    bool setup_;
    uint64_t setupSkipped_ = 0;
    SyscallStats stats_;
};

}  // namespace scratch::reports
