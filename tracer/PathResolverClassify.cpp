// PathResolver's classification of an object by what it is: anonymous objects (no host path),
// then its mount against the container's mount namespaces, its filesystem and its device.
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "common/Openat2.h"
#include "tracer/PathResolver.h"

namespace scratch::tracer {
namespace {

/// `path` below `dir` ("" when it is dir itself), both absolute.
std::string_view below(std::string_view path, std::string_view dir) {
    if (dir == "/") return path == "/" ? std::string_view() : path;
    return path.substr(dir.size());
}

}  // namespace

void PathResolver::classify(int fd, std::string& dpath, const ObjectStat& os, bool exists,
                            const TaskIds& ids, const TaskView* tv, bool verify, PathRef& out) {
    const uint32_t fstype = fsType(fd, os.dev);
    out.fsMagic = fstype;
    out.mntId = os.mntId;
    if (exists) {
        out.dev = os.dev;
        out.ino = os.ino;
        out.mode = os.mode;
        out.rdev = (S_ISCHR(os.mode) || S_ISBLK(os.mode)) ? os.rdev : 0;
    }
    const bool absolute = dpath.starts_with('/');
    if (classifyAnonymous(dpath, absolute, os, fstype, ids, out)) return;
    const bool deleted = stripDeleted(dpath);
    if (isKernelInterfaceFs(fstype)) out.fsPath = fsPathOf(fd, dpath, os, exists);
    if (!mounts_.known() || !os.mntIdKnown) {
        classifyByPath(dpath, os.dev, fstype, tv, out);
        return;
    }
    // What the task itself would call it: d_path below its root (when it is there).
    const bool inRoot = tv != nullptr && isPathUnder(dpath, tv->rootPath);
    out.resolved = inRoot ? std::string(below(dpath, tv->rootPath)) : dpath;
    if (out.resolved.empty()) out.resolved = "/";
    const int dirFd = exists && S_ISDIR(os.mode) ? fd : -1;

    // The mount that holds the container's root: the rootfs under the root, the host elsewhere
    // (chroot mode: that mount is the namespace's copy of a host mount).
    if (const ContainerMounts::Namespace* ns = mounts_.rootMountOf(os.mntId)) {
        bool inside = isPathUnder(dpath, ns->rootPath);
        if (inside && verify && !deleted && ns->root) {
            // An fd may hold a dentry the root never reaches (open_by_handle_at on the root's
            // mount), whose d_path still looks inside: the same path from the root must reach
            // the same object. For an object that does not exist, fd is its parent.
            std::string objPath = dpath;
            if (!exists) {
                char link[32];
                snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
                char buf[4096];
                const ssize_t n = ::readlink(link, buf, sizeof buf);
                objPath.assign(buf, n > 0 ? static_cast<size_t>(n) : 0);
            }
            open_how how{};
            how.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC;
            how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
            const std::string rel(below(objPath, ns->rootPath));
            const UniqueFd again(
                isPathUnder(objPath, ns->rootPath)
                    ? static_cast<int>(openat2Retrying(ns->root->get(),
                                                       rel.empty() ? "." : rel.c_str() + 1, how))
                    : -1);
            ObjectStat st;
            inside = again && statObject(again.get(), st) && st.dev == os.dev && st.ino == os.ino;
            if (!inside) {
                out.where = Where::Host;
                out.host = hostPathOutside(fd, objPath, os);
                if (!exists && dpath.size() > objPath.size()) {
                    out.host = joinAbsolute(out.host, std::string_view(dpath).substr(
                                                          objPath == "/" ? 0 : objPath.size()));
                }
                return;
            }
        }
        if (!inside) {
            out.where = Where::Host;
            out.host = dpath;
            return;
        }
        out.where = fstype == PROC_SUPER_MAGIC ? procfsWhere(os.dev, dirFd) : Where::Rootfs;
        out.host = joinAbsolute(rootfsHost_, below(dpath, ns->rootPath));
        return;
    }
    // The rootfs directory through the tracer's own mount of it (a host fd kept to it).
    if (os.mntId == rootfsHostMntId_ && isPathUnder(dpath, rootfsHost_)) {
        out.where = Where::Rootfs;
        out.host = dpath;
        return;
    }
    const ContainerMounts::Namespace* ns = nullptr;
    if (const MountEntry* e = mounts_.containerMount(os.mntId, &ns)) {
        const std::string mountPoint = ContainerMounts::mountPointPath(ns, *e);
        const std::string_view inMount =
            isPathUnder(dpath, mountPoint) ? below(dpath, mountPoint) : std::string_view();
        if (fstype == PROC_SUPER_MAGIC) {
            out.where = procfsWhere(os.dev, dirFd);
        } else if (os.dev == rootfsDev_ &&
                   (rootfsFsPath_.empty() || isPathUnder(e->root, rootfsFsPath_))) {
            // Another mount of a part of the rootfs (a bind made inside the container).
            out.where = Where::Rootfs;
            const std::string_view part =
                rootfsFsPath_.empty() ? std::string_view() : below(e->root, rootfsFsPath_);
            out.host = joinAbsolute(joinAbsolute(rootfsHost_, part), inMount);
            return;
        } else if (major(os.dev) == 0) {
            // A virtual filesystem made for the container (tmpfs, devpts, mqueue, ...).
            out.where = Where::ContainerMount;
        } else {
            // A host disk bound in (or a part of the rootfs' disk outside the rootfs).
            out.where = Where::Host;
            out.host = joinAbsolute(e->root, inMount);
            return;
        }
        // Where it appears inside the rootfs, seen from the host.
        out.host = joinAbsolute(rootfsHost_, below(dpath, ns->rootPath));
        return;
    }
    // On no mount of the container: the host's (or another namespace's) object.
    out.where = fstype == PROC_SUPER_MAGIC ? procfsWhere(os.dev, dirFd) : Where::Host;
    out.host = dpath;
}

std::string PathResolver::hostPathOutside(int fd, const std::string& dpath, const ObjectStat& os) {
    // A dentry outside its mount's root (open_by_handle_at) has no useful d_path: reopen the
    // same inode by its handle through the tracer's own mount of that filesystem, and read the
    // d_path of that.
    struct {
        file_handle head;
        unsigned char bytes[MAX_HANDLE_SZ];
    } handle{};
    handle.head.handle_bytes = MAX_HANDLE_SZ;
    int mountId = 0;
    if (::name_to_handle_at(fd, "", &handle.head, &mountId, AT_EMPTY_PATH) != 0) return dpath;
    for (const auto& [id, e] : mounts_.hostTable().entries()) {
        if (e.dev != os.dev) continue;
        // (open_by_handle_at takes no O_PATH fd for the mount)
        const UniqueFd mount(::open(e.target.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!mount) continue;
        const UniqueFd again(::open_by_handle_at(mount.get(), &handle.head, O_PATH | O_CLOEXEC));
        if (!again) continue;
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", again.get());
        char buf[4096];
        const ssize_t n = ::readlink(link, buf, sizeof buf);
        if (n > 0 && buf[0] == '/') {
            std::string path(buf, static_cast<size_t>(n));
            stripDeleted(path);
            return path;
        }
    }
    return dpath;
}

bool PathResolver::classifyAnonymous(const std::string& dpath, bool absolute, const ObjectStat& os,
                                     uint32_t fstype, const TaskIds& ids, PathRef& out) {
    if (fstype == NSFS_MAGIC) {
        // A namespace file: the container's own namespaces (those its tasks are in) have no
        // host path; another namespace's (the host's) is a host object.
        const bool own = (containerTid_ > 0 && taskIsInNamespace(containerTid_, os.ino)) ||
                         taskIsInNamespace(ids.tid, os.ino);
        out.resolved = dpath;
        out.where = own ? Where::Anonymous : Where::Host;
        if (!own) out.host = dpath;
        return true;
    }
    // pipe:[N], socket:[N], anon_inode:[...] (only the kernel makes a d_path not starting
    // with '/'), filesystems never mounted anywhere, and the kernel's internal shmem and
    // hugetlbfs mounts (memfd, MFD_HUGETLB), learnt from memfds of the tracer's own. Not "any
    // tmpfs in no table the tracer has": in chroot mode the container's copy of a host tmpfs
    // is in none either.
    bool anonymous =
        !absolute || isAnonymousFs(fstype) ||
        (os.mntIdKnown && fstype == TMPFS_MAGIC && shmMntIdKnown_ && os.mntId == shmMntId_) ||
        (os.mntIdKnown && fstype == HUGETLBFS_MAGIC &&
         std::find(hugetlbMntIds_.begin(), hugetlbMntIds_.end(), os.mntId) != hugetlbMntIds_.end());
    if (!anonymous && isMessageQueueFs(fstype) && os.mntIdKnown && mounts_.known()) {
        // A message queue through no mount of any table: mq_open's IPC-namespace mount.
        const ContainerMounts::Namespace* ns = nullptr;
        anonymous = mounts_.rootMountOf(os.mntId) == nullptr &&
                    mounts_.containerMount(os.mntId, &ns) == nullptr &&
                    mounts_.hostMount(os.mntId) == nullptr;
    }
    if (!anonymous) return false;
    out.resolved = dpath;
    out.where = Where::Anonymous;
    return true;
}

Where PathResolver::procfsWhere(uint64_t dev, int hintFd) {
    if (const auto it = procfsWhere_.find(dev); it != procfsWhere_.end()) return it->second;
    ProcfsOwner owner = ProcfsOwner::Unknown;
    if (const UniqueFd root(mounts_.openFilesystemRoot(dev)); root) {
        owner = procfsOwner(root.get(), tracerPidNs_, containerPidNs_);
    }
    if (owner == ProcfsOwner::Unknown && hintFd >= 0) {
        owner = procfsOwner(hintFd, tracerPidNs_, containerPidNs_);
    }
    Where where = Where::ContainerProcfs;
    if (owner == ProcfsOwner::Host || (owner == ProcfsOwner::Unknown && dev == hostProcDev_)) {
        where = Where::HostProcfs;
    }
    procfsWhere_.emplace(dev, where);
    return where;
}

std::string PathResolver::fsPathOf(int fd, const std::string& dpath, const ObjectStat& os,
                                   bool exists) {
    // The mount's root inside its filesystem plus the path below its mount point.
    const ContainerMounts::Namespace* ns = nullptr;
    const MountEntry* e = mounts_.containerMount(os.mntId, &ns);
    if (e == nullptr) e = mounts_.hostMount(os.mntId);
    if (e != nullptr) {
        const std::string mountPoint = ContainerMounts::mountPointPath(ns, *e);
        if (isPathUnder(dpath, mountPoint)) return joinAbsolute(e->root, below(dpath, mountPoint));
    }
    // A mount in no table the tracer has: count the levels up to the mount's root (a directory
    // only; the parent of anything else cannot be reached from its fd).
    if (!exists || !S_ISDIR(os.mode)) return dpath;
    UniqueFd cur(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
    int levels = 0;
    ObjectStat at = os;
    for (; cur && levels < 256; ++levels) {
        UniqueFd up(::openat(cur.get(), "..", O_PATH | O_CLOEXEC));
        ObjectStat st;
        if (!up || !statObject(up.get(), st) || st.mntId != os.mntId ||
            (st.dev == at.dev && st.ino == at.ino)) {
            break;
        }
        at = st;
        cur = std::move(up);
    }
    return lastComponents(dpath, levels);
}

void PathResolver::classifyByPath(const std::string& dpath, uint64_t dev, uint32_t fstype,
                                  const TaskView* tv, PathRef& out) {
    // dpath is the kernel's d_path of the object, in the coordinates of its mount namespace;
    // the task's root and the rootfs are located in the same coordinates. Only used before the
    // container's mount namespace is known, when that is the one namespace involved.
    const bool inRoot = tv != nullptr && isPathUnder(dpath, tv->rootPath);
    const bool inRootfs =
        tv != nullptr && !tv->rootfsPath.empty() && isPathUnder(dpath, tv->rootfsPath);
    out.resolved = inRoot && tv->rootPath != "/" ? dpath.substr(tv->rootPath.size()) : dpath;
    if (out.resolved.empty()) out.resolved = "/";
    if (fstype == PROC_SUPER_MAGIC) {
        out.where = procfsWhere(dev, -1);
    } else if (!inRootfs) {
        out.where = Where::Host;
    } else if (dev == rootfsDev_) {
        out.where = Where::Rootfs;
    } else {
        // Another mount inside the rootfs: private if it is a virtual fs made for the
        // container (tmpfs, devpts, mqueue), a host object if it is a host disk bound in.
        out.where = major(dev) == 0 ? Where::ContainerMount : Where::Host;
    }
    if (inRootfs) {
        out.host = joinAbsolute(rootfsHost_, below(dpath, tv->rootfsPath));
    } else {
        out.host = dpath;
    }
}

}  // namespace scratch::tracer
