// The one exception type for user and setup errors. Thrown anywhere before or after the trace,
// caught only in cli/main.cpp, printed as one line, turned into a documented exit status.
#pragma once

#include <stdexcept>
#include <string>

namespace scratch {

/// Exit statuses of scratch-trace itself (docs/cli.md). Anything else is the command's own.
enum ExitCode : int {
    kExitUsage = 2,  ///< bad command line: unknown option, missing or malformed argument
    kExitOutsideContainer = 120,  ///< the container's root or cwd was outside it: refused
    /// --fail-on-leak and the verdict is inconclusive: no leak seen, but a blind spot
    kExitInconclusive = 122,
    kExitLeak = 123,           ///< --fail-on-leak and the verdict is leak
    kExitTimeout = 124,        ///< --timeout expired and the container was killed
    kExitFailure = 125,        ///< scratch-trace itself failed: bad rootfs, not root, I/O, ptrace
    kExitNotExecutable = 126,  ///< the command exists in the rootfs but cannot be executed
    kExitNotFound = 127,       ///< the command does not exist in the rootfs
};

/// A user or setup error: what went wrong, in one line, and the exit status it maps to.
class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message, int exitCode = kExitFailure)
        : std::runtime_error(message), exitCode_(exitCode) {}
    int exitCode() const { return exitCode_; }

  private:
    int exitCode_;
};

}  // namespace scratch
