// The run's cgroup on the unified hierarchy (cgroup v2): memory.max (+ memory.swap.max 0),
// pids.max, cpu.max; read back memory.events, pids.events, memory.peak, cpu.stat; removed with
// cgroup.kill. The parent directory is injected, so a fake cgroupfs tree can stand in for it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "container/cgroup/Cgroup.h"

namespace scratch::container {

class CgroupV2 final : public Cgroup {
  public:
    /// The controllers the limits need, in cgroup.subtree_control's spelling.
    static std::vector<std::string> controllersFor(const CgroupLimits& limits);
    /// Enables the needed controllers in parent's cgroup.subtree_control (when not already),
    /// makes parent/name and writes the limits. Throws scratch::Error (125) with one line.
    static std::unique_ptr<CgroupV2> create(const std::filesystem::path& parent,
                                            const std::string& name, const CgroupLimits& limits);
    ~CgroupV2() override;

    int version() const override { return 2; }
    std::vector<std::string> paths() const override { return {dir_.string()}; }
    void attach(pid_t pid) override;
    CgroupStats stats() const override;
    std::string remove() noexcept override;

  private:
    CgroupV2(std::filesystem::path dir, const CgroupLimits& limits);
    void writeLimits();
    std::filesystem::path dir_;
    bool removed_ = false;
};

}  // namespace scratch::container
