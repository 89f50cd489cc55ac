#include "tracer/ContainerMounts.h"

#include <fcntl.h>
#include <libmount/libmount.h>
#include <linux/openat2.h>
#include <sys/stat.h>

#include <string>
#include <utility>

#include "common/Openat2.h"
#include "tracer/ObjectIdentity.h"

namespace scratch::tracer {
namespace {

const char* orEmpty(const char* s) { return s == nullptr ? "" : s; }

}  // namespace

bool MountTable::load(const std::string& path) {
    entries_.clear();
    libmnt_table* table = mnt_new_table();
    if (table == nullptr) return false;
    bool ok = mnt_table_parse_file(table, path.c_str()) == 0;
    if (ok) {
        libmnt_iter* iter = mnt_new_iter(MNT_ITER_FORWARD);
        libmnt_fs* fs = nullptr;
        while (iter != nullptr && mnt_table_next_fs(table, iter, &fs) == 0) {
            const int id = mnt_fs_get_id(fs);
            if (id <= 0) continue;
            MountEntry& e = entries_[static_cast<uint64_t>(id)];
            e.id = static_cast<uint64_t>(id);
            e.dev = mnt_fs_get_devno(fs);
            e.root = orEmpty(mnt_fs_get_root(fs));
            if (e.root.empty()) e.root = "/";
            e.target = orEmpty(mnt_fs_get_target(fs));
            e.fstype = orEmpty(mnt_fs_get_fstype(fs));
        }
        mnt_free_iter(iter);
    }
    mnt_unref_table(table);
    return ok;
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
