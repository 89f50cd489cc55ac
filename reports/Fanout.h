// The one fan-out of a run's records to its outputs, for a live run (reports/Pipeline.h) and a
// replayed trace (reports/replay/ReplayPipeline.h) alike: every event is counted into the
// RunSummary, every shown one goes to each sink in the order the sinks were added, findings are
// kept (capped per class) before the sinks see them, and the run ends once. The two pipelines
// differ only in where the findings and the end come from.
#pragma once

#include <memory>
#include <vector>

#include "reports/RunInfo.h"
#include "reports/RunSummary.h"
#include "reports/Sink.h"

namespace scratch::reports {

/// Owns the sinks and the RunSummary. After finish() every call does nothing.
class Fanout {
  public:
    /// Adds a sink; sinks are called in the order they were added. Null is ignored.
    void add(std::unique_ptr<Sink> sink);

    /// The start record, to every sink.
    void start(const RunInfo& info);
    /// Counts the syscall (whatever a filter shows); the sinks get it when `shown`.
    void syscall(const tracer::SyscallEvent& event, bool shown = true);
    /// Counts the task lifecycle event, then every sink gets it.
    void process(const tracer::ProcessEvent& event);
    /// Every sink gets the signal (its siginfo already rendered).
    void signal(const tracer::SignalEvent& event);
    /// Every sink gets the tracer's note.
    void note(const tracer::TracerNote& note);
    /// Records the finding; the sinks get it when the RunSummary keeps it in full (not when it only
    /// adds to its class's "and N more").
    void finding(const Finding& finding);

    /// Ends the run: every sink's onFinish(end, summary), in order, once. When a sink throws (an
    /// I/O error writing its file), the others still finish; the first error is rethrown.
    const RunSummary& finish(const RunEnd& end);

    bool finished() const { return finished_; }
    /// Whether some sink shows syscall arguments (else the tracer need not decode them).
    bool showsArguments() const;
    const RunSummary& summary() const { return summary_; }
    /// For the replay, which completes the counts from the trace's summary before finish().
    RunSummary& summary() { return summary_; }

  private:
    std::vector<std::unique_ptr<Sink>> sinks_;
    RunSummary summary_;
    bool finished_ = false;
};

}  // namespace scratch::reports
