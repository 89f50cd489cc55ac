#include "reports/ReportWords.h"

#include <fmt/format.h>

#include "reports/JsonText.h"
#include "reports/Names.h"

namespace scratch::reports {

std::string commandText(const std::vector<std::string>& command) {
    std::string out;
    for (const auto& word : command) {
        if (!out.empty()) out += ' ';
        out += displayText(word);
    }
    return out;
}

std::string countsSentence(const RunCounts& c) {
    auto plural = [](uint64_t n, const char* one, const char* many) {
        return fmt::format("{} {}", n, n == 1 ? one : many);
    };
    return fmt::format("{} ({} failed), {}, {}, {}", plural(c.syscalls, "syscall", "syscalls"),
                       c.failed, plural(c.processes, "process", "processes"),
                       plural(c.threads, "thread", "threads"), plural(c.execs, "exec", "execs"));
}

std::string exitSentence(const RunEnd& end) {
    std::string out = std::to_string(end.exitCode);
    if (end.termSignal != 0) out += " (killed by " + signalName(end.termSignal) + ")";
    out += fmt::format(" after {:.3f} s", static_cast<double>(end.durationNs) / 1e9);
    if (end.timedOut) out += ", timed out: the container was killed";
    if (end.interrupted) {
        out += ", interrupted by " + signalName(end.interruptSignal) + ": the trace is incomplete";
    }
    return out;
}

std::string verdictSentence(const Verdict& verdict) {
    if (verdict.isLeak()) {
        return "The isolation did not hold: the workload reached host objects it should not see. "
               "Each finding below says where, and what would fix it.";
    }
    if (verdict.totalFindings() > 0) {
        return "No leak was seen; the warnings below are attempts or channels the tracer cannot "
               "see into.";
    }
    return "No leak was seen: every path the workload reached stayed inside the container.";
}

std::string rootModeMeaning(const std::string& mode) {
    if (mode == "chroot") return "chroot into the rootfs (the seed article's way)";
    if (mode == "pivot") return "pivot_root into the rootfs, old root detached";
    if (mode == "none") return "the host's root is kept: the container sees the host's files";
    return "unknown";
}

std::string procModeMeaning(const std::string& mode) {
    if (mode == "new") return "a fresh procfs for the container's PID namespace";
    if (mode == "none") return "no /proc mounted: whatever /proc the root has is used";
    return "unknown";
}

std::string pidsText(pid_t tid, pid_t nspid) {
    if (nspid > 0) return fmt::format("{} / container {}", tid, nspid);
    return fmt::format("{} (host only)", tid);
}

std::string taskEnd(const TaskNode& node) {
    if (!node.exited) return "no exit seen";
    if (node.termSignal != 0) return "killed by " + signalName(node.termSignal);
    return fmt::format("exited {}", node.exitCode);
}

}  // namespace scratch::reports
