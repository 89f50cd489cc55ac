// Wait-status classification on synthetic statuses, built the way the kernel encodes them.
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <csignal>

#include "tracer/WaitStatus.h"

using scratch::tracer::StopKind;
using scratch::tracer::WaitStatus;

namespace {
// The kernel's encodings (see wait(2) and ptrace(2)).
int exited(int code) { return (code & 0xff) << 8; }
int killed(int sig) { return sig & 0x7f; }
int stopped(int sig, int event = 0) { return (event << 16) | ((sig & 0xff) << 8) | 0x7f; }
}  // namespace

TEST_CASE("exit and death by signal", "[waitstatus]") {
    const WaitStatus e = WaitStatus::classify(exited(3));
    CHECK(e.kind == StopKind::Exited);
    CHECK(e.exitCode == 3);
    const WaitStatus k = WaitStatus::classify(killed(SIGKILL));
    CHECK(k.kind == StopKind::Killed);
    CHECK(k.signal == SIGKILL);
}

TEST_CASE("syscall stops are SIGTRAP|0x80 with TRACESYSGOOD", "[waitstatus]") {
    const WaitStatus s = WaitStatus::classify(stopped(SIGTRAP | 0x80));
    CHECK(s.kind == StopKind::SyscallStop);
    CHECK(s.signal == 0);
    // A plain SIGTRAP is a real signal (e.g. from kill or an int3) and must be delivered.
    const WaitStatus t = WaitStatus::classify(stopped(SIGTRAP));
    CHECK(t.kind == StopKind::SignalDelivery);
    CHECK(t.signal == SIGTRAP);
}

TEST_CASE("ptrace events carry their number in the high bits", "[waitstatus]") {
    for (int event : {PTRACE_EVENT_FORK, PTRACE_EVENT_VFORK, PTRACE_EVENT_CLONE, PTRACE_EVENT_EXEC,
                      PTRACE_EVENT_EXIT, PTRACE_EVENT_SECCOMP}) {
        const WaitStatus w = WaitStatus::classify(stopped(SIGTRAP, event));
        CHECK(w.kind == StopKind::Event);
        CHECK(w.event == event);
        CHECK(w.signal == 0);
    }
}

TEST_CASE("group-stop vs signal-delivery-stop under PTRACE_SEIZE", "[waitstatus]") {
    // The same SIGSTOP is first a signal-delivery-stop (it may be suppressed by the tracer) and
    // then, once delivered, a group-stop reported as PTRACE_EVENT_STOP.
    CHECK(WaitStatus::classify(stopped(SIGSTOP)).kind == StopKind::SignalDelivery);
    for (int sig : {SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU}) {
        const WaitStatus g = WaitStatus::classify(stopped(sig, PTRACE_EVENT_STOP));
        CHECK(g.kind == StopKind::GroupStop);
        CHECK(g.signal == sig);
    }
    // PTRACE_EVENT_STOP with SIGTRAP: a new task's first stop, or PTRACE_INTERRUPT.
    CHECK(WaitStatus::classify(stopped(SIGTRAP, PTRACE_EVENT_STOP)).kind ==
          StopKind::InterruptStop);
}

TEST_CASE("ordinary signals are passed on", "[waitstatus]") {
    for (int sig : {SIGCHLD, SIGINT, SIGUSR1, SIGSEGV, SIGCONT}) {
        const WaitStatus w = WaitStatus::classify(stopped(sig));
        CHECK(w.kind == StopKind::SignalDelivery);
        CHECK(w.signal == sig);
    }
}
