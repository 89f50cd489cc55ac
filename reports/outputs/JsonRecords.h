// The records of the JSON Lines stream (docs/json.md, docs/json-schema.json). Syscall and process
// records are serialized by hand into a reused buffer (they are most of the stream); the rare
// records (start, finding, summary) are built with nlohmann.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reports/RunInfo.h"
#include "reports/RunSummary.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// Appends one `{"type":"syscall",...}` object (no newline).
void appendSyscallRecord(std::string& out, const tracer::SyscallEvent& event);
/// Appends one `{"type":"process",...}` object (no newline).
void appendProcessRecord(std::string& out, const tracer::ProcessEvent& event);

/// The `start` record.
nlohmann::ordered_json startRecord(const RunInfo& info);
/// The `finding` record (also the elements of summary.findings).
nlohmann::ordered_json findingRecord(const Finding& finding);
/// The `summary` record. At most kMaxSummaryPaths paths are listed (paths_omitted counts the
/// rest) so a `find /` does not make one line of hundreds of megabytes.
/// The summary's "cgroup" object: the run's limits and what they did.
nlohmann::ordered_json cgroupRecord(const CgroupSummary& cgroup);
nlohmann::ordered_json summaryRecord(const RunEnd& end, const RunSummary& summary);

/// Cap on summary.paths.
inline constexpr size_t kMaxSummaryPaths = 100000;

}  // namespace scratch::reports
