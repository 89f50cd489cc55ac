// The host paths a run touched: one entry per distinct object path, so memory grows with the
// number of distinct paths, not with the number of syscalls.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tracer/Events.h"

namespace scratch::reports {

/// What the run did to one path.
struct PathEntry {
    std::string host;      ///< absolute host path; empty when the object has none
    std::string resolved;  ///< the path as the container saw it (first seen)
    tracer::Where where = tracer::Where::Unknown;
    uint8_t access = tracer::kAccessNone;         ///< union of access kinds
    std::set<std::string, std::less<>> syscalls;  ///< names of the syscalls that used it
    std::unordered_set<pid_t> tgids;              ///< processes that used it
    uint64_t firstSeq = 0;
    uint64_t uses = 0;
    bool reached = false;   ///< at least one use where the object existed and the call succeeded
    bool workload = false;  ///< used at least once in the workload phase
    bool stdio = false;     ///< one of the standard streams the runtime handed over (fd 0-2)
    /// The last syscall name and process recorded, so that repeated uses skip the set lookups.
    std::string lastSyscall;
    pid_t lastTgid = 0;
};

/// The path as the container saw it ("/etc/passwd"), with " (standard stream)" for fd 0-2.
std::string containerPathText(const PathEntry& entry);
/// The host object beside it ("/srv/rootfs/etc/passwd"), or "" when it is the same path or none.
std::string hostPathBeside(const PathEntry& entry);

/// Aggregates PathRefs into PathEntries. Keyed by the host path, or by the resolved container
/// path (then the given one) when the object has no host path.
class PathTable {
  public:
    /// Records every PathRef of the event.
    void add(const tracer::SyscallEvent& event);
    /// Records one use (for tests and for notes).
    void add(const tracer::PathRef& ref, std::string_view syscall, pid_t tgid, uint64_t seq,
             bool succeeded, tracer::Phase phase);

    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    /// Entries sorted for reports: by where (host-procfs, host, unknown, container-mount,
    /// container-procfs, rootfs: the interesting first), then by path.
    std::vector<const PathEntry*> sorted() const;
    /// The entry for a key (host path, or resolved path when there is no host path).
    const PathEntry* find(std::string_view key) const;

    /// Position of a Where in the report order above.
    static int whereRank(tracer::Where where);

  private:
    std::unordered_map<std::string, PathEntry> entries_;
    /// The entries used most recently (map nodes never move), tried before hashing the key:
    /// a workload uses the same few files and pipes over and over.
    struct Recent {
        const std::string* key = nullptr;
        PathEntry* entry = nullptr;
    };
    /// Points into this table's own map: a copy starts empty instead of pointing into ours.
    struct RecentCache {
        std::array<Recent, 4> slots{};
        size_t next = 0;
        RecentCache() = default;
        RecentCache(const RecentCache& /*other*/) {}
        RecentCache& operator=(const RecentCache& /*other*/) {
            slots = {};
            next = 0;
            return *this;
        }
    };
    RecentCache recent_;
};

}  // namespace scratch::reports
