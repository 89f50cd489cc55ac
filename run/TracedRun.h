// One traced run as a library call: a container spec and the outputs in, how it ended out. The
// `run` command is this call between its argument parsing and its exit status; tests call it
// too when they want the result itself rather than what the binary printed.
#pragma once

#include <string>

#include "container/Spec.h"
#include "reports/Pipeline.h"
#include "reports/RunInfo.h"
#include "tracer/ArgDecoder.h"
#include "tracer/Session.h"

namespace scratch::run {

/// What to run, how to trace it, and how the outputs take the events.
struct RunRequest {
    /// The container, already through container::validate(): a bad spec must fail before the
    /// outputs are opened, so that a typo leaves no empty output file behind.
    container::Spec spec;
    tracer::DecodeOptions decode;  ///< how arguments are shown
    bool decodeArgs = true;  ///< some output shows decoded arguments (false: none are decoded)
    /// Format and write on another CPU than the tracer's stops: the tracer then runs as a child
    /// process of the caller (tracer/TracerProcess.h; with one CPU allowed, inline anyway).
    /// Worth it only when something is written per event to a file: a log on a terminal keeps
    /// its lines in their exact place among the program's own output inline, and a run that
    /// only checks costs less inline than the hand-over to another CPU (rw_workload: 1.14x the
    /// floor inline, 1.19x through the ring).
    bool outputOnOtherCpu = false;
    bool pinCpu = true;         ///< keep the tracer and the container on one CPU
    double timeoutSeconds = 0;  ///< kill the container after this long (0: never)
    std::string filterText;     ///< the -e expressions as given, for the start record
};

/// How one traced run ended.
struct RunOutcome {
    /// The command's exit (or the interruption, or the timeout), and how many syscalls and
    /// tasks the tracer saw.
    tracer::SessionResult session;
    /// What the outputs were finished with: the session's end, the container's namespaces, the
    /// cgroup's numbers.
    reports::RunEnd end;
    /// The outputs' summary, complete: the verdict, the findings, the counts, the touched paths.
    /// Owned by the Pipeline given to runTraced().
    const reports::RunSummary* summary = nullptr;

    /// The status `scratch-trace run` exits with (docs/cli.md): 128+N when interrupted by
    /// signal N, 124 on timeout, with `failOnLeak` 123 for a leak and 122 for an inconclusive
    /// verdict (not seeing a leak is no proof there was none), else the command's own.
    int exitStatus(bool failOnLeak) const;
};

/// Traces `request.spec`'s container from its first instruction: makes the run's cgroup (with
/// limits), starts the outputs (their start record), traces until the last task is gone (or a
/// stop signal, or the timeout), and finishes the outputs with the verdict. `outputs` holds
/// every sink, each output already open, and the -e filter (a filtered run stops only at the
/// syscalls it selects). Throws scratch::Error (one line, a documented exit status) when the
/// container cannot be made or traced; what the tracer saw until then is in the outputs.
/// Leaves the caller's CPU affinity as it found it.
RunOutcome runTraced(RunRequest request, reports::Pipeline& outputs);

}  // namespace scratch::run
