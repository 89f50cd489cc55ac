#include "reports/documents/ReportWords.h"

#include <fmt/format.h>

#include <algorithm>

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

namespace {

/// "64 MiB" when exact in a unit, else one decimal ("3.2 MiB"); below 1 KiB, "N bytes".
std::string sizeText(uint64_t bytes) {
    static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    int unit = 0;
    auto value = static_cast<double>(bytes) / 1024.0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    const uint64_t scale = 1ULL << (10U * static_cast<unsigned>(unit + 1));
    if (bytes % scale == 0) return fmt::format("{} {}", bytes / scale, kUnits[unit]);
    return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string countText(uint64_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string limitsSentence(const CgroupSummary& cgroup) {
    std::vector<std::string> parts;
    if (cgroup.memoryMax) {
        std::string part = "memory " + sizeText(*cgroup.memoryMax);
        if (!cgroup.oomKills) {
            part += " (hit unknown";
        } else if (*cgroup.oomKills > 0) {
            part += " (hit: " + countText(*cgroup.oomKills, "OOM kill", "OOM kills");
        } else {
            part += " (not hit";
        }
        if (cgroup.memoryPeak) part += "; peak " + sizeText(*cgroup.memoryPeak);
        parts.push_back(part + ")");
    }
    if (cgroup.pidsMax) {
        std::string part = fmt::format("pids {}", *cgroup.pidsMax);
        if (!cgroup.pidsRefused) {
            part += " (hit unknown)";
        } else if (*cgroup.pidsRefused > 0) {
            part +=
                " (hit: " + countText(*cgroup.pidsRefused, "fork refused", "forks refused") + ")";
        } else {
            part += " (not hit)";
        }
        parts.push_back(part);
    }
    if (cgroup.cpus) {
        std::string cpus = fmt::format("{:.2f}", *cgroup.cpus);
        while (cpus.back() == '0') cpus.pop_back();
        if (cpus.back() == '.') cpus.pop_back();
        std::string part = "cpus " + cpus;
        if (!cgroup.cpuThrottled) {
            part += " (throttling unknown)";
        } else if (*cgroup.cpuThrottled > 0) {
            part += fmt::format(" (throttled in {} of {} periods)", *cgroup.cpuThrottled,
                                cgroup.cpuPeriods.value_or(*cgroup.cpuThrottled));
        } else {
            part += " (not throttled)";
        }
        parts.push_back(part);
    }
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
    return out.empty() ? "none" : out;
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

std::string verdictSentence(const RunSummary& summary) {
    if (summary.isLeak()) {
        return "The isolation did not hold: the workload reached host objects it should not see. "
               "Each finding below says where, and what would fix it.";
    }
    if (summary.isInconclusive()) {
        return "No leak was seen, but the tracer could not see everything the verdict depends on: "
               "each blind-spot finding below says what, and how to take it away.";
    }
    if (summary.totalFindings() > 0) {
        return "No leak was seen; the warnings below are attempts or channels the tracer cannot "
               "see into.";
    }
    return "No leak was seen: every path the workload reached stayed inside the container.";
}

std::string namespaceInodesSentence(const std::vector<NamespaceInode>& namespaces) {
    const auto inode = [](uint64_t value) {
        return value == 0 ? std::string("?") : std::to_string(value);
    };
    std::string fresh;
    std::string shared;
    for (const NamespaceInode& ns : namespaces) {
        if (ns.isNew) {
            fresh += (fresh.empty() ? "" : ", ") + ns.name + " " + inode(ns.container) + " (host " +
                     inode(ns.host) + ")";
        } else {
            shared += (shared.empty() ? "" : ", ") + ns.name + " " + inode(ns.container);
        }
    }
    if (shared.empty()) return fresh;
    return fresh + (fresh.empty() ? "" : "; ") + "shared with the host: " + shared;
}

std::string rootModeMeaning(RootMode mode) {
    switch (mode) {
        case RootMode::Chroot:
            return "chroot into the rootfs (the seed article's way)";
        case RootMode::Pivot:
            return "pivot_root into the rootfs, old root detached";
        case RootMode::None:
            return "the host's root is kept: the container sees the host's files";
    }
    return "unknown";
}

std::string procModeMeaning(ProcMode mode) {
    switch (mode) {
        case ProcMode::New:
            return "a fresh procfs for the container's PID namespace";
        case ProcMode::None:
            return "no /proc mounted: whatever /proc the root has is used";
    }
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

std::string setupSentence(const SyscallStats& setup) {
    std::vector<SyscallStat> rows = setup.sorted();
    if (rows.empty()) return "none";
    std::stable_sort(rows.begin(), rows.end(), [](const SyscallStat& a, const SyscallStat& b) {
        return a.calls != b.calls ? a.calls > b.calls : a.name < b.name;
    });
    const uint64_t calls = setup.total().calls;
    std::string out = std::to_string(calls) + (calls == 1 ? " syscall: " : " syscalls: ");
    for (size_t i = 0; i < rows.size() && i < 8; ++i) {
        out += (i == 0 ? "" : ", ") + rows[i].name + " x" + std::to_string(rows[i].calls);
    }
    if (rows.size() > 8) out += ", +" + std::to_string(rows.size() - 8) + " more";
    return out;
}

}  // namespace scratch::reports
