// The one tracer listener the session talks to: it runs the isolation checks on every event and
// hands the events (through the -e filter), the findings and the end to the fan-out
// (reports/Fanout.h), which counts them and feeds the sinks (text log, JSON Lines, end report,
// ...).
#pragma once

#include <memory>
#include <vector>

#include "reports/Fanout.h"
#include "reports/RunInfo.h"
#include "reports/RunSummary.h"
#include "reports/Sink.h"
#include "reports/TraceFilter.h"
#include "reports/checks/IsolationChecker.h"
#include "tracer/EventListener.h"

namespace scratch::reports {

/// Owns the checker and the fan-out (so the sinks and the RunSummary). Call start() once, then feed
/// events, then finish() once (further calls return the same RunSummary and do nothing).
class Pipeline : public tracer::EventListener {
  public:
    Pipeline() = default;
    /// Sinks get the syscall events `filter` shows; everything else sees every event.
    explicit Pipeline(TraceFilter filter) : filter_(std::move(filter)) {}

    /// Adds a sink; sinks are called in the order they were added.
    void add(std::unique_ptr<Sink> sink) { fanout_.add(std::move(sink)); }
    void setFilter(TraceFilter filter) { filter_ = std::move(filter); }
    /// Whether any sink shows syscall arguments: what SessionOptions::decodeArgs should be
    /// (without one, `-q` with only the checks, the tracer never runs the decoder).
    bool showsArguments() const;
    const TraceFilter& filter() const { return filter_; }

    /// The start record goes to every sink; the checker learns the isolation settings.
    void start(const RunInfo& info);

    void onSyscall(const tracer::SyscallEvent& event) override;
    void onProcess(const tracer::ProcessEvent& event) override;
    void onNote(const tracer::TracerNote& note) override;
    /// Renders the siginfo once (reports/outputs/SignalRecord.h), then every sink gets the event.
    void onSignal(const tracer::SignalEvent& event) override;

    /// Ends the run: every sink's onFinish(end, summary), in order. Idempotent, so the normal
    /// path and an interrupted (Ctrl-C, timeout) path may both call it. When a sink throws
    /// (an I/O error writing its file), the others still finish; the first error is rethrown.
    const RunSummary& finish(const RunEnd& end);

    /// The run's summary so far (complete after finish()).
    const RunSummary& summary() const { return fanout_.summary(); }
    bool finished() const { return fanout_.finished(); }

  private:
    void publish(std::vector<Finding>& findings);

    Fanout fanout_;
    TraceFilter filter_;
    IsolationChecker checker_;
    std::vector<Finding> pending_;  ///< reused between events
    tracer::SignalEvent signal_;    ///< the rendered copy of the last signal event
};

}  // namespace scratch::reports
