// Two saved traces side by side (`scratch-trace diff A.jsonl B.jsonl`): did the verdict change,
// which findings and host paths came or went, which syscalls are called more or less. For
// comparing two isolation settings, or a fix before and after.
#pragma once

#include <istream>
#include <map>
#include <string>

#include "reports/RunInfo.h"
#include "reports/RunSummary.h"
#include "reports/SyscallStats.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// What a diff compares, from one trace (replayed: the findings are the file's own).
struct TraceDigest {
    RunInfo info;
    RunEnd end;
    std::string verdictLine;
    std::string verdict;  ///< isolated | inconclusive | leak
    bool leak = false;
    bool complete = true;
    RunCounts counts;
    /// "class host" (or "class" when no host path) -> severity of the worst such finding.
    std::map<std::string, std::string> findings;
    /// Paths the workload touched, keyed "where path": outside the container the host path; inside
    /// it the path as the container sees it, so traces of two rootfs directories compare.
    std::map<std::string, tracer::Where> paths;
    std::map<std::string, SyscallStat> syscalls;
};

/// Reads a trace (scratch::Error with the line number on bad input).
TraceDigest digestTrace(std::istream& in, const std::string& source);

/// The difference as text for a terminal; `nameA`/`nameB` label the two sides.
std::string diffTraces(const TraceDigest& a, const TraceDigest& b, const std::string& nameA,
                       const std::string& nameB);

}  // namespace scratch::reports
