// Decides findings from the tracer's attribution of each path (PathRef::where) and from its
// notes; never from what a path string looks like. docs/isolation.md explains every rule.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reports/RunInfo.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// Turns events into findings. Stateless but for de-duplication: one finding per (class, host
/// path or per-task key), raised again only when a later event is more severe (a warning for a
/// failed attempt, then a leak when the same path is really reached).
class IsolationChecker {
  public:
    /// The run's isolation settings choose the wording of the fixes (--root-mode, --proc).
    void start(const RunInfo& info);

    /// Appends the findings `event` shows to `out`. Setup-phase events never produce findings:
    /// the runtime's own mount and chroot are the isolation being built, not a breach of it.
    void check(const tracer::SyscallEvent& event, std::vector<Finding>& out);

    /// Appends the findings a tracer note shows to `out`. Notes are findings whatever the phase:
    /// an fd the runtime leaked or a task the tracer lost is a problem even when the runtime
    /// caused it. Except blind spots: an argument of the runtime's own setup that the tracer
    /// could not read says nothing about the workload (notes before its first event are ignored).
    void check(const tracer::TracerNote& note, std::vector<Finding>& out);

  private:
    /// The process (thread group) of a task, as the events showed it; the tid itself when none
    /// did. Blind spots are reported once per (reason, process).
    pid_t processOf(pid_t tid) const;
    /// Note BlindSpot: one warning per (reason, process); the verdict becomes inconclusive.
    void checkBlindSpot(const tracer::TracerNote& note, std::vector<Finding>& out);
    /// The fix for an escaped root or cwd: by how it got out (an fd, or the root mode).
    std::string escapedFix(const tracer::PathRef& ref) const;

    /// True when (klass, key) is new, or seen before only with a lower severity.
    bool isNew(FindingClass klass, std::string_view key, Severity severity);
    static void add(std::vector<Finding>& out, FindingClass klass, Severity severity, pid_t pid,
                    pid_t nspid, uint64_t seq, std::string host, std::string message,
                    std::string fix);

    void checkPath(const tracer::SyscallEvent& event, const tracer::PathRef& ref, bool succeeded,
                   std::vector<Finding>& out);
    void checkSensitive(const tracer::SyscallEvent& event, const tracer::PathRef& ref,
                        bool succeeded, std::vector<Finding>& out);
    std::string outsideFix(const tracer::PathRef& ref) const;
    /// EscapedRoot notes: the kernel's own view of a task's root or cwd after a change
    /// (reports/checks/InvariantRules.cpp).
    void checkEscapedRoot(const tracer::TracerNote& note, std::vector<Finding>& out);
    /// UntracedTask notes: a clone refused ("prevented: ...") or a pid no event announced.
    void checkUntracedTask(const tracer::TracerNote& note, std::vector<Finding>& out);

    RootMode rootMode_ = RootMode::Chroot;
    std::unordered_map<std::string, Severity> seen_;
    std::vector<std::string> ownCgroups_;
    std::unordered_map<pid_t, pid_t> tgidOf_;
    pid_t lastTid_ = 0;
    /// A workload-phase event was seen: notes before it are about the runtime's own setup.
    bool workloadStarted_ = false;
};

}  // namespace scratch::reports
