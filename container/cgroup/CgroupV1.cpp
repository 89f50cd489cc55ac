// cgroup v1 backend. Controllers may share a hierarchy (cpu,cpuacct): a directory is made
// once per hierarchy and shared by its controllers.
#include "container/cgroup/CgroupV1.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>

#include "common/Error.h"
#include "container/cgroup/CgroupFiles.h"
#include "container/cgroup/CgroupV2.h"

namespace scratch::container {

std::unique_ptr<CgroupV1> CgroupV1::create(const ParentDirs& parents, const std::string& name,
                                           const CgroupLimits& limits) {
    std::unique_ptr<CgroupV1> cgroup(new CgroupV1(limits));
    for (const std::string& controller : CgroupV2::controllersFor(limits)) {
        const auto parent = parents.find(controller);
        if (parent == parents.end()) {
            throw Error("cgroup v1: no " + controller + " hierarchy is mounted");
        }
        const std::filesystem::path dir = parent->second / name;
        if (std::find(cgroup->made_.begin(), cgroup->made_.end(), dir) == cgroup->made_.end()) {
            if (::mkdir(dir.c_str(), 0755) != 0) {
                const int err = errno;
                throw Error("cgroup v1: mkdir " + dir.string() + ": " + std::strerror(err) +
                            (err == EACCES || err == EPERM || err == EROFS
                                 ? " (cgroup limits need root or a delegated cgroup)"
                                 : ""));
            }
            cgroup->made_.push_back(dir);
        }
        cgroup->dirs_[controller] = dir;
    }
    cgroup->writeLimits();  // on failure the destructor removes the directories again
    return cgroup;
}

CgroupV1::~CgroupV1() { (void)remove(); }

std::filesystem::path CgroupV1::dirOf(const std::string& controller) const {
    const auto it = dirs_.find(controller);
    return it == dirs_.end() ? std::filesystem::path() : it->second;
}

void CgroupV1::writeLimits() {
    if (limits_.memoryBytes) {
        const std::filesystem::path dir = dirOf("memory");
        const std::string bytes = std::to_string(*limits_.memoryBytes);
        writeControlFile(dir / "memory.limit_in_bytes", bytes);
        // memory+swap to the same value: no swap. Only with swap accounting (memsw files);
        // set after the memory limit because memsw may never be below it.
        if (std::filesystem::exists(dir / "memory.memsw.limit_in_bytes")) {
            writeControlFile(dir / "memory.memsw.limit_in_bytes", bytes);
        }
    }
    if (limits_.pids) writeControlFile(dirOf("pids") / "pids.max", std::to_string(*limits_.pids));
    if (limits_.cpus) {
        const std::filesystem::path dir = dirOf("cpu");
        writeControlFile(dir / "cpu.cfs_period_us", std::to_string(kCpuPeriodUs));
        writeControlFile(dir / "cpu.cfs_quota_us", std::to_string(cpuQuotaUs(*limits_.cpus)));
    }
}

std::vector<std::string> CgroupV1::paths() const {
    std::vector<std::string> out;
    for (const auto& dir : made_) out.push_back(dir.string());
    return out;
}

void CgroupV1::attach(pid_t pid) {
    for (const auto& dir : made_) writeControlFile(dir / "cgroup.procs", std::to_string(pid));
}

CgroupStats CgroupV1::stats() const {
    CgroupStats s;
    if (const auto dir = dirOf("memory"); !dir.empty()) {
        s.oomKills = readKeyedNumber(dir / "memory.oom_control", "oom_kill");
        s.memoryPeak = readControlNumber(dir / "memory.max_usage_in_bytes");
    }
    if (const auto dir = dirOf("pids"); !dir.empty()) {
        s.pidsRefused = readKeyedNumber(dir / "pids.events", "max");
    }
    if (const auto dir = dirOf("cpu"); !dir.empty()) {
        s.cpuThrottled = readKeyedNumber(dir / "cpu.stat", "nr_throttled");
        s.cpuPeriods = readKeyedNumber(dir / "cpu.stat", "nr_periods");
    }
    return s;
}

std::string CgroupV1::remove() noexcept {
    if (removed_) return "";
    removed_ = true;
    std::string problem;
    try {
        // The same tasks are in every hierarchy of the run; kill until the first one is empty.
        if (!made_.empty()) {
            for (int round = 0; round < 100; ++round) {
                const auto pids = readPids(made_.front() / "cgroup.procs");
                if (pids.empty()) break;
                for (pid_t pid : pids) ::kill(pid, SIGKILL);
                const timespec pause{0, 10'000'000};
                nanosleep(&pause, nullptr);
            }
        }
        for (auto it = made_.rbegin(); it != made_.rend(); ++it) {
            const int err = removeCgroupDir(*it);
            if (err != 0 && problem.empty()) {
                problem = "cgroup: rmdir " + it->string() + ": " + std::strerror(err);
            }
        }
    } catch (const std::exception& e) {
        return e.what();
    }
    return problem;
}

}  // namespace scratch::container
