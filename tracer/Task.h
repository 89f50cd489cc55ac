// The tracer's state for one traced thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tracer/CallFacts.h"
#include "tracer/Events.h"
#include "tracer/FdTable.h"

namespace scratch::tracer {

/// Per-tid state. The SyscallEvent is reused from stop to stop (no allocation once warm).
struct Task {
    pid_t tid = 0;
    pid_t tgid = 0;
    pid_t nstid = 0;  ///< tid in the container's PID namespace, 0 outside it
    pid_t nstgid = 0;
    bool isLauncher = false;   ///< the runtime's launcher: always phase setup
    bool inSyscall = false;    ///< between a syscall-entry-stop and its exit-stop
    bool forceEnosys = false;  ///< the syscall in progress was skipped: it returns ENOSYS
    bool held = false;  ///< stopped at its first stop until its parent's clone event names it
    uint64_t pendingCloneFlags = 0;  ///< flags of the clone this task is in, for its child
    SharedFdTable fds;
    std::vector<std::string> execArgv;  ///< argv read at an execve entry, for the Exec event
    PathRef execPath;                   ///< the program an execve entry named
    SyscallEvent event;                 ///< the syscall in progress, filled at its entry
    /// The facts of event's syscall (its special call, its property bits), set at its entry.
    CallFacts callFacts;
    /// The host tid of the task the clone-family call in progress created, from its
    /// PTRACE_EVENT_CLONE/FORK/VFORK; 0 until that event (tracer/CloneGuard.h checks it).
    pid_t newChild = 0;
    pid_t newChildNs = 0;  ///< newChild's tid in its own PID namespace (0: the tracer's)
    /// Bit i: path argument i of the syscall in progress could not be read at its entry
    /// (memory the tracer cannot read); the exit decides whether that leaves a blind spot.
    uint8_t unreadableArgs = 0;
    /// Shares its memory with another process (clone with CLONE_VM but its own fd table), until
    /// its next exec: a path string read at an entry may not be the one the kernel reads.
    bool sharesMemory = false;
};

}  // namespace scratch::tracer
