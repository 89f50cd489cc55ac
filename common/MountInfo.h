// The one reader of mount tables (/proc/PID/mountinfo) in the project, backed by util-linux's
// libmount so the octal escapes and optional fields of the format are handled in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scratch {

/// One mount of a mountinfo table, fields unescaped (a space in a mount point is a space).
struct MountInfoEntry {
    uint64_t id = 0;      ///< the kernel's mount id
    uint64_t parent = 0;  ///< the mount id of the parent mount
    uint64_t dev = 0;     ///< st_dev of the filesystem (makedev(major, minor))
    std::string root;     ///< the directory of the filesystem this mount shows ("/" for all of it)
    std::string target;   ///< the mount point, relative to the root of the task that read it
    std::string fstype;
    std::string source;     ///< the mount source ("none", "/dev/sda1", "overlay", ...)
    std::string options;    ///< per-mount options ("rw,nosuid,relatime")
    std::string fsOptions;  ///< super block options ("rw,memory" for a v1 cgroup)
};

/// Reads a mountinfo file (e.g. /proc/self/mountinfo). nullopt when it cannot be read:
/// callers tell "no mounts" from "could not look".
std::optional<std::vector<MountInfoEntry>> readMountInfo(const std::string& path);
/// Parses a mountinfo text (tests of any layout, without a /proc to read it from).
std::vector<MountInfoEntry> parseMountInfo(std::string_view text);

}  // namespace scratch
