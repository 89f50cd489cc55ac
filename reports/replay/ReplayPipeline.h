// A saved trace fed into the live run's fan-out (reports/Fanout.h): the same sinks, fed the same
// events in the same order, but the findings come from the file instead of from the checks.
// Re-running the checks would duplicate every finding and could not reproduce the ones made from
// tracer notes (inherited fds, lost tasks, host mounts), which the stream does not carry; a newer
// checker would also rewrite history. So a replay reports what the run reported, exactly.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "reports/Fanout.h"
#include "reports/RunSummary.h"
#include "reports/Sink.h"
#include "reports/replay/JsonTraceReader.h"

namespace scratch::reports {

/// How a replay renders the syscall records that carry a capture (reports/replay/CaptureFields.h):
/// an option left unset is the run's own (the start record's "decode"), so by default the log
/// comes out as the live run's did.
struct ReplayDecoding {
    std::optional<size_t> maxString;               ///< -s
    std::optional<bool> showEnv;                   ///< -v
    std::optional<tracer::HexStrings> hexStrings;  ///< -x / -xx
    bool showFdPaths = true;                       ///< false: fds without their paths
};

/// Feed start(), then the records, then finish(). The RunSummary is rebuilt from the records (as
/// the live Pipeline builds it from events); when the file has its summary, the summary's end
/// state, counts and omitted findings are authoritative (a -e filter thinned the syscall records,
/// and only the summary knows what it hid).
class ReplayPipeline {
  public:
    /// Adds a sink; sinks are called in the order they were added.
    void add(std::unique_ptr<Sink> sink) { fanout_.add(std::move(sink)); }

    void start(const RunInfo& info);
    void onSyscall(const tracer::SyscallEvent& event);
    void onProcess(const tracer::ProcessEvent& event);
    void onSignal(const tracer::SignalEvent& event);
    void onFinding(const Finding& finding);
    /// Ends the replay. `summary` is null for a trace that was cut short: the end is then
    /// reconstructed (duration from the last timestamp, exit code from the command's process).
    const RunSummary& finish(const TraceSummary* summary);

    /// Sets how captured syscalls are rendered (before run()).
    void setDecoding(const ReplayDecoding& decoding) { decoding_ = decoding; }
    /// Renders a captured syscall record (SyscallEvent::decodeDeferred) with the replay's decode
    /// options, as the live run's output side did; other records are left as read.
    void render(tracer::SyscallEvent& event) const;

    /// Feeds every record of `reader` and finishes; returns the run's summary.
    const RunSummary& run(JsonTraceReader& reader);

    /// Called at finish, before the sinks finish, when the trace had no summary line (so a sink
    /// can say the report is incomplete).
    void setIncompleteHook(std::function<void()> hook) { incompleteHook_ = std::move(hook); }

    const RunSummary& summary() const { return fanout_.summary(); }
    const RunEnd& end() const { return end_; }
    /// False when the trace had no summary line.
    bool complete() const { return complete_; }

  private:
    void mergeSummary(const TraceSummary& saved);

    Fanout fanout_;
    std::function<void()> incompleteHook_;
    ReplayDecoding decoding_;
    tracer::DecodeOptions decode_;  ///< decoding_ over the start record's
    RunEnd end_;
    RunInfo info_;
    int64_t lastTsNs_ = 0;
    pid_t commandTgid_ = 0;  ///< the process of the first workload exec
    int commandExit_ = 0;
    int commandSignal_ = 0;
    bool complete_ = true;
};

}  // namespace scratch::reports
