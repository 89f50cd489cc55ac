// What the document reports (Markdown, HTML) show beyond the Verdict: the process tree, the log
// lines around each finding and, for the HTML timeline and event table, a capped sample of the
// syscalls. A Sink, so the live run and a replay build it the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/Connections.h"
#include "reports/Sink.h"
#include "reports/documents/FindingContext.h"
#include "reports/documents/ProcessTree.h"
#include "reports/documents/SetupSteps.h"

namespace scratch::reports {

/// One syscall as the HTML timeline and table keep it.
struct EventRow {
    uint64_t seq = 0;
    int64_t tsNs = 0;
    int64_t durationNs = 0;
    pid_t tid = 0;
    pid_t tgid = 0;
    bool failed = false;
    bool workload = false;
    std::string name;
    std::string line;   ///< the log line
    std::string where;  ///< where labels of its paths ("host-procfs rootfs")
};

class ReportModel : public Sink {
  public:
    /// `keepEvents`: how many syscalls to keep for the timeline and table (0: none, for Markdown).
    explicit ReportModel(size_t keepEvents = 0) : keepEvents_(keepEvents) {}

    void onStart(const RunInfo& info) override { info_ = info; }
    void onSyscall(const tracer::SyscallEvent& event) override;
    void onProcess(const tracer::ProcessEvent& event) override;
    void onFinding(const Finding& finding) override { context_.onFinding(finding); }

    const RunInfo& info() const { return info_; }
    const ProcessTree& tree() const { return tree_; }
    const FindingContext& context() const { return context_; }
    const std::vector<EventRow>& events() const { return events_; }
    /// The connections the run made or accepted, with their peers (reports/Connections.h).
    const ConnectionList& connections() const { return connections_; }
    /// The setup's steps the article explains, in order (Markdown's "The run, step by step").
    const SetupSteps& setupSteps() const { return setupSteps_; }
    uint64_t eventsOmitted() const { return eventsOmitted_; }
    /// Last timestamp seen (the timeline's width when the run's duration is unknown).
    int64_t lastTsNs() const { return lastTsNs_; }

    /// A note shown at the top of the report (a replayed trace that was cut short).
    void setNote(std::string note) { note_ = std::move(note); }
    const std::string& note() const { return note_; }

    /// Show the runtime's setup in the workload's tables too (--setup); it always has its own
    /// section.
    void setShowSetup(bool on) { showSetup_ = on; }
    bool showSetup() const { return showSetup_; }

  private:
    RunInfo info_;
    ProcessTree tree_;
    FindingContext context_;
    size_t keepEvents_;
    std::vector<EventRow> events_;
    ConnectionList connections_;
    SetupSteps setupSteps_;
    uint64_t eventsOmitted_ = 0;
    int64_t lastTsNs_ = 0;
    std::string note_;
    bool showSetup_ = false;
};

}  // namespace scratch::reports
