// The live strace-style log: one line per shown syscall, with the pid on both sides of the PID
// namespace and, after the result, where each path really went.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <unordered_map>

#include "reports/Output.h"
#include "reports/Sink.h"

namespace scratch::reports {

/// How the log looks (strace's -tt and -T, plus ours).
struct TextLogOptions {
    bool wallClock = false;  ///< -tt: "HH:MM:SS.micro" after the pid
    bool durations = false;  ///< -T: " <0.000123>" after the result
    bool showWhere = true;   ///< the trailing "  # where:host" list
    bool relative = false;   ///< -r: "     0.000123 " since the previous line, after the pid
    /// -ff -o FILE: each task's lines go to FILE.TID (host tid), without the "[pid N]" prefix,
    /// as strace writes them. Empty: one log.
    std::string perTaskBase;
};

/// Writes `[pid HOST/NS] name(arg, arg) = ret` lines. Buffered (Output): the bytes reach the
/// file in large writes and for sure at finish.
class TextLog : public Sink {
  public:
    /// Each line is the call with its arguments.
    bool showsArguments() const override { return true; }
    explicit TextLog(Output out, TextLogOptions options = {});
    /// Writes to `file` (not closed).
    explicit TextLog(FILE* file, TextLogOptions options = {});

    void onStart(const RunInfo& info) override;
    void onSyscall(const tracer::SyscallEvent& event) override;
    void onProcess(const tracer::ProcessEvent& event) override;
    /// `--- SIGCHLD {si_signo=SIGCHLD, ...} ---`, as strace prints a signal-delivery stop.
    void onSignal(const tracer::SignalEvent& event) override;
    void onFinish(const RunEnd& end, const RunSummary& summary) override;

  private:
    void appendPrefix(std::string& line, pid_t tid, pid_t nspid, int64_t tsNs);
    /// The log a task's lines go to: the one log, or its own FILE.TID with -ff.
    Output& outputFor(pid_t tid);

    Output out_;
    std::unordered_map<pid_t, Output> perTask_;
    std::string firstError_;     ///< -ff: the first failed write of a task's file, for the end
    int64_t previousTsNs_ = -1;  ///< -r: the time of the previous line
    TextLogOptions options_;
    int64_t startEpochNs_ = 0;
    int64_t cachedSecond_ = -1;  ///< the epoch second whose HH:MM:SS is cached
    char cachedClock_[16] = {};
};

}  // namespace scratch::reports
