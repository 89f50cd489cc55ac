// One run's cgroup: made before the container starts, the launcher placed in it before it runs
// anything traced, read for what the limits did, and removed afterwards. v1 and v2 differ in
// file names and layout only; RunCommand sees this interface.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "container/cgroup/CgroupLimits.h"

namespace scratch::container {

/// What the limits did, read at the end of the run (absent: the kernel does not say).
struct CgroupStats {
    std::optional<uint64_t> oomKills;      ///< processes the OOM killer killed in the cgroup
    std::optional<uint64_t> pidsRefused;   ///< forks/clones refused at the pids limit
    std::optional<uint64_t> memoryPeak;    ///< the highest memory use, bytes
    std::optional<uint64_t> cpuThrottled;  ///< CFS periods in which the quota ran out
    std::optional<uint64_t> cpuPeriods;    ///< CFS periods with runnable tasks
};

/// The cgroup of one run, with its limits already written.
class Cgroup {
  public:
    virtual ~Cgroup() = default;
    /// 1 or 2.
    virtual int version() const = 0;
    /// The cgroup's directories (v2: one; v1: one per hierarchy used), main one first.
    virtual std::vector<std::string> paths() const = 0;
    /// Moves the process `pid` into the cgroup. Throws scratch::Error (125).
    virtual void attach(pid_t pid) = 0;
    /// What the limits did so far.
    virtual CgroupStats stats() const = 0;
    /// Kills whatever is still in the cgroup and removes it (retrying briefly while the kernel
    /// still counts dying tasks). Returns "" or one line saying what could not be removed.
    /// Never throws; calling it twice is harmless.
    virtual std::string remove() noexcept = 0;
    /// The limits it enforces.
    const CgroupLimits& limits() const { return limits_; }

  protected:
    explicit Cgroup(CgroupLimits limits) : limits_(limits) {}
    CgroupLimits limits_;
};

/// The name of the run's cgroup: scratch-trace-<pid of scratch-trace>.
std::string runCgroupName(pid_t tracerPid);

/// Makes the run's cgroup for `limits` below our own cgroup, on v2 when the unified hierarchy
/// has every controller needed, else on v1. Removes stale scratch-trace-<pid> cgroups of dead
/// runs first (a SIGKILLed scratch-trace cannot remove its own). Throws scratch::Error (125)
/// with one line when cgroups are missing, a controller is not available or not writable.
std::unique_ptr<Cgroup> createRunCgroup(const CgroupLimits& limits);

}  // namespace scratch::container
