// strace 6.1's rendering of the system-information structs real programs ask for: statfs, rusage,
// sysinfo, stack_t (sigaltstack), sched_attr and cpu sets, with the constants around them
// (RUSAGE_*, MREMAP_*). Pure functions over the bytes the kernel reads or fills (x86_64
// layouts), so the unit tests feed them bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

constexpr size_t kStatfsSize = 120;
constexpr size_t kRusageSize = 144;
constexpr size_t kSysinfoSize = 112;
constexpr size_t kStackSize = 24;
constexpr size_t kSchedAttrSize = 56;
/// The most bytes of a cpu set read (strace reads what the call gives; 8192 CPUs is plenty).
constexpr size_t kCpuSetMax = 1024;

/// {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ..., f_flags=ST_VALID|ST_RELATIME}
std::string statfsText(std::string_view bytes);
/// The name strace gives a filesystem magic (f_type), or "" when it has none.
std::string_view fsMagicName(uint64_t magic);
/// {ru_utime={tv_sec=0, tv_usec=118}, ru_stime={tv_sec=0, tv_usec=0}, ...}
std::string rusageText(std::string_view bytes);
/// RUSAGE_SELF, RUSAGE_CHILDREN, RUSAGE_THREAD.
std::string rusageWhoText(int64_t who);
/// {uptime=1, loads=[1, 2, 3], totalram=..., mem_unit=1}
std::string sysinfoText(std::string_view bytes);
/// {ss_sp=0x55fd89d46220, ss_flags=SS_DISABLE, ss_size=16384}
std::string stackText(std::string_view bytes);
/// {size=56, sched_policy=SCHED_OTHER, sched_flags=0, ...}
std::string schedAttrText(std::string_view bytes);
/// "[0 1]": the CPUs in the set.
std::string cpuSetText(std::string_view bytes);
/// MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP, "0" for none.
std::string mremapFlagsText(uint64_t flags);

}  // namespace scratch::tracer
