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
    explicit SummaryTable(Output out);
    /// Writes to `file` (not closed).
    explicit SummaryTable(FILE* file);

    void onSyscall(const tracer::SyscallEvent& event) override { stats_.add(event); }
    void onFinish(const RunEnd& end, const Verdict& verdict) override;

    const SyscallStats& stats() const { return stats_; }

  private:
    Output out_;
    SyscallStats stats_;
};

}  // namespace scratch::reports
