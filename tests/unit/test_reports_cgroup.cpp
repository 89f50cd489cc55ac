// The run's cgroup in the reports: the summary record's "cgroup" object (matching
// docs/json-schema.json), read back by the trace reader (and absent in older traces), and the
// "limits:" sentence of the text, Markdown and HTML reports.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "reports/documents/ReportWords.h"
#include "reports/outputs/JsonRecords.h"
#include "reports/replay/JsonTraceReader.h"

using namespace scratch::reports;
using nlohmann::json;

namespace {

CgroupSummary hitEverything() {
    CgroupSummary c;
    c.version = 1;
    c.paths = {"/sys/fs/cgroup/memory/a/scratch-trace-7", "/sys/fs/cgroup/pids/scratch-trace-7"};
    c.memoryMax = 64ULL << 20U;
    c.pidsMax = 20;
    c.cpus = 0.5;
    c.oomKills = 1;
    c.pidsRefused = 37;
    c.memoryPeak = (64ULL << 20U) - 4096;
    c.cpuThrottled = 40;
    c.cpuPeriods = 52;
    return c;
}

const char* const kStart =
    R"({"type":"start","version":1,"tool_version":"0.1.0","rootfs":"/r","command":["sh"],)"
    R"("isolation":{"root_mode":"chroot","proc_mode":"new","namespaces":["pid","mount"]},)"
    R"("start_epoch_ns":1,"records_everything":true,"filter":null})";

/// The summary of a two-line trace whose summary record is `summary`.
TraceSummary readBack(const json& summary) {
    std::istringstream in(std::string(kStart) + "\n" + summary.dump() + "\n");
    JsonTraceReader reader(in, "t.jsonl");
    TraceRecord record;
    while (reader.next(record)) {
        if (record.type == TraceRecord::Type::Summary) return record.summary;
    }
    FAIL("no summary read back");
    return {};
}

}  // namespace

TEST_CASE("limits sentence: what was limited and whether it was hit", "[reports][cgroup]") {
    CHECK(limitsSentence(hitEverything()) ==
          "memory 64 MiB (hit: 1 OOM kill; peak 64.0 MiB), pids 20 (hit: 37 forks refused), "
          "cpus 0.5 (throttled in 40 of 52 periods)");
    CgroupSummary quiet;
    quiet.version = 2;
    quiet.memoryMax = 3ULL << 29U;
    quiet.oomKills = 0;
    quiet.memoryPeak = 3 * 1024 * 1024 + 300 * 1024;
    quiet.pidsMax = 1;
    quiet.pidsRefused = 1;
    CHECK(limitsSentence(quiet) ==
          "memory 1.5 GiB (not hit; peak 3.3 MiB), pids 1 (hit: 1 fork refused)");
    CgroupSummary unknown;
    unknown.cpus = 2;
    unknown.pidsMax = 5;
    CHECK(limitsSentence(unknown) == "pids 5 (hit unknown), cpus 2 (throttling unknown)");
    CHECK(limitsSentence(CgroupSummary{}) == "none");
}

TEST_CASE("summary cgroup object: schema, round trip, older traces", "[reports][cgroup]") {
    RunEnd end;
    end.exitCode = 137;
    end.cgroup = hitEverything();
    const RunSummary summary;
    const json record = json::parse(summaryRecord(end, summary).dump());
    const json& cgroup = record.at("cgroup");
    CHECK(cgroup.at("version") == 1);
    CHECK(cgroup.at("path") == "/sys/fs/cgroup/memory/a/scratch-trace-7");
    CHECK(cgroup.at("memory_max") == 64ULL << 20U);
    CHECK(cgroup.at("oom_kills") == 1);
    CHECK(cgroup.at("pids_refused") == 37);
    CHECK(cgroup.at("cpus") == 0.5);

    std::ifstream in(std::string(SCRATCH_SOURCE_DIR) + "/docs/json-schema.json");
    REQUIRE(in.good());
    const json schema = json::parse(in);
    const json& def = schema.at("$defs").at("summary").at("properties").at("cgroup");
    std::set<std::string> keys;
    for (const auto& [key, value] : cgroup.items()) keys.insert(key);
    std::set<std::string> documented;
    for (const auto& [key, value] : def.at("properties").items()) documented.insert(key);
    CHECK(keys == documented);
    for (const auto& key : def.at("required")) CHECK(cgroup.contains(key.get<std::string>()));

    const TraceSummary back = readBack(record);
    REQUIRE(back.end.cgroup);
    CHECK(back.end.cgroup->paths == hitEverything().paths);
    CHECK(back.end.cgroup->memoryMax == hitEverything().memoryMax);
    CHECK(back.end.cgroup->cpus == 0.5);
    CHECK(back.end.cgroup->cpuThrottled == 40U);
    CHECK(limitsSentence(*back.end.cgroup) == limitsSentence(hitEverything()));

    // null counts stay unknown; a trace from before cgroups has none at all.
    json partial = record;
    partial["cgroup"]["oom_kills"] = nullptr;
    CHECK_FALSE(readBack(partial).end.cgroup->oomKills);
    json old = record;
    old.erase("cgroup");
    CHECK_FALSE(readBack(old).end.cgroup);
    json bad = record;
    bad["cgroup"] = "64M";
    CHECK_THROWS(readBack(bad));
}
