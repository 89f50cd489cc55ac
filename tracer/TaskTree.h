// The task tree's rules, as pure functions over Task structs: what a new task inherits from its
// creator (thread group, fd table shared or copied, shared memory), what an execve resets,
// how a non-leader thread's execve takes over its leader's tid, which phase an execve starts,
// and the ProcessEvent each of these is reported as. No ptrace: the session calls them at the
// stops that announce the change (tests/unit/test_task_tree.cpp exercises them alone).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "tracer/Events.h"
#include "tracer/Task.h"

namespace scratch::tracer {

/// The session's tasks by host tid.
using TaskMap = std::unordered_map<pid_t, std::unique_ptr<Task>>;

/// The flags of the clone that made the parent's new child: clone's and clone3's, remembered
/// at their entry; 0 for fork and vfork (a clone with SIGCHLD is reported as a FORK event, so
/// the ptrace event does not tell).
uint64_t spawnFlags(const Task& parent);

/// What a new task takes from its creator: its thread group (CLONE_THREAD), its fd table
/// (shared with CLONE_FILES or as a thread, else a copy), and shared memory without a shared fd
/// table (CLONE_VM without CLONE_FILES, not vfork) for both.
void inheritOnSpawn(Task& parent, Task& child, uint64_t flags);

/// A non-leader thread exec'd: it takes over the leader's tid, and the old leader vanishes
/// without an exit report. Moves the thread's state (its execve in progress) to `leaderTid` in
/// `tasks`, replacing the leader's. False (nothing changed) when `formerTid` is not known.
bool takeOverLeader(TaskMap& tasks, pid_t formerTid, pid_t leaderTid);

/// What a successful execve resets in its task: close-on-exec fds are gone (and those whose
/// flag is unknown are looked up again); a new address space shares memory with nobody.
void resetOnExec(Task& task);

/// The phase after `task`'s execve: the first execve of a task that is not the launcher
/// starts the workload (firstWorkload), and it stays the workload from then on.
struct ExecPhase {
    Phase phase = Phase::Setup;
    bool firstWorkload = false;  ///< adopt the container root, scan inherited fds
};
ExecPhase phaseAfterExec(const Task& task, Phase current);

/// The ProcessEvent of a change of `task`: kind, time, ids and phase; the caller adds what
/// only its kind has (parent and flags, exe and argv, exit status).
void startProcessEvent(ProcessEvent& pe, ProcessEvent::Kind kind, const Task& task, Phase phase,
                       int64_t tsNs);

/// How a task ended, from waitpid's status: the one rule for an Exit event and for the run's
/// result (the launcher's end is the command's exit status).
struct ExitStatus {
    int exitCode = 0;         ///< its exit code, or 128+N when signal N killed it
    int termSignal = 0;       ///< the signal that killed it (0: it exited)
    bool coreDumped = false;  ///< killed, and the kernel dumped core
};
/// The end that waitpid's `waitStatus` (an exit or a death by signal) tells.
ExitStatus exitStatusOf(int waitStatus);

/// An Exit event's status from waitpid's (exitStatusOf).
void setExitStatus(ProcessEvent& pe, int waitStatus);

}  // namespace scratch::tracer
