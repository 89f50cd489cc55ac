// The trace in Chrome's trace-event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
// open: one track per task (pid = tgid, tid = tid), one complete event ("ph":"X") per syscall,
// process and thread names from exec ("ph":"M"), findings and exits as instant events ("ph":"i").
// The runtime's setup is a process group of its own, "setup (runtime)", listed first, with one
// track per task that made setup calls: the workload's tracks hold only what the command did.
// Streams: nothing is kept per syscall.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "reports/Output.h"
#include "reports/Sink.h"

namespace scratch::reports {

class PerfettoWriter : public Sink {
  public:
    /// The setup group's pid: PID_MAX_LIMIT (2^22), above every real pid. Its tracks' tids are
    /// this plus the task's tid, so no real thread's tid moves between two processes (Perfetto
    /// would split it into several threads).
    static constexpr pid_t kSetupPid = 4194304;
    /// The setup group's name.
    static constexpr const char* kSetupGroup = "setup (runtime)";

    /// Each slice carries the call's args and return.
    bool showsArguments() const override { return true; }
    explicit PerfettoWriter(Output out);

    void onStart(const RunInfo& info) override;
    void onSyscall(const tracer::SyscallEvent& event) override;
    void onProcess(const tracer::ProcessEvent& event) override;
    void onFinding(const Finding& finding) override;
    void onFinish(const RunEnd& end, const RunSummary& summary) override;

  private:
    /// Starts the next array element (the comma and newline).
    std::string& element();
    /// Names a task's thread (and, for a group leader, its process) when the name changes.
    void name(pid_t tid, pid_t tgid, pid_t nspid, const std::string& label);
    /// Names the setup group (first time) and the task's track in it (first time per task).
    void nameSetupTrack(pid_t tid);

    Output out_;
    bool first_ = true;
    std::unordered_map<pid_t, std::string> names_;  ///< tid -> the name last given
    std::unordered_map<pid_t, pid_t> tgidOf_;       ///< tid -> tgid, for findings
    std::unordered_map<pid_t, int64_t> lastTs_;     ///< tid -> its latest syscall's start
    std::unordered_set<pid_t> setupTracks_;         ///< tids with a track in the setup group
};

}  // namespace scratch::reports
