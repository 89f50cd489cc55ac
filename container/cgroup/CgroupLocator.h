// Where the cgroup hierarchies are mounted and which cgroup we are in: parsed from
// /proc/self/mountinfo and /proc/self/cgroup (pure functions of their text, so any layout can be
// tested), then combined into the directory of our own cgroup per hierarchy.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::container {

/// One mounted cgroup hierarchy.
struct CgroupMount {
    int version = 1;                       ///< 1 (cgroup) or 2 (cgroup2)
    std::filesystem::path mountPoint;      ///< e.g. /sys/fs/cgroup/memory
    std::string root;                      ///< the cgroup mounted there, usually "/"
    std::vector<std::string> controllers;  ///< v1: from the super options (memory, cpu, ...)
};

/// One line of /proc/self/cgroup: "4:memory:/process_api/x" or "0::/user.slice/...".
struct CgroupMembership {
    int hierarchy = 0;
    std::vector<std::string> controllers;  ///< empty for v2 ("0::") and for name= hierarchies
    std::string path;                      ///< our cgroup in that hierarchy
};

/// The cgroup and cgroup2 mounts of a mountinfo text.
std::vector<CgroupMount> parseCgroupMounts(std::string_view mountinfo);
/// The lines of a /proc/self/cgroup text.
std::vector<CgroupMembership> parseCgroupMemberships(std::string_view text);

/// Where our own cgroups are: the v1 hierarchy of each controller and the v2 one.
class CgroupLocator {
  public:
    CgroupLocator(std::vector<CgroupMount> mounts, std::vector<CgroupMembership> memberships);
    /// Reads /proc/self/mountinfo and /proc/self/cgroup.
    static CgroupLocator fromProc();

    /// Our cgroup's directory in the v1 hierarchy that has `controller`, if one is mounted.
    std::optional<std::filesystem::path> v1Dir(std::string_view controller) const;
    /// Our cgroup's directory in the unified (v2) hierarchy, if it is mounted.
    std::optional<std::filesystem::path> v2Dir() const;
    /// The unified hierarchy's mount point, if mounted.
    std::optional<std::filesystem::path> v2MountPoint() const;

  private:
    static std::optional<std::filesystem::path> dirIn(const CgroupMount& mount,
                                                      const std::string& ownPath);
    std::vector<CgroupMount> mounts_;
    std::vector<CgroupMembership> memberships_;
};

}  // namespace scratch::container
