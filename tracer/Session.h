// The ptrace engine: starts the launcher traced from its first instruction, follows every task
// it creates, stops at every syscall, decodes and attributes it, and hands events to a listener.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/CloneGuard.h"
#include "tracer/DecodeCapture.h"
#include "tracer/EventListener.h"
#include "tracer/InitNamespaces.h"
#include "tracer/IoUringRings.h"
#include "tracer/MonotonicClock.h"
#include "tracer/PathResolver.h"
#include "tracer/SocketPeer.h"
#include "tracer/SocketProtocol.h"
#include "tracer/StdStreams.h"
#include "tracer/StopMemory.h"
#include "tracer/Task.h"
#include "tracer/TaskInvariant.h"
#include "tracer/TaskNumbers.h"
#include "tracer/TaskTree.h"

namespace scratch::tracer {

/// How to trace.
struct SessionOptions {
    std::string rootfsHost;  ///< the container's rootfs on the host, for attribution
    DecodeOptions decode;
    bool decodeArgs = true;  ///< render arguments (off when nobody reads them)
    /// Render the runtime's setup calls even without decodeArgs: a container run's reports
    /// explain each setup step from its log line (a hundred calls; the workload stays undecoded).
    bool decodeSetup = false;
    bool resolvePaths = true;   ///< attribute paths and fds to host objects
    bool pinCpu = true;         ///< keep the tracer and its tracees on one CPU (fewer migrations)
    double timeoutSeconds = 0;  ///< kill the container after this long (0: never)
    /// When not empty: stop only at these syscalls (a seccomp-bpf filter loaded by the
    /// launcher returns SECCOMP_RET_TRACE for them; the rest run without any stop). Include
    /// Session::requiredStops(). Fd names then come from /proc at each use.
    std::vector<std::string> stopOnly;
    /// Called with the launcher's pid while it is stopped, before it is seized and runs
    /// anything traced (e.g. to move it into the run's cgroup). May throw scratch::Error:
    /// the launcher is then killed and run() rethrows.
    std::function<void(pid_t)> beforeTrace;
    /// The namespaces to compare with the tracer's own when the container's init (the
    /// launcher's child in a new PID namespace) appears: a NamespacesEvent to the listener.
    /// Empty: no event.
    std::vector<NamespaceLink> namespaceLinks;
    /// Compare the host's mount table before and after the run: each mount it gained is a
    /// HostMountAdded note, the run's last event (tracer/HostMountWatch.h). Off for tracing
    /// without a container, where other processes' mounts would be taken for the run's.
    bool watchHostMounts = false;
    /// When not 0: SIGINT, SIGTERM and SIGHUP stop the run only when this process or the
    /// kernel sent them. A tracer in a child process (tracer/TracerProcess.h) takes them from
    /// its parent, which forwards what is sent to scratch-trace, and from a terminal directly
    /// (a Ctrl-C reaches the whole process group; the parent does not forward it).
    pid_t signalsFrom = 0;
    /// Check tasks' roots and cwds against the container (tracer/TaskInvariant.h); false with
    /// --root-mode none, where there is no root to escape from.
    bool checkRoots = true;
};

/// How the traced run ended.
struct SessionResult {
    int exitCode = 0;    ///< the launcher's exit status (the command's), or 128+N
    int termSignal = 0;  ///< the signal that killed the launcher, if any
    bool timedOut = false;
    bool interrupted = false;
    int interruptSignal = 0;
    uint64_t syscalls = 0;  ///< syscall entries seen
    uint64_t tasks = 0;     ///< tasks seen
    /// Stops at which the argument decoder ran (rendered or captured arguments): 0 when no
    /// output shows them (SessionOptions::decodeArgs false), which tests check.
    uint64_t decoderStops = 0;
    int64_t durationNs = 0;
};

/// One traced run. Not reusable; one per process at a time (it owns the signal handlers while it
/// runs, and gives the caller's back at the end: tracer/SignalRelay.h).
class Session {
  public:
    Session(SessionOptions options, EventListener& listener);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Forks the launcher, which stops itself, is seized, and then runs launcherBody and exits
    /// with what it returns. Traces until every task is gone. Throws scratch::Error only before
    /// the first tracee runs (fork or ptrace refused).
    SessionResult run(const std::function<int()>& launcherBody);

    /// The syscalls a filtered session must still stop at to stay correct (StopFilter.h).
    static std::vector<std::string> requiredStops();

  private:
    /// Whether the event's arguments are decoded: when some output shows them, or it is the
    /// runtime's setup and SessionOptions::decodeSetup asks for it.
    bool decodes(const SyscallEvent& ev) const {
        return options_.decodeArgs || (options_.decodeSetup && ev.phase == Phase::Setup);
    }
    /// Before the listener sees a syscall: renders a captured event here (tracer/DecodeCapture.h)
    /// unless the listener completes deferred decoding itself (the output thread).
    void renderUnlessListenerDoes(SyscallEvent& ev) {
        if (ev.decodeDeferred && !listener_.completesDeferredDecoding()) {
            completeDecoding(ev, options_.decode);
        }
    }
    Task* findTask(pid_t tid);
    /// Drops findTask's memo: call before tasks_ loses or replaces an entry.
    void forgetFoundTask();
    Task& addTask(pid_t tid);
    void handleStop(pid_t tid, int status);
    void onSyscallStop(Task& task);
    /// `stackPointer` stands in for the argument of a row whose first role is SigreturnFrame.
    void onEntry(Task& task, uint32_t auditArch, uint64_t nr, const uint64_t args[6],
                 uint64_t stackPointer = 0);
    void onExit(Task& task, int64_t rval, bool isError);
    void onNewTask(Task& parent, pid_t child, int event);
    void onExec(Task& task, pid_t formerTid);
    void onTaskGone(pid_t tid, int status);
    /// Reports the call `task` is in as ended without a return (`= ?`): the task died in it, or
    /// another thread's execve replaced it (tracer/UnfinishedCall.cpp).
    void endUnfinished(Task& task);
    /// After a call that removed names (unlink, rename over a file...): the open fds of a file
    /// that has no name left are marked for "(deleted)" (DeletedFds.cpp).
    void markDeletedFds(const SyscallEvent& ev);
    /// A signal-delivery stop: one PTRACE_GETSIGINFO, then a SignalEvent (SignalReport.cpp).
    void reportSignal(Task& task, int signo);
    /// A group-stop: a SignalEvent without siginfo (groupStop set), strace's "stopped by".
    void reportGroupStop(Task& task, int signo);
    void collectPaths(Task& task, SyscallEvent& ev);
    void afterSuccess(Task& task, SyscallEvent& ev);
    /// Adds a PathRef, resolved from /proc, for each fd the call installed beyond the open
    /// family (tracer/ReceivedFds.h), and forgets fd tables the call changed unseen.
    void attributeInstalledFds(Task& task, SyscallEvent& ev);
    /// Skips the syscall at its entry stop; its exit stop then returns ENOSYS (RegisterEdits.h).
    static void skipWithEnosys(Task& task);
    void scanInheritedFds(Task& task);
    PathRef fdRef(Task& task, int fd);
    /// fdRef into `ref`, reusing its strings' buffers (the per-stop path).
    void fillFdRef(Task& task, int fd, PathRef& ref);
    /// A PathRef appended to ev.paths, reset, from the session's spare ones when there are any.
    PathRef& nextPathSlot(SyscallEvent& ev);
    /// Moves ev.paths to the session's spares (buffers kept) and empties it.
    void recyclePaths(SyscallEvent& ev);
    /// The namer behind -y: the fd table's path, or unknownFd_'s after asking /proc.
    const std::string* fdName(Task& task, int fd);
    void killAll();
    /// Nanoseconds since the session started.
    int64_t now();
    /// What the io_uring tracker may ask of the session (about current_'s task and event).
    UringContext uringContext();

    SessionOptions options_;
    EventListener& listener_;
    PathResolver resolver_;
    PeerFinder peers_;  ///< who is at the other end of connect and accept
    TaskInvariant invariant_;
    CloneGuard cloneGuard_;
    std::vector<int> installed_;  ///< attributeInstalledFds' list, kept for its buffer
    TaskNumbersReader taskNumbers_;
    StopMemory memory_;
    TaskMap tasks_;
    pid_t lastFoundTid_ = 0;  ///< findTask's memo of its last answer
    Task* lastFound_ = nullptr;
    std::unordered_map<pid_t, pid_t> spawnParents_;  ///< child tid -> parent, until attached
    Phase phase_ = Phase::Setup;
    pid_t launcher_ = 0;
    uint64_t seq_ = 0;
    MonotonicClock clock_;
    int64_t startNs_ = 0;
    SessionResult result_;
    bool killed_ = false;
    bool filtered_ = false;  ///< a seccomp filter decides which syscalls stop
    ProcessEvent processEvent_;
    SignalEvent signalEvent_;
    FdNamer namer_;
    Task* current_ = nullptr;  ///< the task the decoder's FdNamer refers to
    PathRef unknownFd_;        ///< fdName's answer for an fd the table does not know
    std::string deletedName_;  ///< fdName's answer for an unlinked file: "path (deleted)"
    /// fdName's answers to the decoders' protocol queries.
    SocketProtocols socketProtocols_;
    /// PathRefs of earlier events, kept so that their strings' buffers are reused. One pool
    /// for the session: a pool per task would start empty in every short-lived process.
    std::vector<PathRef> sparePaths_;
    StdStreams stdio_;    ///< the command's fds 0-2
    IoUringRings uring_;  ///< io_uring rings and the operations submitted through them
};

}  // namespace scratch::tracer
