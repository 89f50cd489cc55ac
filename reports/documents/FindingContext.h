// The log lines around each finding, so a report can show the cause in context: a small ring of
// the most recent syscall lines, snapshotted when a finding arrives, plus the few lines after it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "reports/RunInfo.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// The lines around one finding. `mark` is the index of the finding's own syscall line, or
/// lines.size() when it was not among the recent lines (a finding without a seq).
struct FindingExcerpt {
    uint64_t seq = 0;
    std::vector<std::string> lines;
    size_t mark = 0;
};

/// Feed it every syscall and every kept finding (Sink order: a finding comes right after the
/// syscall that shows it). Memory: the ring plus the excerpts of the kept findings.
class FindingContext {
  public:
    explicit FindingContext(size_t before = 3, size_t after = 2, size_t ring = 64);

    void onSyscall(const tracer::SyscallEvent& event);
    void onFinding(const Finding& finding);

    /// One excerpt per finding, in the order the findings came.
    const std::vector<FindingExcerpt>& excerpts() const { return excerpts_; }

  private:
    struct Recent {
        uint64_t seq;
        std::string line;
    };
    size_t before_;
    size_t after_;
    size_t ring_;
    std::deque<Recent> recent_;
    std::vector<FindingExcerpt> excerpts_;
    /// Excerpts still collecting their after-lines: index and how many lines they still want.
    std::vector<std::pair<size_t, size_t>> open_;
};

}  // namespace scratch::reports
