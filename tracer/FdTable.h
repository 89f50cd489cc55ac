// What each fd of a process refers to, kept from the syscalls that made it so that fd-taking
// syscalls are attributed without asking /proc at every stop. Misses fall back to /proc.
#pragma once

#include <memory>
#include <unordered_map>

#include "tracer/Events.h"

namespace scratch::tracer {

/// One process's fd table (shared by threads that share their fds: CLONE_FILES).
///
/// Each entry also remembers whether the fd survives an execve: known only where the tracer
/// saw the syscall that set the flag (open without O_CLOEXEC, dup, dup2, fcntl F_SETFD...).
/// An fd whose flag is unknown (learnt from /proc) counts as close-on-exec, so after an exec
/// it is looked up again: a stale entry could attribute a use to an object no longer there.
class FdTable {
  public:
    FdTable() = default;
    FdTable(const FdTable&) = default;
    FdTable& operator=(const FdTable&) = delete;

    /// The attribution of fd, or nullptr when it is not known (ask /proc, then set()).
    const PathRef* find(int fd) const {
        auto it = fds_.find(fd);
        return it == fds_.end() ? nullptr : &it->second.ref;
    }
    /// find(), also saying whether the file lost its last name while open (strace -y's
    /// "(deleted)").
    const PathRef* find(int fd, bool& deleted) const {
        auto it = fds_.find(fd);
        if (it == fds_.end()) return nullptr;
        deleted = it->second.deleted;
        return &it->second.ref;
    }
    /// The fds of a file that was unlinked while open (dev, ino: the object); false when none.
    bool markDeleted(uint64_t dev, uint64_t ino) {
        bool any = false;
        for (auto& [fd, entry] : fds_) {
            if (entry.ref.ino == ino && entry.ref.dev == dev) any = entry.deleted = true;
        }
        return any;
    }
    /// Some fd of the object (dev, ino), or -1: to ask the kernel whether it still has a name.
    int fdOf(uint64_t dev, uint64_t ino) const {
        for (const auto& [fd, entry] : fds_) {
            if (entry.ref.ino == ino && entry.ref.dev == dev) return fd;
        }
        return -1;
    }
    void set(int fd, const PathRef& ref, bool keptOnExec = false) {
        Entry& entry = fds_[fd];
        entry.ref = ref;
        entry.keptOnExec = keptOnExec;
        entry.deleted = false;
    }
    void erase(int fd) { fds_.erase(fd); }
    /// close_range(first, last): forget every fd in the range.
    void eraseRange(unsigned first, unsigned last) {
        for (auto it = fds_.begin(); it != fds_.end();) {
            const auto fd = static_cast<unsigned>(it->first);
            it = fd >= first && fd <= last ? fds_.erase(it) : std::next(it);
        }
    }
    /// close_range(first, last, CLOSE_RANGE_CLOEXEC): the fds stay open, close-on-exec.
    void setRangeCloseOnExec(unsigned first, unsigned last) {
        for (auto& [fd, entry] : fds_) {
            const auto n = static_cast<unsigned>(fd);
            if (n >= first && n <= last) entry.keptOnExec = false;
        }
    }
    /// dup-like: `to` now refers to what `from` does, with its own close-on-exec flag.
    void copyFd(int from, int to, bool keptOnExec) {
        if (auto it = fds_.find(from); it != fds_.end()) {
            if (from == to) return;  // dup2(fd, fd) changes nothing, not even the flag
            Entry& entry = fds_[to];
            entry.ref = it->second.ref;
            entry.keptOnExec = keptOnExec;
            entry.deleted = it->second.deleted;
        } else {
            fds_.erase(to);
        }
    }
    /// fcntl F_SETFD, ioctl FIOCLEX/FIONCLEX.
    void setKeptOnExec(int fd, bool kept) {
        if (auto it = fds_.find(fd); it != fds_.end()) it->second.keptOnExec = kept;
    }
    /// What is left after a successful execve: the fds known to survive it.
    std::shared_ptr<FdTable> afterExec() const {
        auto next = std::make_shared<FdTable>();
        for (const auto& [fd, entry] : fds_) {
            if (entry.keptOnExec) next->fds_.emplace(fd, entry);
        }
        return next;
    }
    size_t size() const { return fds_.size(); }
    /// Forget every fd: something changed the table unseen (seccomp's ADDFD from another
    /// process); each fd is resolved from /proc at its next use.
    void clear() { fds_.clear(); }

  private:
    struct Entry {
        PathRef ref;
        bool keptOnExec = false;
        bool deleted = false;  ///< unlinked while open (markDeleted)
    };
    std::unordered_map<int, Entry> fds_;
};

using SharedFdTable = std::shared_ptr<FdTable>;

}  // namespace scratch::tracer
