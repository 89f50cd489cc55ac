// The trace in Chrome's trace-event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
// open: one track per task (pid = tgid, tid = tid), one complete event ("ph":"X") per syscall,
// process and thread names from exec ("ph":"M"), findings and exits as instant events ("ph":"i").
// Streams: nothing is kept per syscall.
#pragma once

#include <string>
#include <unordered_map>

#include "reports/Output.h"
#include "reports/Sink.h"

namespace scratch::reports {

class PerfettoWriter : public Sink {
  public:
    /// Each slice carries the call's args and return.
    bool showsArguments() const override { return true; }
    explicit PerfettoWriter(Output out);

    void onStart(const RunInfo& info) override;
    void onSyscall(const tracer::SyscallEvent& event) override;
    void onProcess(const tracer::ProcessEvent& event) override;
    void onFinding(const Finding& finding) override;
    void onFinish(const RunEnd& end, const Verdict& verdict) override;

  private:
    /// Starts the next array element (the comma and newline).
    std::string& element();
    /// Names a task's thread (and, for a group leader, its process) when the name changes.
    void name(pid_t tid, pid_t tgid, pid_t nspid, const std::string& label);

    Output out_;
    bool first_ = true;
    std::unordered_map<pid_t, std::string> names_;  ///< tid -> the name last given
    std::unordered_map<pid_t, pid_t> tgidOf_;       ///< tid -> tgid, for findings
    std::unordered_map<pid_t, int64_t> lastTs_;     ///< tid -> its latest syscall's start
};

}  // namespace scratch::reports
