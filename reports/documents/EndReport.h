// The text end report: what ran, how it was isolated, what it touched outside the container,
// the findings with their fixes, and last the verdict line (scripts grep for "verdict: ").
#pragma once

#include <cstdio>
#include <string>

#include "reports/Output.h"
#include "reports/Sink.h"
#include "reports/documents/FindingGroups.h"
#include "reports/documents/SetupSteps.h"

namespace scratch::reports {

/// Limits that keep the report readable; the JSON summary has everything.
struct EndReportOptions {
    size_t maxHostRows = 50;   ///< rows per where group for host and host-procfs paths
    size_t maxOtherRows = 10;  ///< rows per where group for rootfs, container and unknown paths
    bool setupPaths = false;   ///< also list paths only the runtime's setup touched
    /// Names host processes in the evidence (live runs only: a replay cannot know them).
    HostProcessName hostNames;
};

/// The grouped findings as text: one line per class with its count and evidence, its fix once,
/// and the "rerun with" command.
std::string findingGroupsText(const FindingSummary& summary);

/// Renders at finish; keeps only the start record until then (the RunSummary has the rest).
class EndReport : public Sink {
  public:
    explicit EndReport(Output out, EndReportOptions options = {});
    /// Writes to `file` (not closed).
    explicit EndReport(FILE* file, EndReportOptions options = {});

    void onStart(const RunInfo& info) override { info_ = info; }
    /// Keeps the setup's explained steps (a branch per workload syscall, nothing more).
    void onSyscall(const tracer::SyscallEvent& event) override;
    void onFinish(const RunEnd& end, const RunSummary& summary) override;

    /// The whole report as text (also used by `scratch-trace report`).
    /// `steps`: the setup's explained steps, told in the setup section as md and html tell them.
    static std::string render(const RunInfo& info, const RunEnd& end, const RunSummary& summary,
                              const EndReportOptions& options = {},
                              const SetupSteps& steps = SetupSteps());

  private:
    Output out_;
    EndReportOptions options_;
    RunInfo info_;
    SetupSteps steps_;
};

}  // namespace scratch::reports
