// The JSON Lines event stream (docs/json.md): start, then syscall / process / finding records in
// the order they happened, then the summary, last.
#pragma once

#include <cstdio>

#include "reports/Output.h"
#include "reports/Sink.h"

namespace scratch::reports {

/// Writes one JSON object per line. The stream is valid JSON Lines at every flush boundary; the
/// summary line is what tells a reader the run ended (a stream without one was cut short).
class JsonLinesWriter : public Sink {
  public:
    /// Each syscall record has its args and ret_text.
    bool showsArguments() const override { return true; }
    explicit JsonLinesWriter(Output out);
    /// Writes to `file` (not closed).
    explicit JsonLinesWriter(FILE* file);

    void onStart(const RunInfo& info) override;
    void onSyscall(const tracer::SyscallEvent& event) override;
    void onProcess(const tracer::ProcessEvent& event) override;
    /// A `{"type":"signal",...}` record (reports/outputs/SignalRecord.h).
    void onSignal(const tracer::SignalEvent& event) override;
    void onFinding(const Finding& finding) override;
    void onFinish(const RunEnd& end, const RunSummary& summary) override;

  private:
    Output out_;
};

}  // namespace scratch::reports
