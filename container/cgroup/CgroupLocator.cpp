// Finding our own cgroups. The path in /proc/self/cgroup is relative to the hierarchy's root;
// a mount may show only a subtree (its mountinfo root field, e.g. inside a container), so the
// directory is the mount point plus the path below that root.
#include "container/cgroup/CgroupLocator.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/MountInfo.h"
#include "container/cgroup/CgroupFiles.h"

namespace scratch::container {
namespace {

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find(sep, start), text.size());
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace

std::vector<CgroupMount> parseCgroupMounts(std::string_view mountinfo) {
    std::vector<CgroupMount> mounts;
    for (const MountInfoEntry& e : parseMountInfo(mountinfo)) {
        if (e.fstype != "cgroup" && e.fstype != "cgroup2") continue;
        CgroupMount mount;
        mount.version = e.fstype == "cgroup2" ? 2 : 1;
        mount.root = e.root;
        mount.mountPoint = e.target;
        // Super options: "rw,memory", "rw,cpu,cpuacct", "rw,name=systemd".
        if (mount.version == 1 && !e.fsOptions.empty()) mount.controllers = split(e.fsOptions, ',');
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

std::vector<CgroupMembership> parseCgroupMemberships(std::string_view text) {
    std::vector<CgroupMembership> out;
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
        const size_t first = line.find(':');
        const size_t second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos) continue;
        CgroupMembership m;
        try {
            m.hierarchy = std::stoi(line.substr(0, first));
        } catch (const std::exception&) {
            continue;
        }
        const std::string list = line.substr(first + 1, second - first - 1);
        if (!list.empty()) m.controllers = split(list, ',');
        m.path = line.substr(second + 1);
        out.push_back(std::move(m));
    }
    return out;
}

CgroupLocator::CgroupLocator(std::vector<CgroupMount> mounts,
                             std::vector<CgroupMembership> memberships)
    : mounts_(std::move(mounts)), memberships_(std::move(memberships)) {}

CgroupLocator CgroupLocator::fromProc() {
    return {parseCgroupMounts(readControlFile("/proc/self/mountinfo").value_or("")),
            parseCgroupMemberships(readControlFile("/proc/self/cgroup").value_or(""))};
}

std::optional<std::filesystem::path> CgroupLocator::dirIn(const CgroupMount& mount,
                                                          const std::string& ownPath) {
    // Our cgroup must lie inside the part of the hierarchy this mount shows.
    std::string below = ownPath;
    if (mount.root != "/") {
        if (below != mount.root && below.rfind(mount.root + "/", 0) != 0) return std::nullopt;
        below = below.substr(mount.root.size());
    }
    std::filesystem::path dir = mount.mountPoint;
    for (const std::string& part : split(below, '/')) {
        if (!part.empty()) dir /= part;
    }
    return dir;
}

std::optional<std::filesystem::path> CgroupLocator::v1Dir(std::string_view controller) const {
    for (const CgroupMount& mount : mounts_) {
        if (mount.version != 1) continue;
        if (std::find(mount.controllers.begin(), mount.controllers.end(), controller) ==
            mount.controllers.end()) {
            continue;
        }
        for (const CgroupMembership& m : memberships_) {
            if (std::find(m.controllers.begin(), m.controllers.end(), controller) !=
                m.controllers.end()) {
                if (auto dir = dirIn(mount, m.path)) return dir;
            }
        }
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> CgroupLocator::v2Dir() const {
    for (const CgroupMount& mount : mounts_) {
        if (mount.version != 2) continue;
        for (const CgroupMembership& m : memberships_) {
            if (m.hierarchy == 0 && m.controllers.empty()) {
                if (auto dir = dirIn(mount, m.path)) return dir;
            }
        }
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> CgroupLocator::v2MountPoint() const {
    for (const CgroupMount& mount : mounts_) {
        if (mount.version == 2) return mount.mountPoint;
    }
    return std::nullopt;
}

}  // namespace scratch::container
