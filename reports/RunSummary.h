// The end state of a run: the findings (capped per class), the verdict, the counts, the touched
// paths and the per-syscall statistics. Built by the Pipeline, read by every sink at finish.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "reports/IsolationVerdict.h"
#include "reports/PathTable.h"
#include "reports/RunInfo.h"
#include "reports/SyscallStats.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// Counts over the whole run (every event, whatever the -e filter shows).
struct RunCounts {
    uint64_t syscalls = 0;
    uint64_t failed = 0;     ///< returned an error
    uint64_t processes = 0;  ///< distinct thread groups seen
    uint64_t threads = 0;    ///< tasks that were not a thread-group leader
    uint64_t execs = 0;      ///< successful execs
};

/// Findings and their verdict. A user who sees 300 identical findings stops reading, so at most
/// kMaxFindingsPerClass are kept in full per class; the rest are only counted.
class RunSummary {
  public:
    static constexpr size_t kMaxFindingsPerClass = 20;

    /// Records a finding; returns true when it is kept in full (and so should be shown now),
    /// false when it only adds to the "and N more" count of its class.
    bool addFinding(const Finding& finding);

    /// The class whose findings make a run inconclusive: something the verdict depends on was
    /// not seen (PRODUCT.md, "the verdict is a claim").
    static constexpr FindingClass kBlindSpotClass = FindingClass::BlindSpot;

    /// True when any finding (kept or counted) has severity leak.
    bool isLeak() const { return leakTotal_ > 0; }
    /// No leak, but at least one blind-spot finding (kept or counted): `isolated` would claim
    /// more than the tracer saw.
    bool isInconclusive() const { return !isLeak() && blindSpotTotal_ > 0; }
    /// Leak, else Inconclusive, else Isolated.
    IsolationVerdict outcome() const {
        return isLeak()           ? IsolationVerdict::Leak
               : isInconclusive() ? IsolationVerdict::Inconclusive
                                  : IsolationVerdict::Isolated;
    }
    /// "leak", "inconclusive" or "isolated" (the JSON summary's `verdict`).
    std::string_view verdict() const { return verdictName(outcome()); }
    /// The kept findings, in the order they were made.
    const std::vector<Finding>& findings() const { return findings_; }
    // The counts are keyed by the names (the JSON summary writes these maps as they are).
    /// Per class: findings beyond the cap (counted, not kept).
    const std::map<std::string, uint64_t>& omitted() const { return omitted_; }
    /// Per class: all findings of severity leak (kept or not).
    const std::map<std::string, uint64_t>& leaksByClass() const { return leaksByClass_; }
    /// Per severity (leak, warning, info): all findings.
    const std::map<std::string, uint64_t>& bySeverity() const { return bySeverity_; }
    uint64_t totalFindings() const { return total_; }

    /// "isolated", "isolated (2 warnings)", "INCONCLUSIVE (blind-spot: 1)",
    /// "INCONCLUSIVE (blind-spot: 1; 2 other warnings)" or "LEAK (host-procfs: 1, outside-rootfs:
    /// 3)".
    std::string line() const;

    /// Counts a syscall into counts, stats and paths (every event, whatever a filter shows).
    void countSyscall(const tracer::SyscallEvent& event);
    /// Counts a task lifecycle event (processes, threads, execs).
    void countProcess(const tracer::ProcessEvent& event);

    RunCounts counts;
    PathTable paths;
    SyscallStats stats;
    /// The runtime's setup phase alone (small: counted apart so that the reports can show the
    /// workload without it).
    SyscallStats setupStats;

  private:
    void countTask(pid_t tid, pid_t tgid);

    std::unordered_set<pid_t> tids_;
    std::unordered_set<pid_t> tgids_;
    /// The last counted pair: consecutive events mostly come from the same task.
    pid_t lastTid_ = 0;
    pid_t lastTgid_ = 0;
    std::vector<Finding> findings_;
    std::map<FindingClass, uint64_t> keptPerClass_;
    std::map<std::string, uint64_t> omitted_;
    std::map<std::string, uint64_t> leaksByClass_;
    std::map<std::string, uint64_t> bySeverity_;
    uint64_t leakTotal_ = 0;
    uint64_t blindSpotTotal_ = 0;
    uint64_t total_ = 0;
};

}  // namespace scratch::reports
