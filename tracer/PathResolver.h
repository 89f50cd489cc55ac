// Attributes paths and fds to the host object the kernel really used. The kernel is the oracle:
// paths are resolved from the task's own root (/proc/TID/root) with openat2(RESOLVE_IN_ROOT),
// which clamps ".." and absolute symlinks exactly as a chroot does, and the object reached is
// classified by its device and by where it sits relative to the task's root, never by strings
// the process gave.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/UniqueFd.h"
#include "tracer/Events.h"
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

    /// The task's cwd as the task sees it (from its own root; the host path when the cwd lies
    /// outside that root), for strace -y's `AT_FDCWD</dir>`; nullptr when it cannot be read.
    /// One readlink of /proc/TID/cwd per task until invalidateAll(); after that a lookup.
    const std::string* shownCwd(pid_t tid);

    /// Any task's root or cwd may have changed (CLONE_FS sharing makes chdir affect several).
    void invalidateAll();
    /// `child` was just forked or cloned by `parent` in the same mount namespace: it starts
    /// with the parent's root and cwd, so it starts with a copy of the parent's view instead
    /// of the opens, readlinks and stats of a fresh one. Nothing when the parent has no current
    /// view or the child has one.
    void inheritView(pid_t parent, pid_t child);
    /// The task is gone.
    void forget(pid_t tid);
    /// The container's setup is done and `tid` runs the command: its root is the container's
    /// root from now on (for an overlay that is the overlay mounted over the rootfs, not the
    /// rootfs directory itself). Ignored when that root is the host's (--root-mode none).
    void adoptContainerRoot(pid_t tid);
    /// Something may now resolve differently (rename, unlink, mkdir, symlink, mount, ...):
    /// drop the remembered resolutions.
    void invalidatePaths() { cache_.clear(); }

    /// The dev of the host's /proc, to tell a host procfs from the container's.
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
        uint64_t mntNs = 0;  ///< inode of the task's mount namespace (part of the cache key)
        bool haveCwd = false;
        uint64_t generation = 0;
    };

    TaskView* view(pid_t tid);
    std::string locateRootfs(const TaskView& tv);
    static bool cwdPath(pid_t tid, TaskView& tv, std::string& out);
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
    static int openResolved(const TaskIds& ids, TaskView& tv, int dirfd, std::string_view path,
                            bool followFinal, std::string& composed, int* startFd);
    /// Fills out from an O_PATH fd of the object, or of its deepest existing parent with
    /// `rest` the part that did not exist.
    void describe(int fd, const TaskView* tv, std::string_view rest, PathRef& out);
    void classify(const std::string& dpath, uint64_t dev, uint32_t fstype, const TaskView* tv,
                  PathRef& out);

    std::string rootfsHost_;
    /// The tracer's /proc/self/fd: the d_path of an object is read as readlinkat(ownFds_, "N"),
    /// which skips the walk of "/proc/self/fd/" (~900 of ~2,400 cycles per readlink).
    UniqueFd ownFds_;
    uint64_t hostProcDev_ = 0;
    uint64_t rootfsDev_ = 0;
    uint64_t rootfsIno_ = 0;
    std::unordered_map<uint64_t, uint32_t> fsTypes_;
    /// Resolutions of non-procfs paths (existing or not) from a root, by (mount ns, root, follow,
    /// path): most workloads name the same paths over and over, and each miss costs four
    /// syscalls. Cleared by invalidatePaths() and invalidateAll().
    std::unordered_map<std::string, PathRef> cache_;
    std::string key_;
    uint64_t generation_ = 1;
    std::unordered_map<pid_t, TaskView> views_;
    std::string scratch_;   ///< reused buffer for composed paths
    std::string shownCwd_;  ///< shownCwd's answer
};

}  // namespace scratch::tracer
