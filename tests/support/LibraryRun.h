// A traced run made through the library (run/TracedRun.h) in the test's own process: for tests
// that check the outcome itself (the verdict, its findings, the exit status scratch-trace would
// give) rather than what the binary printed. The CLI's output stays the business of the tests
// that run the binary (support/Harness.h).
#pragma once

#include <string>
#include <vector>

#include "container/Spec.h"
#include "reports/Pipeline.h"
#include "run/TracedRun.h"

/// One run, made by the constructor: `scratch-trace run -q` without the end report. The
/// container's stdin is /dev/null; its stdout and stderr (and the launcher's one-line failures)
/// are caught in `out` and `err`. This process must have no other child while it runs (the
/// tracer waits for any child); its CPU affinity is kept.
class LibraryRun {
  public:
    /// Validates `spec` (rootfs and command set) and traces it, killing it after
    /// `timeoutSeconds`; with `outputOnOtherCpu` the tracer runs as a child process
    /// (RunRequest::outputOnOtherCpu). A scratch::Error is a test failure.
    explicit LibraryRun(scratch::container::Spec spec, double timeoutSeconds = 120,
                        bool outputOnOtherCpu = false);
    LibraryRun(const LibraryRun&) = delete;
    LibraryRun& operator=(const LibraryRun&) = delete;

    /// The run's summary: the verdict, the findings and counts.
    const scratch::reports::RunSummary& summary() const { return outputs_.summary(); }
    /// The kept findings of one class, or all with "".
    std::vector<scratch::reports::Finding> findings(const std::string& klass = "") const;
    /// What `scratch-trace run` would exit with (docs/cli.md).
    int exitStatus(bool failOnLeak = false) const { return outcome.exitStatus(failOnLeak); }
    /// The outcome, out and err and the findings, for INFO().
    std::string describe() const;

    scratch::run::RunOutcome outcome;
    std::string out;  ///< the container's stdout
    std::string err;  ///< its stderr

  private:
    scratch::reports::Pipeline outputs_;
};
