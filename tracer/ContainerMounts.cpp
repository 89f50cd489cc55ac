#include "tracer/ContainerMounts.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>

#include <string>
#include <utility>

#include "common/MountInfo.h"
#include "common/Openat2.h"
#include "tracer/ObjectIdentity.h"

namespace scratch::tracer {
bool MountTable::load(const std::string& path) {
    entries_.clear();
    const auto table = readMountInfo(path);
    if (!table) return false;
    for (const MountInfoEntry& m : *table) {
        if (m.id == 0) continue;
        entries_[m.id] = MountEntry{m.id, m.dev, m.root, m.target, m.fstype};
    }
    return true;
}

const MountEntry* MountTable::find(uint64_t id) const {
    const auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
}

void ContainerMounts::noteContainerTask(uint64_t mntNs, pid_t tid,
                                        std::shared_ptr<const UniqueFd> root,
                                        const std::string& rootPath, uint64_t rootMntId) {
    if (mntNs == 0) return;
    Namespace& ns = namespaces_[mntNs];
    if (!ns.stale && ns.rootMntId == rootMntId) return;
    const std::string path = "/proc/" + std::to_string(tid) + "/mountinfo";
    if (!ns.table.load(path)) {
        namespaces_.erase(mntNs);
        return;
    }
    ns.rootMntId = rootMntId;
    ns.rootPath = rootPath;
    ns.root = std::move(root);
    ns.stale = false;
}

void ContainerMounts::invalidate() {
    for (auto& [key, ns] : namespaces_) ns.stale = true;
    hostFresh_ = false;
}

const ContainerMounts::Namespace* ContainerMounts::rootMountOf(uint64_t mntId) const {
    for (const auto& [key, ns] : namespaces_) {
        if (ns.rootMntId == mntId) return &ns;
    }
    return nullptr;
}

const MountEntry* ContainerMounts::containerMount(uint64_t mntId, const Namespace** ns) const {
    for (const auto& [key, candidate] : namespaces_) {
        if (const MountEntry* e = candidate.table.find(mntId)) {
            *ns = &candidate;
            return e;
        }
    }
    *ns = nullptr;
    return nullptr;
}

const MountEntry* ContainerMounts::hostMount(uint64_t mntId) {
    if (!hostLoaded_) {
        hostLoaded_ = host_.load("/proc/self/mountinfo");
        hostFresh_ = true;
    }
    const MountEntry* e = host_.find(mntId);
    if (e == nullptr && !hostFresh_) {
        hostLoaded_ = host_.load("/proc/self/mountinfo");
        hostFresh_ = true;
        e = host_.find(mntId);
    }
    return e;
}

std::string ContainerMounts::mountPointPath(const Namespace* ns, const MountEntry& entry) {
    return ns == nullptr ? entry.target : joinAbsolute(ns->rootPath, entry.target);
}

int ContainerMounts::openFilesystemRoot(uint64_t dev) {
    auto check = [dev](int fd) {
        ObjectStat st;
        if (fd >= 0 && statObject(fd, st) && st.dev == dev) return fd;
        if (fd >= 0) ::close(fd);
        return -1;
    };
    for (const auto& [key, ns] : namespaces_) {
        if (!ns.root || ns.root->get() < 0) continue;
        for (const auto& [id, e] : ns.table.entries()) {
            if (e.dev != dev || e.root != "/") continue;
            open_how how{};
            how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
            how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
            const int fd =
                check(static_cast<int>(openat2Retrying(ns.root->get(), e.target.c_str(), how)));
            if (fd >= 0) return fd;
        }
    }
    if (!hostLoaded_) hostMount(0);
    for (const auto& [id, e] : host_.entries()) {
        if (e.dev != dev || e.root != "/") continue;
        const int fd = check(::open(e.target.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (fd >= 0) return fd;
    }
    return -1;
}

}  // namespace scratch::tracer
