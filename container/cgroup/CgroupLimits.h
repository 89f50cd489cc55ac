// The resource limits a run asks for (--memory, --pids, --cpus): parsing and formatting only,
// so the rules for what a user may type are tested without any cgroup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::container {

/// What the run's cgroup enforces. An empty optional means "no limit of this kind".
struct CgroupLimits {
    std::optional<uint64_t> memoryBytes;  ///< --memory: memory (and swap: none) in bytes
    std::optional<uint64_t> pids;         ///< --pids: tasks (processes and threads)
    std::optional<double> cpus;           ///< --cpus: CPU time per wall time, e.g. 0.5

    /// Whether any limit is set: without one, no cgroup is made.
    bool any() const { return memoryBytes || pids || cpus; }
};

/// The CFS period every --cpus quota uses (the kernel's default, 100 ms).
inline constexpr uint64_t kCpuPeriodUs = 100'000U;
/// The smallest --memory accepted: below this not even the launcher can start.
inline constexpr uint64_t kMinMemoryBytes = 1U << 20U;

/// "64M", "1G", "512K", "1.5G", "4096" (bytes; K/M/G/T are powers of 1024, an optional
/// trailing "B" or "iB" is allowed). Throws scratch::Error (exit 2) naming `option` otherwise.
uint64_t parseMemorySize(std::string_view text, std::string_view option = "--memory");
/// A whole number of tasks, 1 to 4194304 (the kernel's PID_MAX_LIMIT). Throws exit 2.
uint64_t parsePidsLimit(std::string_view text);
/// A CPU count, 0.01 to 4096 (0.5 = half of one CPU). Throws exit 2.
double parseCpuLimit(std::string_view text);

/// The CFS quota in microseconds per kCpuPeriodUs for `cpus`.
uint64_t cpuQuotaUs(double cpus);

/// "64 MiB", "1.5 GiB", "4096 bytes": the exact value, in the largest unit that keeps it short.
std::string formatBytes(uint64_t bytes);
/// "0.5", "2": as short as the value allows.
std::string formatCpus(double cpus);

/// "memory=64MiB", "pids=20", "cpus=0.5" for the start record's setup list.
std::vector<std::string> limitsSummary(const CgroupLimits& limits);

}  // namespace scratch::container
