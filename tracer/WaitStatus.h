// Classifies what waitpid reported about a seized tracee. ptrace multiplexes many different
// stops onto one status word; getting this wrong hangs tracees or eats their signals.
#pragma once

namespace scratch::tracer {

/// What kind of stop (or end) a wait status is.
enum class StopKind {
    Exited,          ///< WIFEXITED
    Killed,          ///< WIFSIGNALED
    SyscallStop,     ///< SIGTRAP|0x80 (PTRACE_O_TRACESYSGOOD): entry or exit, ask GET_SYSCALL_INFO
    Event,           ///< PTRACE_EVENT_FORK/VFORK/CLONE/EXEC/EXIT/SECCOMP/VFORK_DONE
    GroupStop,       ///< PTRACE_EVENT_STOP with a stopping signal: resume with PTRACE_LISTEN
    InterruptStop,   ///< PTRACE_EVENT_STOP with SIGTRAP: a new task's first stop or an interrupt
    SignalDelivery,  ///< a signal about to be delivered: resume with that signal to pass it on
};

/// A decoded waitpid status. A value type so the classification is unit-testable.
struct WaitStatus {
    int raw = 0;
    StopKind kind = StopKind::Exited;
    int event = 0;     ///< PTRACE_EVENT_* for Event
    int signal = 0;    ///< the stop signal, the terminating signal, or 0
    int exitCode = 0;  ///< for Exited

    /// Classifies a status from waitpid(..., __WALL) on a task attached with PTRACE_SEIZE.
    static WaitStatus classify(int status);
};

}  // namespace scratch::tracer
