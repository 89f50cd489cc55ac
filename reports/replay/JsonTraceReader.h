// Reads a saved JSON Lines trace (docs/json.md) back into the values the live run produced, one
// line at a time: memory stays bounded by the longest line, whatever the trace's length.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "common/NameTable.h"
#include "reports/RunInfo.h"
#include "reports/RunSummary.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// One entry of summary.paths.
struct SummaryPath {
    std::string host;
    std::string resolved;
    tracer::Where where = tracer::Where::Unknown;
    uint8_t access = tracer::kAccessNone;
    std::vector<std::string> syscalls;
    uint64_t processes = 0;
    uint64_t uses = 0;
    uint64_t firstSeq = 0;
    bool reached = false;
    bool workload = false;
};

/// The `summary` record: what the live run knew at its end, including what a -e filter hid from
/// the syscall records.
struct TraceSummary {
    std::string verdict;  ///< isolated | leak
    RunEnd end;
    RunCounts counts;
    uint64_t pathCount = 0;
    std::map<std::string, uint64_t> findingsBySeverity;
    std::map<std::string, uint64_t> leaksByClass;
    std::map<std::string, uint64_t> findingsOmitted;
    std::vector<SummaryPath> paths;
    std::vector<Finding> findings;
};

/// One record. Only the member named by `type` is meaningful; the others keep their last
/// contents (the objects are reused from line to line, as the tracer reuses its events).
struct TraceRecord {
    enum class Type { Start, Syscall, Process, Finding, Summary, Signal };
    Type type = Type::Start;
    RunInfo start;
    tracer::SyscallEvent syscall;
    tracer::ProcessEvent process;
    tracer::SignalEvent signal;
    Finding finding;
    TraceSummary summary;
};

/// The records' `type`, written (reports/outputs/JsonRecords.cpp, reports/outputs/SignalRecord.cpp)
/// and read through this one table.
inline constexpr NamedValue<TraceRecord::Type> kRecordTypeNames[] = {
    {TraceRecord::Type::Start, "start"},     {TraceRecord::Type::Syscall, "syscall"},
    {TraceRecord::Type::Process, "process"}, {TraceRecord::Type::Finding, "finding"},
    {TraceRecord::Type::Summary, "summary"}, {TraceRecord::Type::Signal, "signal"},
};
/// "start", "syscall", "process", "finding", "summary" or "signal".
inline std::string_view recordTypeName(TraceRecord::Type type) {
    return nameIn(kRecordTypeNames, type);
}

/// Streams the records of a trace. Every malformed line is a scratch::Error (kExitFailure) whose
/// message is "SOURCE:LINE: what is wrong": never a crash, never a silent skip. Records of an
/// unknown type are skipped (a newer writer may add types; docs/json.md: readers ignore what they
/// do not know); fields they do not know are ignored too.
class JsonTraceReader {
  public:
    /// `source` names the input in error messages (the file name).
    JsonTraceReader(std::istream& in, std::string source);

    /// Reads the next record into `record`; false at the end of the input.
    bool next(TraceRecord& record);

    /// The line number of the record last returned (1-based).
    uint64_t line() const { return line_; }
    /// True once a summary record was read: the run ended normally.
    bool sawSummary() const { return sawSummary_; }
    /// True once the start record was read.
    bool sawStart() const { return sawStart_; }

  private:
    [[noreturn]] void fail(const std::string& what) const;

    std::istream& in_;
    std::string source_;
    std::string text_;  ///< the current line, reused
    uint64_t line_ = 0;
    bool sawStart_ = false;
    bool sawSummary_ = false;
};

/// The errno number for its name (ENOENT -> 2), 0 when unknown.
int errnoFromName(std::string_view name);
/// Access bits from their names (read, write, ...; tracer/EventNames.h); unknown names are
/// ignored.
uint8_t accessFromNames(const std::vector<std::string>& names);

}  // namespace scratch::reports
