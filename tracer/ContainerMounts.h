// The mounts that make up the container, by the kernel's mount ids: the mount tables of the
// container's mount namespaces (each read from /proc/TID/mountinfo of a task rooted at the
// container's root) and the tracer's own (for host objects). An object belongs to the container
// when its mount is one of these (and, on the mount that holds the root, when it lies under the
// root); d_path strings alone cannot tell, since they are relative to the root of whichever mount
// namespace the object's mount is in.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/UniqueFd.h"

namespace scratch::tracer {

/// One line of a mountinfo table.
struct MountEntry {
    uint64_t id = 0;
    uint64_t dev = 0;
    std::string root;    ///< the directory of the filesystem this mount shows ("/" for all of it)
    std::string target;  ///< the mount point, relative to the root of the task that read it
    std::string fstype;
};

/// A mountinfo table by mount id (read with common/MountInfo.h).
class MountTable {
  public:
    /// Reads `path` (a /proc/TID/mountinfo). False, and an empty table, when it cannot be read.
    bool load(const std::string& path);
    const MountEntry* find(uint64_t id) const;
    const std::unordered_map<uint64_t, MountEntry>& entries() const { return entries_; }

  private:
    std::unordered_map<uint64_t, MountEntry> entries_;
};

/// The container's mount namespaces and the tracer's own mount table.
class ContainerMounts {
  public:
    /// One mount namespace of the container, as a task rooted at the container's root sees it.
    struct Namespace {
        MountTable table;
        uint64_t rootMntId = 0;  ///< the mount that holds the container's root directory
        std::string rootPath;    ///< d_path of the container's root, in the tracer's reading
        std::shared_ptr<const UniqueFd> root;  ///< O_PATH fd of the container's root
        bool stale = true;
    };

    /// Task `tid` of mount namespace `mntNs` has the container's root as its root: read that
    /// namespace's table if it is not known yet or stale. Cheap when it is known.
    void noteContainerTask(uint64_t mntNs, pid_t tid, std::shared_ptr<const UniqueFd> root,
                           const std::string& rootPath, uint64_t rootMntId);
    /// Mounts may have changed: every table is read again when next needed.
    void invalidate();
    /// Whether any container namespace is known (else the resolver falls back to d_path).
    bool known() const { return !namespaces_.empty(); }
    /// The namespace whose container root lies on mount `mntId`, or null.
    const Namespace* rootMountOf(uint64_t mntId) const;
    /// The container mount with id `mntId` and its namespace, or nulls.
    const MountEntry* containerMount(uint64_t mntId, const Namespace** ns) const;
    /// The tracer's own mount with id `mntId` (read again once after a miss or invalidate).
    const MountEntry* hostMount(uint64_t mntId);
    /// The tracer's own mount table (read on first use).
    const MountTable& hostTable() {
        if (!hostLoaded_) hostMount(0);
        return host_;
    }
    /// The mount point of `entry` of namespace `ns` (null: the tracer's) as a d_path the
    /// tracer reads.
    static std::string mountPointPath(const Namespace* ns, const MountEntry& entry);
    /// Opens the root of a procfs with device `dev` through a mount of it that shows all of
    /// it, in a container namespace or the tracer's. -1 when there is none.
    int openFilesystemRoot(uint64_t dev);

  private:
    std::unordered_map<uint64_t, Namespace> namespaces_;
    MountTable host_;
    bool hostLoaded_ = false;
    bool hostFresh_ = false;  ///< read since the last invalidate
};

}  // namespace scratch::tracer
