// Session's signal-delivery stops and group-stops as events: the only cost is one
// PTRACE_GETSIGINFO per delivered signal; syscall stops pay nothing.
#include <sys/ptrace.h>

#include "tracer/Session.h"
#include "tracer/Task.h"

namespace scratch::tracer {

namespace {
/// The launcher stops itself until the tracer has seized it and sends it SIGCONT: the tracer's
/// handshake, before any syscall, not the runtime's work (a strace of the runtime has neither).
bool handshake(const Task& task, uint64_t syscalls) { return task.isLauncher && syscalls == 0; }
}  // namespace

void Session::reportSignal(Task& task, int signo) {
    if (handshake(task, seq_)) return;
    SignalEvent& ev = signalEvent_;
    ev.tsNs = now();
    ev.tid = task.tid;
    ev.tgid = task.tgid;
    ev.nspid = task.nstid;
    ev.phase = task.isLauncher ? Phase::Setup : phase_;
    ev.signo = signo;
    // ESRCH (the task was killed meanwhile) leaves the line without its fields, as strace's.
    ev.hasSiginfo = ptrace(PTRACE_GETSIGINFO, task.tid, nullptr, &ev.raw) == 0;
    if (!ev.hasSiginfo) ev.raw = siginfo_t{};
    ev.siginfo.clear();
    ev.groupStop = false;
    listener_.onSignal(ev);
}

void Session::reportGroupStop(Task& task, int signo) {
    if (handshake(task, seq_)) return;
    SignalEvent& ev = signalEvent_;
    ev.tsNs = now();
    ev.tid = task.tid;
    ev.tgid = task.tgid;
    ev.nspid = task.nstid;
    ev.phase = task.isLauncher ? Phase::Setup : phase_;
    ev.signo = signo;
    ev.raw = siginfo_t{};
    ev.hasSiginfo = false;
    ev.siginfo.clear();
    ev.groupStop = true;
    listener_.onSignal(ev);
}

}  // namespace scratch::tracer
