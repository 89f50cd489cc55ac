// The reports' vocabularies, each one table read both ways: a finding's class and severity (enums
// inside the program, reports/FindingClass.h), the verdict (reports/IsolationVerdict.h) and the
// records' type (reports/replay/JsonTraceReader.h). The JSON text stays the contract's
// (docs/json-schema.json); a name a table does not know is a malformed record.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>

#include "common/Error.h"
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
