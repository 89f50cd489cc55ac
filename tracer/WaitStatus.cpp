#include "tracer/WaitStatus.h"

#include <sys/ptrace.h>
#include <sys/wait.h>

#include <csignal>

namespace scratch::tracer {

WaitStatus WaitStatus::classify(int status) {
    WaitStatus ws;
    ws.raw = status;
    if (WIFEXITED(status)) {
        ws.kind = StopKind::Exited;
        ws.exitCode = WEXITSTATUS(status);
        return ws;
    }
    if (WIFSIGNALED(status)) {
        ws.kind = StopKind::Killed;
        ws.signal = WTERMSIG(status);
        return ws;
    }
    const int sig = WSTOPSIG(status);
    const int event = (status >> 16) & 0xff;
    ws.signal = sig;
    if (sig == (SIGTRAP | 0x80)) {
        ws.kind = StopKind::SyscallStop;
        ws.signal = 0;
        return ws;
    }
    if (event == PTRACE_EVENT_STOP) {
        // With PTRACE_SEIZE a group-stop is reported as PTRACE_EVENT_STOP with the stopping
        // signal; SIGTRAP there means the initial stop of an auto-attached task or an interrupt.
        // (A stopping signal that is only about to be delivered is a plain signal-delivery-stop.)
        const bool stopping = sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
        ws.kind = stopping ? StopKind::GroupStop : StopKind::InterruptStop;
        return ws;
    }
    if (event != 0) {
        ws.kind = StopKind::Event;
        ws.event = event;
        ws.signal = 0;
        return ws;
    }
    ws.kind = StopKind::SignalDelivery;
    return ws;
}

}  // namespace scratch::tracer
