// Choosing the backend for a run's cgroup. v2 is preferred when the unified hierarchy has every
// controller the limits need; hybrid machines (v1 controllers beside an empty v2 tree, like
// older systemd) use v1.
//
// On v2 the run's cgroup is made next to ours, in our cgroup's parent, unless we are in the
// root: a non-root v2 cgroup that holds processes (ours does: we are in it) cannot enable
// controllers for children ("no internal processes"). On v1 it is made below our own cgroup.
#include "container/cgroup/Cgroup.h"

#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "common/Error.h"
#include "container/cgroup/CgroupFiles.h"
#include "container/cgroup/CgroupLocator.h"
#include "container/cgroup/CgroupV1.h"
#include "container/cgroup/CgroupV2.h"

namespace scratch::container {
namespace {

bool v2HasAll(const std::filesystem::path& parent, const std::vector<std::string>& needed) {
    std::istringstream in(readControlFile(parent / "cgroup.controllers").value_or(""));
    std::set<std::string> available;
    std::string word;
    while (in >> word) available.insert(word);
    return std::ranges::all_of(
        needed, [&](const std::string& controller) { return available.contains(controller); });
}

}  // namespace

std::string runCgroupName(pid_t tracerPid) { return "scratch-trace-" + std::to_string(tracerPid); }

std::unique_ptr<Cgroup> createRunCgroup(const CgroupLimits& limits) {
    const CgroupLocator locator = CgroupLocator::fromProc();
    const std::string name = runCgroupName(::getpid());
    const std::vector<std::string> needed = CgroupV2::controllersFor(limits);

    if (const auto own = locator.v2Dir()) {
        const bool atRoot = *own == locator.v2MountPoint();
        const std::filesystem::path parent = atRoot ? *own : own->parent_path();
        if (v2HasAll(parent, needed)) {
            removeStaleRunCgroups(parent);
            return CgroupV2::create(parent, name, limits);
        }
    }
    CgroupV1::ParentDirs parents;
    for (const std::string& controller : needed) {
        const auto dir = locator.v1Dir(controller);
        if (!dir) {
            throw Error("cgroup: no " + controller +
                        " controller available (not on cgroup v2 here, no v1 hierarchy "
                        "mounted): --memory, --pids and --cpus need cgroups");
        }
        parents[controller] = *dir;
    }
    std::set<std::filesystem::path> swept;
    for (const auto& [controller, dir] : parents) {
        if (swept.insert(dir).second) removeStaleRunCgroups(dir);
    }
    return CgroupV1::create(parents, name, limits);
}

}  // namespace scratch::container
