// Attributes paths and fds to the host object the kernel really used. The kernel is the oracle:
// paths are resolved from the task's own root (/proc/TID/root) with openat2(RESOLVE_IN_ROOT),
// which clamps ".." and absolute symlinks exactly as a chroot does, and the object reached is
// classified by what it is: its mount (by the kernel's mount id, against the container's mount
// namespaces), its filesystem (magic), its device, and its place under the container's root on
// the mount that holds the root. Never by strings the process gave; d_path strings only where
// they are in the coordinates of the same mount.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/UniqueFd.h"
#include "tracer/ContainerMounts.h"
#include "tracer/Events.h"
#include "tracer/ObjectIdentity.h"
#include "tracer/TaskNumbers.h"

namespace scratch::tracer {
using scratch::UniqueFd;

/// Resolves paths as a given task would, at this moment.
class PathResolver {
  public:
    /// rootfsHost: the container's root filesystem directory on the host (absolute, canonical);
    /// empty when there is none.
    explicit PathResolver(std::string rootfsHost);

    /// Resolves `path` relative to `dirfd` (AT_FDCWD or one of the task's fds) the way task
    /// `tid` would now; followFinal=false for lstat-like calls. Fills host, resolved, where,
    /// dev, ino, exists. Never throws; an unresolvable path gets Where::Unknown.
    void resolvePath(const TaskIds& ids, int dirfd, std::string_view path, bool followFinal,
                     PathRef& out);

    /// Describes what fd `fd` of task `tid` refers to now (via /proc/TID/fd/N).
    void resolveFd(const TaskIds& ids, int fd, PathRef& out);
    /// Describes the root (cwd false) or the cwd of task `tid` now, classified as any object is
    /// (by mount identity, its place under the container's root checked): Host when the task's
    /// root or cwd lies outside the container.
    void resolveTaskDir(const TaskIds& ids, bool cwd, PathRef& out);

    /// The task's cwd as the task sees it (from its own root; the host path when the cwd lies
    /// outside that root), for strace -y's `AT_FDCWD</dir>`; nullptr when it cannot be read.
    /// One readlink of /proc/TID/cwd per task until invalidateAll(); after that a lookup.
    const std::string* shownCwd(pid_t tid);

    /// Any task's root or cwd may have changed (CLONE_FS sharing makes chdir affect several);
    /// mountsChanged: a mount table may have changed too (mount, umount2, pivot_root, ...),
    /// so the container's mount tables are read again when next needed.
    void invalidateAll(bool mountsChanged = true);
    /// `child` was just forked or cloned by `parent` in the same mount namespace: it starts
    /// with the parent's root and cwd, so it starts with a copy of the parent's view instead
    /// of the opens, readlinks and stats of a fresh one. Nothing when the parent has no current
    /// view or the child has one.
    void inheritView(pid_t parent, pid_t child);
    /// The task is gone.
    void forget(pid_t tid);
    /// The container's setup is done and `tid` runs the command: its root is the container's
    /// root from now on (for an overlay that is the overlay mounted over the rootfs, not the
    /// rootfs directory itself); ignored when that root is the host's (--root-mode none). Its
    /// namespaces are the container's in every mode (procfs and namespace-file identity).
    void adoptContainerRoot(pid_t tid);
    /// Something may now resolve differently (rename, unlink, mkdir, symlink, mount, ...):
    /// drop the remembered resolutions.
    void invalidatePaths() {
        cache_.clear();
        insideDirs_.clear();
    }

    /// The dev of the host's /proc (for the record; procfs identity is by PID namespace).
    uint64_t hostProcDev() const { return hostProcDev_; }

  private:
    struct TaskView {
        /// O_PATH fd of /proc/TID/root; shared with the views inherited from this one (a
        /// forked child's root is the same directory), replaced, never changed, on a refresh.
        std::shared_ptr<const UniqueFd> root;
        int rootFd() const { return root ? root->get() : -1; }
        std::string rootPath;  ///< d_path of the root in the task's mount namespace
        std::string cwdPath;   ///< d_path of the cwd (empty until asked for)
        bool rootIsRootfs = false;
        /// Where the rootfs directory is in the same coordinates as rootPath (the task's mount
        /// namespace): equal to rootPath for a task rooted at the rootfs, found by walking up
        /// from a root chrooted below it, or down from a root above it. Empty: unreachable.
        std::string rootfsPath;
        uint64_t rootDev = 0;
        uint64_t rootIno = 0;
        uint64_t rootMntId = 0;  ///< the mount of the task's root
        uint64_t mntNs = 0;      ///< inode of the task's mount namespace (part of the cache key)
        bool haveCwd = false;
        /// The cwd is an object under the task's root (by mount identity), so that a relative
        /// path can be resolved from the root with RESOLVE_IN_ROOT; decided with haveCwd.
        bool cwdInside = false;
        uint64_t generation = 0;
    };

    TaskView* view(pid_t tid);
    std::string locateRootfs(const TaskView& tv);
    bool cwdPath(pid_t tid, TaskView& tv, std::string& out);
    /// Whether the directory `link` (/proc/TID/cwd or /proc/TID/fd/N) with d_path `dpath` is
    /// under the task's root, decided by its mount: the root's own mount (and under the root
    /// there), or a mount of the container's namespace for a task rooted at the container root.
    bool startsInside(const char* link, const std::string& dpath, const TaskView& tv);
    /// The filesystem magic of the object's fs, cached per device.
    uint32_t fsType(int fd, uint64_t dev);
    /// Walks `path` one component at a time from startFd (or the task's root when absolute),
    /// clamping ".." at the task's root as a chroot does: for /proc/self (which must mean the
    /// task, not the tracer) and procfs magic links, which openat2(RESOLVE_IN_ROOT) refuses.
    /// Returns an O_PATH fd or -errno.
    int walk(const TaskIds& ids, TaskView& tv, int startFd, std::string_view path,
             bool followFinal);
    /// Turns (dirfd, path) into a path to open from the task's root (composed, startFd = -1)
    /// or, when the start lies outside the root, from *startFd. Returns 0 or -errno.
    int openResolved(const TaskIds& ids, TaskView& tv, int dirfd, std::string_view path,
                     bool followFinal, std::string& composed, int* startFd);
    /// resolveFd and resolveTaskDir: the object a /proc/TID magic link reaches.
    void resolveLink(const TaskIds& ids, const std::string& link, PathRef& out);
    /// Fills out from an O_PATH fd of the object, or of its deepest existing parent with
    /// `rest` the part that did not exist. verify: reached from a start outside the root, so
    /// the object's place under the root is checked rather than read from its d_path.
    void describe(int fd, const TaskIds& ids, const TaskView* tv, std::string_view rest,
                  bool verify, PathRef& out);
    /// Fills out's attribution from the object's d_path and identity (PathResolverClassify.cpp).
    /// verify: the object came from an fd (open_by_handle_at, SCM_RIGHTS, ...) or a start
    /// outside the root rather than a walk from the root, so its place under the root is
    /// checked, not assumed.
    void classify(int fd, std::string& dpath, const ObjectStat& os, bool exists, const TaskIds& ids,
                  const TaskView* tv, bool verify, PathRef& out);
    /// The old classification by d_path against the task's root and the rootfs, for when no
    /// container mount namespace is known (before the root switch, --root-mode none).
    void classifyByPath(const std::string& dpath, uint64_t dev, uint32_t fstype, const TaskView* tv,
                        PathRef& out);
    /// Objects without a host path (pipes, sockets, anonymous inodes, memfd, secretmem, the
    /// container's own namespace files): true when `out` was filled as such.
    bool classifyAnonymous(const std::string& dpath, bool absolute, const ObjectStat& os,
                           uint32_t fstype, const TaskIds& ids, PathRef& out);
    /// ContainerProcfs or HostProcfs for a procfs object, by the PID namespace the procfs
    /// shows; cached per device. hintFd: a directory of that procfs, or -1.
    Where procfsWhere(uint64_t dev, int hintFd);
    /// PathRef::fsPath for an object on a kernel-interface filesystem.
    std::string fsPathOf(int fd, const std::string& dpath, const ObjectStat& os, bool exists);
    /// The host path of object `fd` on a container mount whose dentry lies outside that mount's
    /// root (open_by_handle_at), where d_path says nothing useful.
    std::string hostPathOutside(int fd, const std::string& dpath, const ObjectStat& os);

    std::string rootfsHost_;
    /// The tracer's /proc/self/fd: the d_path of an object is read as readlinkat(ownFds_, "N"),
    /// which skips the walk of "/proc/self/fd/" (~900 of ~2,400 cycles per readlink).
    UniqueFd ownFds_;
    uint64_t hostProcDev_ = 0;
    uint64_t rootfsDev_ = 0;
    uint64_t rootfsIno_ = 0;
    /// The rootfs directory's path inside its own filesystem ("/" for an overlay over it):
    /// a mount of the container that shows a part of that filesystem under it is the rootfs.
    std::string rootfsFsPath_;
    uint64_t rootfsHostMntId_ = 0;  ///< the tracer's mount that holds the rootfs directory
    uint64_t shmMntId_ = 0;         ///< the kernel's internal shmem mount (memfd, SysV shm)
    bool shmMntIdKnown_ = false;
    std::vector<uint64_t> hugetlbMntIds_;  ///< the kernel's internal hugetlbfs mounts, by size
    uint64_t tracerPidNs_ = 0;
    pid_t containerTid_ = 0;  ///< the adopted task: the container's namespaces are its own
    uint64_t containerPidNs_ = 0;
    ContainerMounts mounts_;
    std::unordered_map<uint64_t, Where> procfsWhere_;  ///< by dev; cleared when mounts change
    std::unordered_map<uint64_t, uint32_t> fsTypes_;
    /// Resolutions of non-procfs paths (existing or not) from a root, by (mount ns, root, follow,
    /// path): most workloads name the same paths over and over, and each miss costs four
    /// syscalls. Cleared by invalidatePaths() and invalidateAll().
    std::unordered_map<std::string, PathRef> cache_;
    /// Start directories (cwd, dirfd) found under a task's root, or not, by (dev, ino, root).
    struct DirKey {
        uint64_t dev, ino, rootDev, rootIno;
        bool operator==(const DirKey&) const = default;
    };
    struct DirKeyHash {
        size_t operator()(const DirKey& k) const {
            return std::hash<uint64_t>()(k.ino * 1000003 ^ k.dev ^ (k.rootIno << 1));
        }
    };
    std::unordered_map<DirKey, bool, DirKeyHash> insideDirs_;
    std::string key_;
    uint64_t generation_ = 1;
    std::unordered_map<pid_t, TaskView> views_;
    std::string scratch_;   ///< reused buffer for composed paths
    std::string shownCwd_;  ///< shownCwd's answer
};

}  // namespace scratch::tracer
