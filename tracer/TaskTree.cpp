#include "tracer/TaskTree.h"

#include <linux/sched.h>
#include <sys/wait.h>

#include "tracer/WaitStatus.h"

namespace scratch::tracer {

uint64_t spawnFlags(const Task& parent) {
    const bool viaClone = parent.inSyscall && (parent.callFacts.id == SpecialCall::Clone ||
                                               parent.callFacts.id == SpecialCall::Clone3);
    return viaClone ? parent.pendingCloneFlags : 0;
}

void inheritOnSpawn(Task& parent, Task& child, uint64_t flags) {
    const bool thread = (flags & CLONE_THREAD) != 0;
    child.tgid = thread ? parent.tgid : child.tid;
    if (thread) child.nstgid = parent.nstgid;
    if ((flags & CLONE_FILES) || thread) {
        child.fds = parent.fds;
        return;
    }
    // CLONE_VM without CLONE_FILES (a vfork'd parent sleeps, so not with CLONE_VFORK).
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        parent.sharesMemory = child.sharesMemory = true;
    child.fds = std::make_shared<FdTable>(*parent.fds);
}

bool takeOverLeader(TaskMap& tasks, pid_t formerTid, pid_t leaderTid) {
    if (formerTid == leaderTid || formerTid <= 0) return false;
    auto it = tasks.find(formerTid);
    if (it == tasks.end()) return false;
    std::unique_ptr<Task> moved = std::move(it->second);
    tasks.erase(it);
    moved->tid = leaderTid;
    moved->nstid = moved->nstgid;
    moved->event.tid = leaderTid;
    moved->event.nspid = moved->nstgid;
    tasks[leaderTid] = std::move(moved);  // the old leader's Task is destroyed here
    return true;
}

void resetOnExec(Task& task) {
    task.fds = task.fds->afterExec();
    task.sharesMemory = false;
}

ExecPhase phaseAfterExec(const Task& task, Phase current) {
    ExecPhase out;
    out.firstWorkload = !task.isLauncher && current == Phase::Setup;
    out.phase = task.isLauncher ? current : Phase::Workload;
    return out;
}

void startProcessEvent(ProcessEvent& pe, ProcessEvent::Kind kind, const Task& task, Phase phase,
                       int64_t tsNs) {
    pe = ProcessEvent{};
    pe.kind = kind;
    pe.tsNs = tsNs;
    pe.tid = task.tid;
    pe.tgid = task.tgid;
    pe.nspid = task.nstid;
    pe.phase = phase;
}

ExitStatus exitStatusOf(int waitStatus) {
    const WaitStatus ws = WaitStatus::classify(waitStatus);
    const bool killed = ws.kind == StopKind::Killed;
    ExitStatus out;
    out.exitCode = ws.kind == StopKind::Exited ? ws.exitCode : 128 + ws.signal;
    out.termSignal = killed ? ws.signal : 0;
    out.coreDumped = killed && WCOREDUMP(waitStatus);
    return out;
}

void setExitStatus(ProcessEvent& pe, int waitStatus) {
    const ExitStatus end = exitStatusOf(waitStatus);
    pe.exitCode = end.exitCode;
    pe.termSignal = end.termSignal;
    pe.coreDumped = end.coreDumped;
}

}  // namespace scratch::tracer
