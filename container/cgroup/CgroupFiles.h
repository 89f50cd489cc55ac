// Small reads and writes of cgroupfs control files, shared by the v1 and v2 backends. Reads
// never throw (a missing file is "unknown"); writes throw one line naming the file.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::container {

/// The file's text, or nullopt when it cannot be read.
std::optional<std::string> readControlFile(const std::filesystem::path& path);
/// A file holding one number ("max" and unreadable files: nullopt).
std::optional<uint64_t> readControlNumber(const std::filesystem::path& path);
/// The number after `key` in a flat-keyed file ("oom_kill 3" lines: memory.events, cpu.stat).
std::optional<uint64_t> readKeyedNumber(const std::filesystem::path& path, std::string_view key);
/// Writes text to a control file. Throws scratch::Error (125): "cgroup: PATH: write VALUE: why".
void writeControlFile(const std::filesystem::path& path, std::string_view text);
/// The pids listed in cgroup.procs (empty when unreadable).
std::vector<pid_t> readPids(const std::filesystem::path& procsFile);
/// rmdir, retried for up to about two seconds while it fails with EBUSY (tasks still dying).
/// Returns 0 or the errno of the last attempt (ENOENT counts as success).
int removeCgroupDir(const std::filesystem::path& dir);
/// Whether name is "scratch-trace-<pid>" of a process that no longer runs scratch-trace (a
/// SIGKILLed run's; called before our own is made, so even our own pid's name is stale).
bool isStaleRunCgroup(std::string_view name);
/// Removes the empty stale run cgroups directly below `parent` (best effort, never throws).
void removeStaleRunCgroups(const std::filesystem::path& parent);

}  // namespace scratch::container
