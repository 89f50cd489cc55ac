// A consumer of the whole run: a tracer listener plus the start, the findings and the end.
#pragma once

#include "reports/RunInfo.h"
#include "tracer/EventListener.h"

namespace scratch::reports {

class RunSummary;

/// Every output (text log, JSON Lines, end report, summary table) is a Sink. Sinks stream: they
/// keep what their end output needs, not the events.
class Sink : public tracer::EventListener {
  public:
    virtual void onStart(const RunInfo& info) { (void)info; }
    void onSyscall(const tracer::SyscallEvent& event) override { (void)event; }
    void onProcess(const tracer::ProcessEvent& event) override { (void)event; }
    void onNote(const tracer::TracerNote& note) override { (void)note; }
    virtual void onFinding(const Finding& finding) { (void)finding; }
    /// Whether it shows syscall arguments or rendered returns (a log line, a JSON record, a
    /// report's excerpts): the tracer decodes them only when some sink does (Pipeline).
    virtual bool showsArguments() const { return false; }
    /// The run is over; `summary` holds the verdict, the findings and the touched paths. Flush and
    /// close.
    virtual void onFinish(const RunEnd& end, const RunSummary& summary) {
        (void)end;
        (void)summary;
    }
};

}  // namespace scratch::reports
