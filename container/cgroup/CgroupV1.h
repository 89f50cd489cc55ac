// The run's cgroup on v1 hierarchies: one directory per hierarchy a limit needs (memory, pids,
// cpu), each below our own cgroup there. memory.limit_in_bytes (+ memsw), pids.max,
// cpu.cfs_quota_us/cfs_period_us; read back memory.oom_control, pids.events,
// memory.max_usage_in_bytes, cpu.stat. No cgroup.kill on v1: remaining tasks are killed one
// by one before rmdir.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "container/cgroup/Cgroup.h"

namespace scratch::container {

class CgroupV1 final : public Cgroup {
  public:
    /// controller ("memory", "pids", "cpu") -> our own cgroup's directory in its hierarchy.
    using ParentDirs = std::map<std::string, std::filesystem::path>;
    /// Makes parent/name in each needed controller's hierarchy and writes the limits. Throws
    /// scratch::Error (125) with one line; whatever was made is removed again.
    static std::unique_ptr<CgroupV1> create(const ParentDirs& parents, const std::string& name,
                                            const CgroupLimits& limits);
    ~CgroupV1() override;

    int version() const override { return 1; }
    std::vector<std::string> paths() const override;
    void attach(pid_t pid) override;
    CgroupStats stats() const override;
    std::string remove() noexcept override;

  private:
    explicit CgroupV1(const CgroupLimits& limits) : Cgroup(limits) {}
    void writeLimits();
    /// The run's directory in the controller's hierarchy, or empty when not joined.
    std::filesystem::path dirOf(const std::string& controller) const;
    std::map<std::string, std::filesystem::path> dirs_;  ///< controller -> run's directory
    std::vector<std::filesystem::path> made_;            ///< distinct directories, made order
    bool removed_ = false;
};

}  // namespace scratch::container
