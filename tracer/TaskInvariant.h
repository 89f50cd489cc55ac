// The first half of the invariant the verdict rests on: no task of the container holds a root
// or a working directory outside it. After every call that may change them (chroot, chdir,
// fchdir, pivot_root, setns, unshare, execve, and a clone into a new mount namespace) the
// kernel is asked what the task now holds (/proc/TID/root and /proc/TID/cwd, resolved as
// objects by the PathResolver), whatever strings the call was given. Tasks that share an fs
// struct (CLONE_FS) move together: a chdir by one is a chdir of all.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "tracer/EventListener.h"
#include "tracer/PathResolver.h"
#include "tracer/Task.h"

namespace scratch::tracer {

/// Checks tasks' roots and cwds against the kernel; tells an escape as an EscapedRoot note, once
/// per task and kind (detail "root" or "cwd").
class TaskInvariant {
  public:
    /// enabled=false (--root-mode none): there is no root to escape from.
    TaskInvariant(PathResolver& resolver, EventListener& listener, bool enabled)
        : resolver_(resolver), listener_(listener), enabled_(enabled) {}

    /// After a successful change (or an execve) by `task`: asks the kernel what its fs struct
    /// now holds and notes an escape for every task sharing it. Only in the workload phase:
    /// the runtime's own chroot is the isolation being built.
    void check(const Task& task, Phase phase, uint64_t seq);

    /// A new task: it shares its parent's fs struct (CLONE_FS) or starts with a copy, which
    /// holds what the parent's held (an escaped parent makes an escaped child). A child in a
    /// new mount namespace is asked about afresh.
    void onNewTask(const Task& parent, const Task& child, uint64_t cloneFlags, Phase phase);

    /// unshare(CLONE_FS): the task now has its own copy of its fs struct.
    void unshareFs(pid_t tid);

    /// A non-leader thread's execve moved it to the leader's tid.
    void renamed(pid_t from, pid_t to);

    /// The task is gone.
    void forget(pid_t tid) { members_.erase(tid); }

  private:
    /// What one fs struct held when last asked.
    struct FsState {
        bool rootOutside = false;
        bool cwdOutside = false;
        PathRef root;
        PathRef cwd;
    };
    struct Member {
        std::shared_ptr<FsState> fs;
        pid_t nspid = 0;
        bool rootNoted = false;
        bool cwdNoted = false;
    };

    Member& member(const Task& task);
    /// Notes the escapes `fs` holds for every member sharing it that was not told yet.
    void noteMembers(const std::shared_ptr<FsState>& fs, uint64_t seq);
    void noteOne(pid_t tid, Member& m, const PathRef& where, const char* kind, uint64_t seq);

    PathResolver& resolver_;
    EventListener& listener_;
    bool enabled_;
    std::unordered_map<pid_t, Member> members_;
};

}  // namespace scratch::tracer
