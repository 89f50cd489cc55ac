// Runs the tracer in a child process of its own, while the process that started it formats and
// writes the events. With tracer and tracees sharing one CPU, whatever else shares the tracer's
// address space costs every stop: the output as a second thread of the tracer made the
// standard workload 0.014-0.063 of the floor slower than the same output in another process
// (docs/performance-analysis.md, session 9). The parent keeps everything that outlives the
// trace (the outputs, the cgroup, the verdict); the child hands back how the run ended. What the
// tracer learns during the run travels as events through the ring, never beside it.
#pragma once

#include <sys/types.h>

#include <functional>

#include "tracer/EventHandoff.h"
#include "tracer/Session.h"

namespace scratch::tracer {

/// Runs `Session(options, output).run(launcherBody)` in a forked child. `output` must have
/// agreed to shareWithChild(); its target gets every event on the calling thread, in order.
/// Signals: SIGINT, SIGTERM and SIGHUP sent to this process are forwarded to the tracer, but
/// for a terminal's Ctrl-C, which reaches the tracer itself (SessionOptions::signalsFrom:
/// either way each counts once); a second one ends this process at once, as it ends the
/// tracer; SIGPIPE is ignored as the tracer would. On return (or throw) this process has its
/// caller's dispositions and signal mask back (tracer/KeptSignals.h). The child dies with this
/// process (PR_SET_PDEATHSIG), and the tracees with it (PTRACE_O_EXITKILL). Throws what
/// `output`'s target threw here (it stops the tracer too), else what Session::run threw in the
/// child (as a scratch::Error with its message and exit status), or scratch::Error when the
/// child died without saying how the run ended.
SessionResult runTracerProcess(const SessionOptions& options, EventHandoff& output,
                               const std::function<int()>& launcherBody);

}  // namespace scratch::tracer
