// The reports' vocabularies, each one table read both ways: a finding's class and severity (enums
// inside the program, reports/FindingClass.h), the verdict (reports/IsolationVerdict.h), the root
// and /proc modes (common/IsolationModes.h) and the records' type
// (reports/replay/JsonTraceReader.h). The JSON text stays the contract's
// (docs/json-schema.json); a name a table does not know is a malformed record.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>

#include "common/Error.h"
#include "common/IsolationModes.h"
#include "reports/FindingClass.h"
#include "reports/IsolationVerdict.h"
#include "reports/outputs/JsonRecords.h"
#include "reports/replay/JsonTraceReader.h"

using namespace scratch::reports;

namespace {

/// A trace of a start record and `finding` (one JSON object, as a line).
std::string traceWith(const std::string& finding) {
    return startRecord(RunInfo{}).dump() + "\n" + finding + "\n";
}

/// The finding `text` reads back as; throws what the reader throws.
Finding readBack(const std::string& text) {
    std::istringstream in(traceWith(text));
    JsonTraceReader reader(in, "t.jsonl");
    TraceRecord record;
    REQUIRE(reader.next(record));  // the start
    REQUIRE(reader.next(record));
    REQUIRE(record.type == TraceRecord::Type::Finding);
    return record.finding;
}

/// The error reading `text` gives, or "" when it reads.
std::string readError(const std::string& text) {
    std::istringstream in(traceWith(text));
    JsonTraceReader reader(in, "t.jsonl");
    TraceRecord record;
    try {
        while (reader.next(record)) {
        }
    } catch (const scratch::Error& e) {
        return e.what();
    }
    return {};
}

/// The start record `start` reads back as; throws what the reader throws.
RunInfo readStart(const std::string& start) {
    std::istringstream in(start + "\n");
    JsonTraceReader reader(in, "t.jsonl");
    TraceRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(record.type == TraceRecord::Type::Start);
    return record.start;
}

/// The error reading the start record `start` gives, or "" when it reads.
std::string startError(const std::string& start) {
    std::istringstream in(start + "\n");
    JsonTraceReader reader(in, "t.jsonl");
    TraceRecord record;
    try {
        reader.next(record);
    } catch (const scratch::Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("finding class and severity: each table reads back what it writes", "[reports][names]") {
    std::set<std::string_view> names;
    for (const auto& row : kFindingClassNames) {
        CHECK(names.insert(row.name).second);
        CHECK(findingClassName(row.value) == row.name);
        CHECK(findingClassFromName(row.name) == row.value);
    }
    CHECK(std::size(kFindingClassNames) == static_cast<size_t>(FindingClass::SharedNamespace) + 1);
    for (const auto& row : kSeverityNames) {
        CHECK(severityName(row.value) == row.name);
        CHECK(severityFromName(row.name) == row.value);
    }
    CHECK(std::size(kSeverityNames) == static_cast<size_t>(Severity::Leak) + 1);
    CHECK(severityLabel(Severity::Leak) == "LEAK");
    CHECK(severityLabel(Severity::Warning) == "warning");
    CHECK_FALSE(findingClassFromName("host_procfs").has_value());
    CHECK_FALSE(severityFromName("LEAK").has_value());
}

TEST_CASE("finding class and severity: the JSON record round-trips every pair",
          "[reports][names]") {
    for (const auto& klass : kFindingClassNames) {
        for (const auto& severity : kSeverityNames) {
            Finding finding;
            finding.klass = klass.value;
            finding.severity = severity.value;
            finding.pid = 7;
            finding.message = "m";
            const auto record = findingRecord(finding);
            CHECK(record["class"] == std::string(klass.name));
            CHECK(record["severity"] == std::string(severity.name));
            const Finding back = readBack(record.dump());
            CHECK(back.klass == klass.value);
            CHECK(back.severity == severity.value);
        }
    }
}

TEST_CASE("finding class and severity: unknown names are malformed records", "[reports][names]") {
    Finding finding;
    finding.klass = FindingClass::HostProcfs;
    finding.severity = Severity::Leak;
    auto record = findingRecord(finding);
    record["class"] = "host-pony";
    CHECK(readError(record.dump()) ==
          "t.jsonl:2: \"finding\" record: field \"class\" has an unknown value \"host-pony\"");
    record["class"] = "host-procfs";
    record["severity"] = "fatal";
    CHECK(readError(record.dump()) ==
          "t.jsonl:2: \"finding\" record: field \"severity\" must be leak, warning or info");
}

TEST_CASE("verdict names: the table reads back what it writes, in increasing gravity",
          "[reports][names]") {
    for (const auto& row : kIsolationVerdictNames) {
        CHECK(verdictName(row.value) == row.name);
        CHECK(verdictFromName(row.name) == row.value);
    }
    CHECK(IsolationVerdict::Isolated < IsolationVerdict::Inconclusive);
    CHECK(IsolationVerdict::Inconclusive < IsolationVerdict::Leak);
    CHECK_FALSE(verdictFromName("maybe").has_value());
}

TEST_CASE("record types: the table reads back what the writers write", "[reports][names]") {
    for (const auto& row : kRecordTypeNames) {
        CHECK(recordTypeName(row.value) == row.name);
        CHECK(scratch::valueIn(kRecordTypeNames, row.name) == row.value);
    }
    Finding finding;
    CHECK(findingRecord(finding)["type"] == "finding");
    CHECK(startRecord(RunInfo{})["type"] == "start");
    std::string syscall;
    appendSyscallRecord(syscall, scratch::tracer::SyscallEvent{});
    CHECK(syscall.rfind("{\"type\":\"syscall\",", 0) == 0);
    std::string process;
    appendProcessRecord(process, scratch::tracer::ProcessEvent{});
    CHECK(process.rfind("{\"type\":\"process\",\"event\":\"spawn\"", 0) == 0);
}

TEST_CASE("root and /proc modes: one table each, through the start record and back",
          "[reports][names]") {
    for (const auto& row : scratch::kRootModeNames) {
        CHECK(scratch::rootModeName(row.value) == row.name);
        CHECK(scratch::rootModeFromName(row.name) == row.value);
    }
    CHECK(std::size(scratch::kRootModeNames) == static_cast<size_t>(scratch::RootMode::None) + 1);
    for (const auto& row : scratch::kProcModeNames) {
        CHECK(scratch::procModeName(row.value) == row.name);
        CHECK(scratch::procModeFromName(row.name) == row.value);
    }
    CHECK(std::size(scratch::kProcModeNames) == static_cast<size_t>(scratch::ProcMode::None) + 1);
    for (const auto& root : scratch::kRootModeNames) {
        for (const auto& proc : scratch::kProcModeNames) {
            RunInfo info;
            info.rootMode = root.value;
            info.procMode = proc.value;
            const auto start = startRecord(info);
            CHECK(start["isolation"]["root_mode"] == root.name);
            CHECK(start["isolation"]["proc_mode"] == proc.name);
            const RunInfo back = readStart(start.dump());
            CHECK(back.rootMode == root.value);
            CHECK(back.procMode == proc.value);
        }
    }
    // A mode the tables do not know is a malformed record, as the schema's enums say (an empty
    // one included: every writer names its mode).
    for (const char* bad : {"jail", "", "Chroot"}) {
        auto start = startRecord(RunInfo{});
        start["isolation"]["root_mode"] = bad;
        CHECK(startError(start.dump()) ==
              "t.jsonl:1: \"start\" record: field \"root_mode\" must be chroot, pivot or none");
    }
    auto start = startRecord(RunInfo{});
    start["isolation"]["proc_mode"] = "old";
    CHECK(startError(start.dump()) ==
          "t.jsonl:1: \"start\" record: field \"proc_mode\" must be new or none");
    start["isolation"].erase("proc_mode");
    CHECK(startError(start.dump()).find("proc_mode") != std::string::npos);
}
