// No task escapes the tracer. CLONE_UNTRACED would give a child that no ptrace event announces:
// the flag is cleared before the kernel reads it, a clone3 whose flags cannot be read or
// cleared is refused, and every pid a clone-family call returns is checked against the tasks
// the kernel announced (PTRACE_EVENT_CLONE/FORK/VFORK), which catches a flag set again by
// another thread after the tracer read it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tracer/EventListener.h"
#include "tracer/Task.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// Whether the call is fork, vfork, clone or clone3: it returns a new task's pid.
bool isCloneFamily(SpecialCall id);

/// What the session must do with a clone-family call at its entry.
enum class CloneEntry : uint8_t {
    Proceed,  ///< let it run (its CLONE_UNTRACED, if any, is gone)
    Refuse,   ///< skip it with ENOSYS: its flags could not be read or cleared
};

/// Watches clone-family calls at their entry and exit; tells what it saw as TracerNotes.
class CloneGuard {
  public:
    explicit CloneGuard(EventListener& listener) : listener_(listener) {}

    /// At the entry of fork, vfork, clone or clone3: remembers the flags for the child
    /// (task.pendingCloneFlags) and clears CLONE_UNTRACED (a register, or clone3's struct in
    /// tracee memory). Refuse: clone3's arguments cannot be read (memfd_secret memory, ...) or
    /// the flag cannot be cleared; glibc falls back to clone when clone3 fails with ENOSYS.
    CloneEntry atEntry(Task& task, const SyscallEvent& ev, TraceeMemory& memory);

    /// At the exit: a pid returned (ret > 0, in the caller's PID namespace) must be the task
    /// whose creation the kernel announced (task.newChild, 0 when no event came; the child may
    /// be gone already): otherwise an UntracedTask leak, and the caller's children that
    /// `isTraced` does not know are killed (SIGKILL), so the escaped task does no more.
    void atExit(const Task& task, const SyscallEvent& ev,
                const std::function<bool(pid_t)>& isTraced);

    /// The pids of `tid` in each PID namespace from the tracer's down (/proc/TID/status
    /// NSpid); empty when the task is gone.
    static std::vector<pid_t> namespacePids(pid_t tid);

  private:
    void note(const Task& task, const SyscallEvent& ev, TracerNote::Kind kind, std::string detail);

    EventListener& listener_;
};

}  // namespace scratch::tracer
