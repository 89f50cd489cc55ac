// Test support for the integration and root tests: run the scratch-trace binary as a user would,
// read its JSON Lines stream back, make and clean up root filesystems, and snapshot host state
// (mount table, processes) so a test can prove a run left nothing behind.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support/ContainerSettings.h"
#include "support/SkipTest.h"

using nlohmann::json;

/// skipTest (support/SkipTest.h) unless running as root (containers and ptrace of arbitrary
/// programs need it).
void requireRoot();

/// A temporary directory removed with everything in it when the object dies. Removal refuses
/// to descend into anything still mounted inside (it would delete through the mount).
class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "scratch-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

/// Removes `dir` recursively unless a mount point lies inside it. Returns whether it removed.
bool removeTreeSafely(const std::filesystem::path& dir);

/// How runScratch runs the binary.
struct ScratchOptions {
    double timeoutSeconds = 120;  ///< then the whole process group gets SIGKILL
    /// Host fds to hand to scratch-trace: {fd number, host path opened O_RDONLY}.
    std::vector<std::pair<int, std::string>> passFds;
    /// Run as this real unprivileged uid and gid (no supplementary groups); -1: as we are.
    int runAsUid = -1;
    int runAsGid = -1;
    /// Exec this copy of scratch-trace instead of SCRATCH_BINARY (e.g. one nobody can reach).
    std::string binary;
};

/// What a run of scratch-trace did.
struct RunResult {
    int exitCode = -1;   ///< exit status, or 128+N when killed by signal N
    int termSignal = 0;  ///< the killing signal, 0 when it exited
    bool timedOut = false;
    std::string out;  ///< everything on stdout
    std::string err;  ///< everything on stderr
    /// A short description for failure messages (status, stdout and stderr, cut).
    std::string describe() const;
};

/// In a forked child: exec SCRATCH_BINARY with args (no argv[0]); exit 121 if that fails.
[[noreturn]] void execScratchBinary(const std::vector<std::string>& args);
/// CLOCK_MONOTONIC in seconds.
double nowSeconds();
/// Starts scratch-trace in its own process group, output to files; returns its pid.
pid_t startScratch(const std::vector<std::string>& args, const std::filesystem::path& out,
                   const std::filesystem::path& err);
/// Waits up to `seconds` for a startScratch run; on timeout SIGKILLs the group and returns -1.
/// Else the exit status (128+N for a signal).
int waitScratch(pid_t pid, double seconds);
/// The whole file as a string ("" when it cannot be read).
std::string slurp(const std::filesystem::path& path);
/// Options for a run that must end quickly (30 s, then SIGKILL).
ScratchOptions shortRun();
/// Whether text contains part.
bool has(const std::string& text, const std::string& part);

/// Runs SCRATCH_BINARY with args (no argv[0]), stdin /dev/null, capturing stdout and stderr.
RunResult runScratch(const std::vector<std::string>& args, const ScratchOptions& options = {});

/// Parses a JSON Lines file; a line that does not parse is a test failure (and skipped).
std::vector<json> readJsonLines(const std::filesystem::path& path);

/// A traced run with its JSON stream read back.
struct Trace {
    RunResult run;
    std::vector<json> records;

    std::vector<json> ofType(const std::string& type) const;
    /// Syscall records, all or those named `name`.
    std::vector<json> syscalls(const std::string& name = "") const;
    /// Process records of one event kind (spawn, exec, exit), or all.
    std::vector<json> processes(const std::string& event = "") const;
    /// Finding records, all or those of one class (from the stream, else from the summary).
    std::vector<json> findings(const std::string& klass = "") const;
    /// The last summary record, or null.
    json summary() const;
    /// summary.verdict, or "" when there is no summary.
    std::string verdict() const;
    /// describe() of the run plus the findings, for INFO().
    std::string describe() const;
};

/// Runs `scratch-trace run -q --json FILE OPTIONS... ROOTFS COMMAND...` and reads the stream.
Trace traceRun(const std::vector<std::string>& runOptions, const std::string& rootfs,
               const std::vector<std::string>& command, const ScratchOptions& options = {});
/// The same on the host's root without namespaced root or proc, with every capability and no
/// seccomp profile: `--root-mode none --proc none --cap-add ALL --seccomp unconfined /`.
Trace traceOnHost(const std::vector<std::string>& command, const ScratchOptions& options = {});

/// The string field `key` of a record ("" when missing or not a string).
std::string str(const json& record, const std::string& key);
/// The integer field `key` of a record (fallback when missing or not a number).
int64_t num(const json& record, const std::string& key, int64_t fallback = -1);
/// The args of a syscall record joined with ", ".
std::string argsText(const json& syscall);
/// The path given by the process in one entry of a syscall's "paths".
std::string givenPath(const json& pathEntry);

/// A busybox root filesystem made by `scratch-trace rootfs create`, once per test binary and
/// removed at exit. Returns its absolute path.
std::string makeBusyboxRootfs();
/// Copies the test program `name` from SCRATCH_PROGS_DIR into ROOTFS/bin; returns "/bin/NAME".
std::string copyProgIntoRootfs(const std::string& rootfs, const std::string& name);
/// The host path of a test program (SCRATCH_PROGS_DIR/name).
std::string progPath(const std::string& name);

/// One line per mount of /proc/self/mountinfo: "mountpoint fstype source options", without the
/// ids that change between reads; sorted.
std::vector<std::string> mountTable();
/// Mount points at or under `dir` in the host's mount table.
std::vector<std::string> mountsUnder(const std::filesystem::path& dir);
/// pid -> comm of every process visible in the host's /proc.
std::map<pid_t, std::string> hostProcesses();
/// Processes that exist now but not in `before` and either are our children or have their root
/// or exe under `rootfs` (a container left running). "pid comm" each.
std::vector<std::string> strayProcesses(const std::map<pid_t, std::string>& before,
                                        const std::string& rootfs);

/// Every cgroup directory named scratch-trace-* in every mounted cgroup hierarchy (v1 and v2),
/// found by walking each hierarchy; sorted.
std::vector<std::string> runCgroups();
/// The scratch-trace-* cgroups that exist now but not in `before`. A run removes its cgroup
/// before it exits, so any of a finished run is a leftover; those of processes still running
/// scratch-trace (a concurrent run) are not counted.
std::vector<std::string> runCgroupsAdded(const std::vector<std::string>& before);
