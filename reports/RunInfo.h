// What the reports know about a run besides its events: the start record and the end summary.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/IsolationModes.h"
#include "reports/FindingClass.h"
#include "tracer/ArgDecoder.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// Version of the JSON Lines stream (docs/json-schema.json). Bump on any incompatible change.
inline constexpr int kJsonSchemaVersion = 1;

/// The `start` record: what was run and how it was isolated.
struct RunInfo {
    std::string toolVersion;
    std::string rootfs;  ///< absolute host path
    std::vector<std::string> command;
    RootMode rootMode = RootMode::Chroot;  ///< spelled `root_mode` in the JSON
    ProcMode procMode = ProcMode::New;     ///< spelled `proc_mode` in the JSON
    std::vector<std::string> namespaces;   ///< e.g. {"pid", "mount"}
    /// What else the runtime set up, e.g. {"dev=minimal", "masks=11", "overlay=tmp"}.
    std::vector<std::string> setup;
    std::string hostProcDev;        ///< "major:minor" of the host's /proc, for the record
    int64_t startEpochNs = 0;       ///< wall clock at start
    bool recordsEverything = true;  ///< false when a filter means stops are skipped
    std::string filter;             ///< the -e trace= expression, when any
    /// Host paths of the container's own cgroup directories (--memory/--pids/--cpus), where its
    /// writes are its own business; not part of the start record.
    std::vector<std::string> ownCgroups;
    /// How the run rendered arguments (-s, -v, -x): a replay renders the syscalls' captures the
    /// same way unless its own options say otherwise. The start record's "decode".
    size_t decodeStringLimit = 32;
    bool decodeVerboseEnv = false;
    tracer::HexStrings decodeHexStrings = tracer::HexStrings::Never;
};

/// One finding of the isolation checks.
struct Finding {
    /// What it is about (docs/isolation.md); spelled only in the JSON and the reports.
    FindingClass klass = FindingClass::OutsideRootfs;
    Severity severity = Severity::Info;
    pid_t pid = 0;        ///< host tid
    pid_t nspid = 0;      ///< container tid, 0 when none
    uint64_t seq = 0;     ///< the syscall that shows it
    std::string host;     ///< host path, when one applies
    std::string message;  ///< one line
    std::string fix;      ///< what would prevent it
};

/// The run's cgroup: the limits it enforced and what they did (absent values: not known).
struct CgroupSummary {
    int version = 0;                    ///< 1 or 2
    std::vector<std::string> paths;     ///< its directories (v1: one per hierarchy)
    std::optional<uint64_t> memoryMax;  ///< bytes
    std::optional<uint64_t> pidsMax;
    std::optional<double> cpus;
    std::optional<uint64_t> oomKills;      ///< processes killed by the OOM killer
    std::optional<uint64_t> pidsRefused;   ///< forks/clones refused at pids.max
    std::optional<uint64_t> memoryPeak;    ///< bytes
    std::optional<uint64_t> cpuThrottled;  ///< CFS periods throttled
    std::optional<uint64_t> cpuPeriods;    ///< CFS periods with runnable tasks
};

/// One kind of namespace of the container next to the host's, as the tracer read it when the
/// container's init appeared (tracer::NamespacesEvent).
using NamespaceInode = tracer::NamespaceInode;

/// How the run ended, as the tracer saw it.
struct RunEnd {
    int exitCode = 0;  ///< the command's status (128+N for signal N)
    int termSignal = 0;
    bool timedOut = false;
    bool interrupted = false;  ///< scratch-trace got SIGINT/SIGTERM/SIGHUP
    int interruptSignal = 0;
    int64_t durationNs = 0;
    std::optional<CgroupSummary> cgroup;  ///< set when --memory/--pids/--cpus made one
    /// Read once the container's init exists; empty when it never did (or an old trace).
    std::vector<NamespaceInode> namespaces;
};

}  // namespace scratch::reports
