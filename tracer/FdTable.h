// What each fd of a process refers to, kept from the syscalls that made it so that fd-taking
// syscalls are attributed without asking /proc at every stop. Misses fall back to /proc.
#pragma once

#include <memory>
#include <unordered_map>

#include "tracer/Events.h"

namespace scratch::tracer {

/// One process's fd table (shared by threads that share their fds: CLONE_FILES).
class FdTable {
  public:
    /// The attribution of fd, or nullptr when it is not known (ask /proc, then set()).
    const PathRef* find(int fd) const {
        auto it = fds_.find(fd);
        return it == fds_.end() ? nullptr : &it->second;
    }
    void set(int fd, const PathRef& ref) { fds_[fd] = ref; }
    void erase(int fd) { fds_.erase(fd); }
    /// close_range(first, last): forget every fd in the range.
    void eraseRange(unsigned first, unsigned last) {
        for (auto it = fds_.begin(); it != fds_.end();) {
            const auto fd = static_cast<unsigned>(it->first);
            it = fd >= first && fd <= last ? fds_.erase(it) : std::next(it);
        }
    }
    void copyFd(int from, int to) {
        if (auto it = fds_.find(from); it != fds_.end()) {
            fds_[to] = it->second;
        } else {
            fds_.erase(to);
        }
    }
    /// After execve: close-on-exec fds are gone; we do not track the flag, so forget all
    /// (they are looked up again on first use).
    void clear() { fds_.clear(); }

  private:
    std::unordered_map<int, PathRef> fds_;
};

using SharedFdTable = std::shared_ptr<FdTable>;

}  // namespace scratch::tracer
