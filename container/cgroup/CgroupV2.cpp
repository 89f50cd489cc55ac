// cgroup v2 backend. A new cgroup gets a controller's files only when its parent lists the
// controller in cgroup.subtree_control, so that is checked (and enabled) first.
#include "container/cgroup/CgroupV2.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sstream>

#include "common/Error.h"
#include "container/cgroup/CgroupFiles.h"

namespace scratch::container {
namespace {

std::vector<std::string> words(const std::optional<std::string>& text) {
    std::vector<std::string> out;
    if (!text) return out;
    std::istringstream in(*text);
    std::string word;
    while (in >> word) out.push_back(word);
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::vector<std::string> CgroupV2::controllersFor(const CgroupLimits& limits) {
    std::vector<std::string> out;
    if (limits.memoryBytes) out.emplace_back("memory");
    if (limits.pids) out.emplace_back("pids");
    if (limits.cpus) out.emplace_back("cpu");
    return out;
}

std::unique_ptr<CgroupV2> CgroupV2::create(const std::filesystem::path& parent,
                                           const std::string& name, const CgroupLimits& limits) {
    const auto available = words(readControlFile(parent / "cgroup.controllers"));
    const auto enabled = words(readControlFile(parent / "cgroup.subtree_control"));
    std::string missing;  // "+pids +cpu": one write, the kernel takes a list
    for (const std::string& controller : controllersFor(limits)) {
        if (contains(enabled, controller)) continue;
        if (!contains(available, controller)) {
            throw Error("cgroup v2: the " + controller + " controller is not available in " +
                        parent.string() + " (not in its cgroup.controllers)");
        }
        missing += (missing.empty() ? "+" : " +") + controller;
    }
    if (!missing.empty()) {
        try {
            writeControlFile(parent / "cgroup.subtree_control", missing);
        } catch (const Error& e) {
            // EBUSY: the parent holds processes itself ("no internal processes" rule).
            throw Error(std::string(e.what()) +
                        " (enable it there, or run scratch-trace from a cgroup whose parent "
                        "delegates it)");
        }
    }
    const std::filesystem::path dir = parent / name;
    if (::mkdir(dir.c_str(), 0755) != 0) {
        const int err = errno;
        throw Error("cgroup v2: mkdir " + dir.string() + ": " + std::strerror(err) +
                    (err == EACCES || err == EPERM || err == EROFS
                         ? " (cgroup limits need root or a delegated cgroup)"
                         : ""));
    }
    std::unique_ptr<CgroupV2> cgroup(new CgroupV2(dir, limits));
    cgroup->writeLimits();  // on failure the destructor removes the directory again
    return cgroup;
}

CgroupV2::CgroupV2(std::filesystem::path dir, const CgroupLimits& limits)
    : Cgroup(limits), dir_(std::move(dir)) {}

CgroupV2::~CgroupV2() { (void)remove(); }

void CgroupV2::writeLimits() {
    if (limits_.memoryBytes) {
        writeControlFile(dir_ / "memory.max", std::to_string(*limits_.memoryBytes));
        // No swap either, like v1's memsw limit: otherwise the hog just moves to swap. Absent
        // without swap accounting, which is fine.
        try {
            writeControlFile(dir_ / "memory.swap.max", "0");
        } catch (const Error&) {
        }
    }
    if (limits_.pids) writeControlFile(dir_ / "pids.max", std::to_string(*limits_.pids));
    if (limits_.cpus) {
        writeControlFile(dir_ / "cpu.max", std::to_string(cpuQuotaUs(*limits_.cpus)) + " " +
                                               std::to_string(kCpuPeriodUs));
    }
}

void CgroupV2::attach(pid_t pid) { writeControlFile(dir_ / "cgroup.procs", std::to_string(pid)); }

CgroupStats CgroupV2::stats() const {
    CgroupStats s;
    s.oomKills = readKeyedNumber(dir_ / "memory.events", "oom_kill");
    s.pidsRefused = readKeyedNumber(dir_ / "pids.events", "max");
    s.memoryPeak = readControlNumber(dir_ / "memory.peak");
    s.cpuThrottled = readKeyedNumber(dir_ / "cpu.stat", "nr_throttled");
    s.cpuPeriods = readKeyedNumber(dir_ / "cpu.stat", "nr_periods");
    return s;
}

std::string CgroupV2::remove() noexcept {
    if (removed_) return "";
    removed_ = true;
    try {
        // cgroup.kill (Linux 5.14+) kills every task in the subtree at once; older kernels:
        // one by one, which is enough because nothing of ours forks any more.
        bool killed = false;
        try {
            writeControlFile(dir_ / "cgroup.kill", "1");
            killed = true;
        } catch (const Error&) {
        }
        if (!killed) {
            for (pid_t pid : readPids(dir_ / "cgroup.procs")) ::kill(pid, SIGKILL);
        }
        const int err = removeCgroupDir(dir_);
        if (err != 0) return "cgroup: rmdir " + dir_.string() + ": " + std::strerror(err);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace scratch::container
