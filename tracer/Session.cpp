#include "tracer/Session.h"

#include <linux/sched.h>
#include <sched.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>

#include "common/Error.h"
#include "tracer/DecodeCapture.h"
#include "tracer/HostMountWatch.h"
#include "tracer/Openat2Args.h"
#include "tracer/ReceivedFds.h"
#include "tracer/RegisterEdits.h"
#include "tracer/SignalRelay.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/StopFilter.h"
#include "tracer/StructRoleDispatch.h"
#include "tracer/TaskTree.h"
#include "tracer/ThreadRseq.h"
#include "tracer/UnreadableArgs.h"
#include "tracer/WaitStatus.h"

namespace scratch::tracer {
namespace {

constexpr long kOptions = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                          PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;

}  // namespace

std::vector<std::string> Session::requiredStops() { return scratch::tracer::requiredStops(); }

Session::Session(SessionOptions options, EventListener& listener)
    : options_(std::move(options)),
      listener_(listener),
      resolver_(options_.rootfsHost),
      invariant_(resolver_, listener_, options_.checkRoots),
      cloneGuard_(listener_),
      filtered_(!options_.stopOnly.empty()),
      uring_(uringContext()) {
    namer_ = [this](int fd) { return current_ != nullptr ? fdName(*current_, fd) : nullptr; };
}

Session::~Session() { killAll(); }

int64_t Session::now() { return clock_.nowNs() - startNs_; }

Task* Session::findTask(pid_t tid) {
    // Stops come in runs from the same task (entry, exit, the next entry...).
    if (tid == lastFoundTid_ && lastFound_ != nullptr) return lastFound_;
    auto it = tasks_.find(tid);
    if (it == tasks_.end()) return nullptr;
    lastFoundTid_ = tid;
    lastFound_ = it->second.get();
    return lastFound_;
}

void Session::forgetFoundTask() {
    lastFoundTid_ = 0;
    lastFound_ = nullptr;
}

Task& Session::addTask(pid_t tid) {
    auto task = std::make_unique<Task>();
    task->tid = tid;
    TaskIds numbers{tid, tid, 0, 0};
    taskNumbers_.read(tid, numbers);
    task->tgid = numbers.tgid;
    task->nstid = numbers.nstid;
    task->nstgid = numbers.nstgid;
    task->fds = std::make_shared<FdTable>();
    Task& ref = *task;
    forgetFoundTask();
    tasks_[tid] = std::move(task);
    ++result_.tasks;
    return ref;
}

SessionResult Session::run(const std::function<int()>& launcherBody) {
    const SignalRelay::Scope relay(options_.signalsFrom);  // the caller's handlers back at the end

    if (options_.pinCpu) {
        // Tracer and tracees hand the CPU to each other at every stop; on one CPU that is a
        // cheap switch instead of a cross-CPU wake-up (the floor drops about threefold).
        const int cpu = sched_getcpu();
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu < 0 ? 0 : cpu, &set);
        sched_setaffinity(0, sizeof set, &set);
    }
    const ThreadRseqPause rseq;  // the tracer's thread without rseq (ThreadRseq.h), given back

    startNs_ = clock_.nowNs();
    const HostMountWatch hostMounts(options_.watchHostMounts);

    std::optional<StopFilter> filter;
    if (filtered_) filter.emplace(options_.stopOnly);
    const pid_t child = fork();
    if (child < 0) throw Error(std::string("fork: ") + strerror(errno));
    if (child == 0) {
        SignalRelay::restoreDefaults();
        // Stop here until the tracer has seized us: everything after this is traced.
        ::kill(getpid(), SIGSTOP);
        // The stop filter is loaded by the launcher itself, so its installation is traced.
        if (filter && !filter->load()) {
            static constexpr char kMsg[] =
                "scratch-trace: loading the seccomp stop filter failed\n";
            (void)!::write(2, kMsg, sizeof kMsg - 1);
            _exit(kExitFailure);
        }
        _exit(launcherBody());
    }
    filter.reset();
    launcher_ = child;
    int status = 0;
    if (waitpid(child, &status, WSTOPPED) != child || !WIFSTOPPED(status)) {
        ::kill(child, SIGKILL);
        waitpid(child, &status, 0);
        throw Error("the launcher did not stop for the tracer");
    }
    if (options_.beforeTrace) {
        try {
            options_.beforeTrace(child);
        } catch (...) {
            ::kill(child, SIGKILL);
            waitpid(child, &status, 0);
            throw;
        }
    }
    if (ptrace(PTRACE_SEIZE, child, 0, kOptions | (filtered_ ? PTRACE_O_TRACESECCOMP : 0)) != 0) {
        const int err = errno;
        ::kill(child, SIGKILL);
        waitpid(child, &status, 0);
        throw Error(std::string("ptrace(PTRACE_SEIZE): ") + strerror(err) +
                    (err == EPERM ? " (needs root or CAP_SYS_PTRACE)" : ""));
    }
    SignalRelay::setLauncher(child);
    Task& launcher = addTask(child);
    launcher.isLauncher = true;
    ::kill(child, SIGCONT);

    SignalRelay::armTimer(options_.timeoutSeconds);

    for (;;) {
        if (const StopRequest stop = SignalRelay::pending(); stop.any() && !killed_) {
            result_.interrupted = stop.signal != 0;
            result_.interruptSignal = stop.signal;
            result_.timedOut = stop.timerFired && stop.signal == 0;
            killAll();
        }
        const pid_t tid = waitpid(-1, &status, __WALL);
        if (tid < 0) {
            if (errno == EINTR) continue;
            break;  // ECHILD: every task is gone
        }
        handleStop(tid, status);
    }
    SignalRelay::disarmTimer();
    result_.durationNs = now();
    result_.syscalls = seq_;
    hostMounts.report(listener_);
    return result_;
}

void Session::killAll() {
    if (launcher_ == 0) return;
    killed_ = true;
    for (const auto& [tid, task] : tasks_) {
        ::kill(tid, SIGKILL);
    }
}

void Session::handleStop(pid_t tid, int status) {
    const WaitStatus ws = WaitStatus::classify(status);
    if (ws.kind == StopKind::Exited || ws.kind == StopKind::Killed) {
        onTaskGone(tid, status);
        return;
    }
    Task* task = findTask(tid);
    if (task == nullptr) {
        // A new task's first stop can arrive before its parent's fork/clone event. Hold it
        // there until that event has announced it, so its spawn record comes before anything
        // it does (onNewTask resumes it).
        task = &addTask(tid);
        if (killed_) ::kill(tid, SIGKILL);
        if (ws.kind == StopKind::InterruptStop) {
            task->held = true;
            return;
        }
    }
    int inject = 0;
    switch (ws.kind) {
        case StopKind::SyscallStop:
            onSyscallStop(*task);
            break;
        case StopKind::Event: {
            unsigned long msg = 0;
            ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg);
            if (ws.event == PTRACE_EVENT_FORK || ws.event == PTRACE_EVENT_VFORK ||
                ws.event == PTRACE_EVENT_CLONE) {
                onNewTask(*task, static_cast<pid_t>(msg), ws.event);
            } else if (ws.event == PTRACE_EVENT_EXEC) {
                onExec(*task, static_cast<pid_t>(msg));
                task = findTask(tid);
            } else if (ws.event == PTRACE_EVENT_SECCOMP) {
                onSyscallStop(*task);  // a filter selected this syscall: its entry
                // Not our filter's data: the workload's own filter said SECCOMP_RET_TRACE.
                // Without a tracer asking for seccomp events the kernel fails such a call
                // with ENOSYS and does not run it; do the same, so tracing changes nothing.
                if (!StopFilter::isOurs(msg) && task->inSyscall) skipWithEnosys(*task);
            }
            break;
        }
        case StopKind::GroupStop:
            reportGroupStop(*task, ws.signal);
            // A real group-stop (SIGSTOP/SIGTSTP...): leave the task stopped, but keep being
            // told when SIGCONT (or a kill) wakes it. PTRACE_SYSCALL here would un-stop it.
            ptrace(PTRACE_LISTEN, tid, 0, 0);
            return;
        case StopKind::InterruptStop:
            break;
        case StopKind::SignalDelivery:
            inject = ws.signal;
            reportSignal(*task, ws.signal);
            break;
        default:
            break;
    }
    // With the stop filter, only a syscall the filter selected needs its exit stop; every
    // other run is PTRACE_CONT, so unselected syscalls never stop at all.
    const bool wantSyscallStops = !filtered_ || (task != nullptr && task->inSyscall);
    // ESRCH here means the task was killed meanwhile; its exit is reported by waitpid later.
    ptrace(wantSyscallStops ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, inject);
}

void Session::onSyscallStop(Task& task) {
    __ptrace_syscall_info info{};
    const long n = ptrace(PTRACE_GET_SYSCALL_INFO, task.tid, sizeof info, &info);
    if (n <= 0) return;
    if (info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
        onEntry(task, info.arch, info.seccomp.nr,
                reinterpret_cast<const uint64_t*>(info.seccomp.args), info.stack_pointer);
    } else if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        // After a seccomp stop the kernel may still report the syscall-entry-stop: the entry is
        // already recorded, so only the exit is awaited.
        if (filtered_ && task.inSyscall) return;
        onEntry(task, info.arch, info.entry.nr, reinterpret_cast<const uint64_t*>(info.entry.args),
                info.stack_pointer);
    } else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
        if (task.inSyscall) onExit(task, info.exit.rval, info.exit.is_error != 0);
    }
}

void Session::onEntry(Task& task, uint32_t auditArch, uint64_t nr, const uint64_t args[6],
                      uint64_t stackPointer) {
    SyscallEvent& ev = task.event;
    ev.seq = ++seq_;
    ev.tsNs = now();
    ev.durationNs = 0;
    ev.tid = task.tid;
    ev.tgid = task.tgid;
    ev.nspid = task.nstid;
    ev.phase = task.isLauncher ? Phase::Setup : phase_;
    ev.arch = archFromAudit(auditArch);
    ev.nr = static_cast<int64_t>(nr);
    // i386 calls from a 64-bit process (int $0x80) have 32-bit pointers and ints.
    options_.decode.arch = effectiveArch(ev.arch, ev.nr) == Arch::I386 ? Arch::I386 : Arch::X86_64;
    const SyscallInfo& info = lookupSyscall(ev.arch, ev.nr);
    ev.setInfo(&info);
    ev.name = info.name;
    task.callFacts = callFacts(info);
    const SpecialCall id = task.callFacts.id;
    for (int i = 0; i < 6; ++i) ev.rawArgs[i] = args[i];
    // rt_sigreturn's argument is its signal frame, found at the stack pointer.
    if (info.args[0] == ArgRole::SigreturnFrame) ev.rawArgs[0] = stackPointer;
    ev.ret = 0;
    ev.err = 0;
    ev.finished = false;
    ev.noReturn = false;
    recyclePaths(ev);
    if (ev.peer.side != SocketPeer::Side::None) ev.peer = SocketPeer{};
    task.unreadableArgs = 0;
    task.inSyscall = true;
    current_ = &task;
    memory_.beginStop(task.tid);

    if (options_.resolvePaths) collectPaths(task, ev);
    // The kernel reads the submission queue after this stop: read and attribute it now.
    if (id == SpecialCall::IoUringEnter)
        uring_.onEnterEntry(task.tid, task.tgid, ev.seq, ev.rawArgs, memory_);
    // Decoding is capture at the stop, render on the output side (tracer/DecodeCapture.h): the
    // reads and fd names are recorded now, while the tracee is stopped; the text is made from
    // them on the output thread, or at the exit stop when nobody else does it.
    ev.decodeDeferred = decodes(ev);
    if (ev.decodeDeferred) {
        captureEntry(info, ev.rawArgs, memory_, namer_, options_.decode, ev.decodeCapture, ev.args);
        ++result_.decoderStops;
    } else {
        ev.args.clear();
        ev.decodeCapture.clear();
    }
    if (isCloneFamily(id) && cloneGuard_.atEntry(task, ev, memory_) == CloneEntry::Refuse) {
        skipWithEnosys(task);
    }
    if (id == SpecialCall::Execve || id == SpecialCall::Execveat) {
        // argv is gone from memory once the exec succeeds: read it now for the Exec event.
        task.execArgv.clear();
        const uint64_t argvPtr = id == SpecialCall::Execve ? ev.rawArgs[1] : ev.rawArgs[2];
        const size_t ptrSize = ev.arch == Arch::X86_64 ? 8 : 4;
        for (size_t i = 0; i < 256 && argvPtr != 0; ++i) {
            uint64_t p = 0;
            if (memory_.read(argvPtr + i * ptrSize, &p, ptrSize) != ptrSize || p == 0) break;
            std::string arg;
            bool truncated = false;
            if (!memory_.readString(p, 4096, arg, &truncated)) break;
            task.execArgv.push_back(std::move(arg));
        }
        task.execPath = ev.paths.empty() ? PathRef{} : ev.paths.front();
    }
}

void Session::skipWithEnosys(Task& task) {
    // The kernel runs nothing; the exit stop sets the return value (onExit).
    if (skipSyscall(task.tid)) task.forceEnosys = true;
}

void Session::onExit(Task& task, int64_t rval, bool isError) {
    SyscallEvent& ev = task.event;
    if (task.forceEnosys) {
        task.forceEnosys = false;
        setSyscallReturn(task.tid, -ENOSYS);
        rval = -ENOSYS;
        isError = true;
    }
    task.inSyscall = false;
    current_ = &task;
    memory_.beginStop(task.tid);
    ev.ret = rval;
    ev.err = isError ? static_cast<int>(-rval) : 0;
    ev.finished = true;
    ev.durationNs = now() - ev.tsNs;
    if (!isError) afterSuccess(task, ev);
    if (isCloneFamily(task.callFacts.id) && !killed_) {
        cloneGuard_.atExit(task, ev, [this](pid_t tid) { return findTask(tid) != nullptr; });
    }
    if (task.unreadableArgs != 0) noteUnreadable(task, ev, listener_);
    // The process at the other end of a connection (tracer/SocketPeer.h): noted after the call.
    const bool hostPeer =
        (task.callFacts.id == SpecialCall::Connect || task.callFacts.id == SpecialCall::Accept) &&
        peers_.identify(ev, [this](pid_t pid) { return findTask(pid) != nullptr; });
    // Another task's entry may have set the decode arch since this one's.
    options_.decode.arch = effectiveArch(ev.arch, ev.nr) == Arch::I386 ? Arch::I386 : Arch::X86_64;
    const SyscallInfo& info = *ev.info();  // never null: the entry set it from (arch, nr)
    if (ev.decodeDeferred) {
        captureExit(info, ev.rawArgs, rval, memory_, namer_, options_.decode, ev.decodeCapture,
                    ev.args);
        ev.retText.clear();
        ++result_.decoderStops;
    }
    if (task.callFacts.id == SpecialCall::IoUringEnter) {
        // The ops it submitted, with the results the completion queue shows.
        const std::string ops = uring_.onEnterExit(task.tid, task.tgid, ev.seq, ev.rawArgs, rval,
                                                   memory_, ev.paths, *task.fds);
        if (ev.decodeDeferred && options_.decodeArgs) captureReturnSuffix(ev.decodeCapture, ops);
    }
    renderUnlessListenerDoes(ev);
    listener_.onSyscall(ev);
    if (hostPeer) listener_.onNote(peers_.note());
}

void Session::onNewTask(Task& parent, pid_t childTid, int event) {
    Task* child = findTask(childTid);
    if (child == nullptr) child = &addTask(childTid);
    if (killed_) ::kill(childTid, SIGKILL);
    const uint64_t flags = spawnFlags(parent);
    (void)event;
    inheritOnSpawn(parent, *child, flags);
    parent.newChild = childTid;  // the pid its clone returns must be this task (CloneGuard)
    parent.newChildNs = child->nstid;
    if (!(flags & CLONE_NEWNS)) resolver_.inheritView(parent.tid, childTid);
    const bool thread = (flags & CLONE_THREAD) != 0;
    if (!thread && !uring_.empty()) uring_.onFork(parent.tgid, childTid);
    ProcessEvent& pe = processEvent_;
    startProcessEvent(pe, ProcessEvent::Kind::Spawn, *child,
                      parent.isLauncher ? Phase::Setup : phase_, now());
    pe.parentTid = parent.tid;
    pe.isThread = thread;
    pe.cloneFlags = flags;
    pe.seq = parent.event.seq;
    if (parent.isLauncher && (flags & CLONE_NEWPID) && !SignalRelay::hasInit()) {
        SignalRelay::setInit(childTid);
        if (!options_.namespaceLinks.empty())
            listener_.onNamespaces(readInitNamespaces(childTid, flags, options_.namespaceLinks));
    }
    listener_.onProcess(pe);
    invariant_.onNewTask(parent, *child, flags, pe.phase);
    if (child->held) {
        child->held = false;
        ptrace(filtered_ ? PTRACE_CONT : PTRACE_SYSCALL, childTid, 0, 0);
    }
}

void Session::onExec(Task& task, pid_t formerTid) {
    const pid_t tid = task.tid;
    if (formerTid != tid && formerTid > 0 && tasks_.count(formerTid) != 0) {
        // A non-leader thread exec'd (TaskTree.h): its state moves to the leader's tid.
        forgetFoundTask();
        // The old leader's call in progress ends here, as strace's `pause() = ?`.
        if (task.inSyscall) endUnfinished(task);
        resolver_.forget(formerTid);
        resolver_.forget(tid);
        invariant_.forget(tid);
        invariant_.renamed(formerTid, tid);
        takeOverLeader(tasks_, formerTid, tid);  // `task` (the old leader) is destroyed here
    }
    // The resolver's view of the task stays: an exec changes neither its root, nor its cwd,
    // nor its mount namespace.
    Task* execer = tasks_[tid].get();
    resetOnExec(*execer);
    if (!uring_.empty()) uring_.onExec(execer->tid, execer->tgid);
    const ExecPhase next = phaseAfterExec(*execer, phase_);
    const bool firstWorkload = next.firstWorkload;
    phase_ = next.phase;

    ProcessEvent& pe = processEvent_;
    startProcessEvent(pe, ProcessEvent::Kind::Exec, *execer, phase_, now());
    pe.exe = execer->execPath.host.empty() ? execer->execPath.given : execer->execPath.host;
    pe.argv = std::move(execer->execArgv);
    pe.seq = execer->event.seq;
    if (formerTid != tid && formerTid > 0) pe.formerTid = formerTid;
    listener_.onProcess(pe);
    if (firstWorkload) {
        resolver_.adoptContainerRoot(execer->tid);
        scanInheritedFds(*execer);
    }
    invariant_.check(*execer, execer->isLauncher ? Phase::Setup : phase_, execer->event.seq);
}

void Session::onTaskGone(pid_t tid, int status) {
    Task* task = findTask(tid);
    if (tid == launcher_) {  // the command's exit status (TaskTree's rule, as its Exit event's)
        const ExitStatus end = exitStatusOf(status);
        result_.exitCode = end.exitCode;
        result_.termSignal = end.termSignal;
    }
    if (task == nullptr) return;
    // Gone mid-syscall (exit_group, SIGKILL, or a thread reaped by another's exec).
    if (task->inSyscall) endUnfinished(*task);
    ProcessEvent& pe = processEvent_;
    startProcessEvent(pe, ProcessEvent::Kind::Exit, *task, task->isLauncher ? Phase::Setup : phase_,
                      now());
    setExitStatus(pe, status);
    listener_.onProcess(pe);
    resolver_.forget(tid);
    uring_.forget(tid, task->tgid);  // cheap when no ring was ever set up
    invariant_.forget(tid);
    forgetFoundTask();
    tasks_.erase(tid);
}

}  // namespace scratch::tracer
