// The task tree's rules (tracer/TaskTree.h), without root or a tracee: what a clone gives the
// child, what an execve resets, how a non-leader thread's execve takes over the leader's tid,
// the phase an execve starts, and the ProcessEvent each is reported as.
#include <linux/sched.h>
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "tracer/SyscallTable.h"
#include "tracer/TaskTree.h"

using namespace scratch::tracer;

namespace {

std::unique_ptr<Task> taskOf(pid_t tid, pid_t tgid) {
    auto task = std::make_unique<Task>();
    task->tid = tid;
    task->tgid = tgid;
    task->nstid = tid - 1000;
    task->nstgid = tgid - 1000;
    task->fds = std::make_shared<FdTable>();
    PathRef ref;
    ref.host = "/kept";
    task->fds->set(3, ref, true);
    ref.host = "/cloexec";
    task->fds->set(4, ref, false);
    return task;
}

/// The parent in the middle of a clone with these flags (remembered at the entry).
void inClone(Task& parent, uint64_t flags) {
    parent.inSyscall = true;
    parent.callFacts = callFacts(*findSyscall("clone"));
    parent.pendingCloneFlags = flags;
}

}  // namespace

TEST_CASE("a forked child gets its own copy of the fd table", "[tracer][tasktree]") {
    auto parent = taskOf(1100, 1100);
    Task child;
    child.tid = 1101;
    parent->inSyscall = true;
    parent->callFacts = callFacts(*findSyscall("fork"));
    parent->pendingCloneFlags = CLONE_THREAD;  // stale: fork has no flags
    const uint64_t flags = spawnFlags(*parent);
    CHECK(flags == 0);
    inheritOnSpawn(*parent, child, flags);
    CHECK(child.tgid == 1101);
    REQUIRE(child.fds != parent->fds);
    child.fds->erase(3);
    CHECK(parent->fds->find(3) != nullptr);
    CHECK_FALSE(child.sharesMemory);
}

TEST_CASE("a thread joins the group and shares the fd table", "[tracer][tasktree]") {
    auto parent = taskOf(1100, 1100);
    inClone(*parent, CLONE_THREAD | CLONE_VM | CLONE_FILES | CLONE_SIGHAND);
    Task child;
    child.tid = 1102;
    child.nstid = 102;
    inheritOnSpawn(*parent, child, spawnFlags(*parent));
    CHECK(child.tgid == 1100);
    CHECK(child.nstgid == parent->nstgid);
    CHECK(child.fds == parent->fds);
    CHECK_FALSE(parent->sharesMemory);
}

TEST_CASE("CLONE_VM without CLONE_FILES marks both as sharing memory; vfork does not",
          "[tracer][tasktree]") {
    auto parent = taskOf(1100, 1100);
    Task child;
    child.tid = 1103;
    inheritOnSpawn(*parent, child, CLONE_VM | SIGCHLD);
    CHECK(parent->sharesMemory);
    CHECK(child.sharesMemory);
    CHECK(child.fds != parent->fds);

    auto vforker = taskOf(1200, 1200);
    Task vchild;
    vchild.tid = 1201;
    inheritOnSpawn(*vforker, vchild, CLONE_VM | CLONE_VFORK | SIGCHLD);
    CHECK_FALSE(vforker->sharesMemory);
    CHECK_FALSE(vchild.sharesMemory);
}

TEST_CASE("a clone's flags count only while the parent is in clone or clone3",
          "[tracer][tasktree]") {
    auto parent = taskOf(1100, 1100);
    inClone(*parent, CLONE_FILES);
    CHECK(spawnFlags(*parent) == CLONE_FILES);
    parent->inSyscall = false;
    CHECK(spawnFlags(*parent) == 0);
}

TEST_CASE("execve drops close-on-exec fds and ends shared memory", "[tracer][tasktree]") {
    auto task = taskOf(1100, 1100);
    task->sharesMemory = true;
    const SharedFdTable before = task->fds;
    resetOnExec(*task);
    CHECK(task->fds != before);
    CHECK(task->fds->find(3) != nullptr);
    CHECK(task->fds->find(4) == nullptr);
    CHECK(before->find(4) != nullptr);  // a sharer that did not exec keeps its table
    CHECK_FALSE(task->sharesMemory);
}

TEST_CASE("a non-leader thread's execve takes over the leader's tid", "[tracer][tasktree]") {
    TaskMap tasks;
    tasks[1100] = taskOf(1100, 1100);  // the leader
    tasks[1100]->execArgv = {"leader's"};
    tasks[1105] = taskOf(1105, 1100);  // the thread that exec'd
    tasks[1105]->inSyscall = true;
    tasks[1105]->execArgv = {"/bin/true"};
    tasks[1105]->event.tid = 1105;
    tasks[1106] = taskOf(1106, 1100);  // another thread: reports its own death later
    REQUIRE(takeOverLeader(tasks, 1105, 1100));
    CHECK(tasks.size() == 2);
    CHECK(tasks.count(1105) == 0);
    const Task& leader = *tasks.at(1100);
    CHECK(leader.tid == 1100);
    CHECK(leader.nstid == 100);  // the leader's tid in the container, its nstgid
    CHECK(leader.event.tid == 1100);
    CHECK(leader.event.nspid == 100);
    CHECK(leader.inSyscall);  // the execve in progress moved with it
    CHECK(leader.execArgv == std::vector<std::string>{"/bin/true"});
    CHECK(tasks.at(1106)->tid == 1106);
}

TEST_CASE("takeOverLeader leaves the map alone for the leader's own execve or an unknown tid",
          "[tracer][tasktree]") {
    TaskMap tasks;
    tasks[1100] = taskOf(1100, 1100);
    CHECK_FALSE(takeOverLeader(tasks, 1100, 1100));
    CHECK_FALSE(takeOverLeader(tasks, 0, 1100));
    CHECK_FALSE(takeOverLeader(tasks, 1999, 1100));
    CHECK(tasks.size() == 1);
    CHECK(tasks.at(1100)->tid == 1100);
}

TEST_CASE("the first execve outside the launcher starts the workload", "[tracer][tasktree]") {
    auto launcher = taskOf(1000, 1000);
    launcher->isLauncher = true;
    auto init = taskOf(1001, 1001);
    const ExecPhase byLauncher = phaseAfterExec(*launcher, Phase::Setup);
    CHECK(byLauncher.phase == Phase::Setup);
    CHECK_FALSE(byLauncher.firstWorkload);
    const ExecPhase first = phaseAfterExec(*init, Phase::Setup);
    CHECK(first.phase == Phase::Workload);
    CHECK(first.firstWorkload);
    const ExecPhase later = phaseAfterExec(*init, Phase::Workload);
    CHECK(later.phase == Phase::Workload);
    CHECK_FALSE(later.firstWorkload);
}

TEST_CASE("process events: one builder, the exit status as waitpid gave it", "[tracer][tasktree]") {
    auto task = taskOf(1100, 1099);
    ProcessEvent pe;
    pe.argv = {"stale"};
    pe.exitCode = 3;
    startProcessEvent(pe, ProcessEvent::Kind::Exec, *task, Phase::Workload, 42);
    CHECK(pe.kind == ProcessEvent::Kind::Exec);
    CHECK(pe.tid == 1100);
    CHECK(pe.tgid == 1099);
    CHECK(pe.nspid == 100);
    CHECK(pe.phase == Phase::Workload);
    CHECK(pe.tsNs == 42);
    CHECK(pe.argv.empty());
    CHECK(pe.exitCode == 0);

    startProcessEvent(pe, ProcessEvent::Kind::Exit, *task, Phase::Setup, 43);
    setExitStatus(pe, 7 << 8);  // exited with 7
    CHECK(pe.exitCode == 7);
    CHECK(pe.termSignal == 0);
    setExitStatus(pe, SIGKILL);  // killed
    CHECK(pe.exitCode == 128 + SIGKILL);
    CHECK(pe.termSignal == SIGKILL);
    CHECK_FALSE(pe.coreDumped);
    setExitStatus(pe, SIGSEGV | 0x80);  // killed, core dumped
    CHECK(pe.termSignal == SIGSEGV);
    CHECK(pe.coreDumped);
}

TEST_CASE("the command's exit status: the launcher's end read by the same rule as an Exit event",
          "[tracer][tasktree]") {
    // What Session::onTaskGone puts in SessionResult for the launcher, and what `scratch-trace
    // run` exits with (run/TracedRun.h): exit code, or 128+N for a death by signal N.
    const ExitStatus exited = exitStatusOf(W_EXITCODE(42, 0));
    CHECK(exited.exitCode == 42);
    CHECK(exited.termSignal == 0);
    CHECK_FALSE(exited.coreDumped);
    const ExitStatus zero = exitStatusOf(W_EXITCODE(0, 0));
    CHECK(zero.exitCode == 0);
    CHECK(zero.termSignal == 0);
    const ExitStatus killed = exitStatusOf(W_EXITCODE(0, SIGTERM));
    CHECK(killed.exitCode == 128 + SIGTERM);
    CHECK(killed.termSignal == SIGTERM);
    CHECK_FALSE(killed.coreDumped);
    const ExitStatus dumped = exitStatusOf(W_EXITCODE(0, SIGABRT) | WCOREFLAG);
    CHECK(dumped.exitCode == 128 + SIGABRT);
    CHECK(dumped.termSignal == SIGABRT);
    CHECK(dumped.coreDumped);
    // A command that exits with 128+N on its own is not taken for a death by signal N.
    const ExitStatus lookalike = exitStatusOf(W_EXITCODE(128 + SIGKILL, 0));
    CHECK(lookalike.exitCode == 128 + SIGKILL);
    CHECK(lookalike.termSignal == 0);

    // The Exit event says the same.
    for (const int status :
         {W_EXITCODE(42, 0), W_EXITCODE(0, SIGTERM), W_EXITCODE(0, SIGABRT) | WCOREFLAG}) {
        ProcessEvent pe;
        setExitStatus(pe, status);
        const ExitStatus end = exitStatusOf(status);
        CHECK(pe.exitCode == end.exitCode);
        CHECK(pe.termSignal == end.termSignal);
        CHECK(pe.coreDumped == end.coreDumped);
    }
}
