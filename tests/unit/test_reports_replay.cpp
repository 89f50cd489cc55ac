// `scratch-trace report`: a saved trace read back (JsonTraceReader), replayed through
// the sinks (ReplayPipeline), and rendered in every format. The golden files in tests/golden/
// (replay_small.*) were written by hand from the trace replay_small.jsonl, not copied from output.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/Error.h"
#include "reports/Pipeline.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/HtmlReport.h"
#include "reports/documents/MarkdownReport.h"
#include "reports/documents/ReportFile.h"
#include "reports/documents/SeccompProfile.h"
#include "reports/outputs/JsonLinesWriter.h"
#include "reports/outputs/PerfettoWriter.h"
#include "reports/outputs/TextLog.h"
#include "reports/replay/JsonTraceReader.h"
#include "reports/replay/ReplayPipeline.h"
#include "support/Golden.h"
#include "support/SkipTest.h"

using namespace scratch::reports;
namespace tr = scratch::tracer;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A FILE* on memory; text() closes it and returns what was written.
class MemFile {
  public:
    MemFile() : file_(open_memstream(&data_, &size_)) { REQUIRE(file_ != nullptr); }
    ~MemFile() {
        if (file_ != nullptr) std::fclose(file_);
        std::free(data_);
    }
    FILE* get() { return file_; }
    std::string text() {
        std::fclose(file_);
        file_ = nullptr;
        // NOLINTNEXTLINE(modernize-return-braced-init-list): {ptr, len} looks like 2 chars
        return std::string(data_, size_);
    }

  private:
    char* data_ = nullptr;
    size_t size_ = 0;
    FILE* file_;
};

/// Replays `trace` (text) into one sink writing to memory and returns what it wrote.
template <typename MakeSink>
std::string replayInto(const std::string& trace, MakeSink make) {
    MemFile mem;
    {
        std::istringstream in(trace);
        JsonTraceReader reader(in, "trace.jsonl");
        ReplayPipeline replay;
        make(replay, mem.get());
        replay.run(reader);
    }
    return mem.text();
}

std::string small() { return readFile(goldenPath("replay_small.jsonl")); }

/// The error message of replaying `trace`, or "" when it replays.
std::string replayError(const std::string& trace) {
    try {
        std::istringstream in(trace);
        JsonTraceReader reader(in, "t.jsonl");
        ReplayPipeline replay;
        replay.run(reader);
    } catch (const scratch::Error& e) {
        CHECK(e.exitCode() == scratch::kExitFailure);
        return e.what();
    }
    return {};
}

/// Runs a shell command, returns its exit status (or -1) and captures stdout into `out`.
int shell(const std::string& command, std::string& out) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool have(const char* program) {
    std::string ignored;
    return shell(std::string("command -v ") + program + " >/dev/null 2>&1", ignored) == 0;
}

std::string tempDir() {
    char dirTemplate[] = "/tmp/scratch-replay-XXXXXX";
    REQUIRE(mkdtemp(dirTemplate) != nullptr);
    return dirTemplate;
}

/// The sinks `scratch-trace report --format FORMAT` adds (cli/TraceReplay.cpp), writing to `f`.
void addFormatSinks(const std::string& format, ReplayPipeline& p, FILE* f) {
    if (format == "text") {
        p.add(std::make_unique<TextLog>(f));
        p.add(std::make_unique<EndReport>(f));
    } else if (format == "md") {
        p.add(std::make_unique<ReportFile>(ReportFile::Format::Markdown, f));
    } else if (format == "html") {
        p.add(std::make_unique<ReportFile>(ReportFile::Format::Html, f));
    } else if (format == "json") {
        p.add(std::make_unique<ReportFile>(ReportFile::Format::Json, f));
    } else if (format == "perfetto") {
        p.add(std::make_unique<PerfettoWriter>(Output(f)));
    } else if (format == "seccomp") {
        p.add(std::make_unique<SeccompProfile>(Output(f)));
    } else {
        FAIL("unknown format " << format);
    }
}

/// `trace` (text) rendered in `format`, as `scratch-trace report --format FORMAT` renders it.
std::string render(const std::string& trace, const std::string& format) {
    return replayInto(trace, [&](ReplayPipeline& p, FILE* f) { addFormatSinks(format, p, f); });
}

/// The golden traces: replay_small is hand-written (the article's leaky first stage in nine
/// syscalls); replay_escape was recorded from a real container run (a shell, a two-thread
/// program, a failing cat, and an exec'd chroot escape: four leak findings). See tests/README.md.
const char* const kGoldenTraces[] = {"replay_small", "replay_escape"};

/// The golden file of each format: TRACE + suffix.
const std::pair<const char*, const char*> kGoldenFormats[] = {
    {"text", ".txt"},
    {"md", ".md"},
    {"html", ".html"},
    {"json", ".json"},
    {"perfetto", ".perfetto.json"},
    {"seccomp", ".seccomp.json"},
};

std::vector<nlohmann::json> traceRecords(const std::string& trace) {
    std::vector<nlohmann::json> records;
    std::istringstream lines(trace);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) records.push_back(nlohmann::json::parse(line));
    }
    return records;
}

}  // namespace

TEST_CASE("replay: every format of every golden trace, byte for byte",
          "[reports][replay][golden]") {
    for (const char* trace : kGoldenTraces) {
        const std::string text = readFile(goldenPath(std::string(trace) + ".jsonl"));
        for (const auto& [format, suffix] : kGoldenFormats) {
            INFO("report " << trace << ".jsonl --format " << format);
            const std::string first = render(text, format);
            // Deterministic: a second rendering in the same process is the same bytes (the
            // golden file proves it across builds and runs).
            CHECK(render(text, format) == first);
            checkGolden(first, std::string(trace) + suffix);
        }
    }
}

TEST_CASE("replay: the seccomp profile allows the workload's calls", "[reports][replay]") {
    const auto profile = nlohmann::json::parse(render(small(), "seccomp"));
    CHECK(profile["defaultAction"] == "SCMP_ACT_ERRNO");
    CHECK(profile["syscalls"][0]["names"] ==
          nlohmann::json({"execve", "exit_group", "getpid", "openat", "read"}));
    CHECK(profile["architectures"] == nlohmann::json({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
}

TEST_CASE("replay: the json report holds the run's own start and summary records",
          "[reports][replay]") {
    // A complete, unfiltered trace: the summary rebuilt from the records is the one the live run
    // wrote, field for field (the hand-written small trace has no isolation.setup, which the
    // report always writes, so only its summary is compared).
    for (const char* trace : kGoldenTraces) {
        INFO(trace);
        const std::string text = readFile(goldenPath(std::string(trace) + ".jsonl"));
        const auto records = traceRecords(text);
        const auto report = nlohmann::json::parse(render(text, "json"));
        CHECK(report["type"] == "report");
        CHECK(report["version"] == 1);
        CHECK(report["summary"] == records.back());
        if (std::string(trace) == "replay_escape") CHECK(report["start"] == records.front());
        CHECK_FALSE(report.contains("note"));
    }
}

TEST_CASE("replay: perfetto has one complete event per syscall record, in microseconds",
          "[reports][replay]") {
    for (const char* trace : kGoldenTraces) {
        INFO(trace);
        const std::string text = readFile(goldenPath(std::string(trace) + ".jsonl"));
        const auto records = traceRecords(text);
        const auto doc = nlohmann::json::parse(render(text, "perfetto"));
        REQUIRE(doc["traceEvents"].is_array());
        std::vector<nlohmann::json> complete;
        std::set<std::pair<int, int>> named;
        std::map<std::string, size_t> instants;
        for (const auto& ev : doc["traceEvents"]) {
            REQUIRE(ev["pid"].is_number_integer());
            REQUIRE(ev["tid"].is_number_integer());
            const std::string ph = ev["ph"];
            if (ph == "M") {
                if (ev["name"] == "thread_name") named.emplace(ev["pid"], ev["tid"]);
            } else if (ph == "X") {
                complete.push_back(ev);
            } else {
                REQUIRE(ph == "i");
                CHECK(ev["s"] == "t");
                ++instants[ev["cat"] == "finding" ? "finding" : ev["name"].get<std::string>()];
            }
        }
        std::vector<nlohmann::json> syscalls;
        std::map<std::string, size_t> expected;
        for (const auto& record : records) {
            if (record["type"] == "syscall") syscalls.push_back(record);
            if (record["type"] == "finding") ++expected["finding"];
            if (record["type"] == "process" && record["event"] != "spawn")
                ++expected[record["event"]];
        }
        CHECK(instants == expected);
        REQUIRE(complete.size() == syscalls.size());
        for (size_t i = 0; i < syscalls.size(); ++i) {
            const auto& ev = complete[i];
            const auto& record = syscalls[i];
            INFO("seq " << record["seq"]);
            CHECK(ev["args"]["seq"] == record["seq"]);
            CHECK(ev["name"] == record["name"]);
            CHECK(ev["cat"] == record["phase"]);
            // The setup's calls are on the setup group's tracks, one per task.
            const bool setup = record["phase"] == "setup";
            const int setupPid = PerfettoWriter::kSetupPid;
            CHECK(ev["pid"] == (setup ? setupPid : record["tgid"].get<int>()));
            CHECK(ev["tid"] ==
                  (setup ? setupPid + record["pid"].get<int>() : record["pid"].get<int>()));
            CHECK(ev["ts"].get<double>() == Approx(record["ts"].get<double>() / 1000.0));
            // An unfinished call (exit, or a task killed inside it) has no duration.
            const double dur = record["finished"] ? record["dur"].get<double>() / 1000.0 : 0.0;
            CHECK(ev["dur"].get<double>() == Approx(dur));
            CHECK(named.count({ev["pid"], ev["tid"]}) == 1);  // every track has a name
        }
    }
}

TEST_CASE("replay: the stream read back and written again is the same bytes", "[reports][replay]") {
    // Every record type, a non-UTF-8 path and argv word, null and non-null nspid/ret/errno.
    Pipeline live;
    MemFile first;
    live.add(std::make_unique<JsonLinesWriter>(first.get()));
    RunInfo info;
    info.toolVersion = "0.1.0";
    info.rootfs = "/srv/root\xe9";
    info.command = {"ls", "caf\xe9"};
    info.rootMode = scratch::RootMode::Chroot;
    info.procMode = scratch::ProcMode::New;
    info.namespaces = {"pid", "mount"};
    info.startEpochNs = 42;
    info.filter = "trace=%file";
    live.start(info);
    tr::ProcessEvent spawn;
    spawn.kind = tr::ProcessEvent::Kind::Spawn;
    spawn.tid = 7;
    spawn.tgid = 7;
    spawn.nspid = 1;
    spawn.parentTid = 6;
    spawn.cloneFlags = 0x20020011;
    spawn.seq = 1;
    live.onProcess(spawn);
    tr::SyscallEvent e;
    e.seq = 2;
    e.tsNs = 100;
    e.durationNs = 50;
    e.tid = 7;
    e.tgid = 7;
    e.nspid = 1;
    e.phase = tr::Phase::Workload;
    e.nr = 257;
    e.name = "openat";
    e.args = {"AT_FDCWD", "\"/proc/1/stat\"", "O_RDONLY"};
    e.ret = 3;
    e.retText = "3</proc/1/stat>";
    tr::PathRef ref;
    ref.given = "/proc/1/stat";
    ref.host = "/proc/1/stat";
    ref.resolved = "/proc/1/stat";
    ref.where = tr::Where::HostProcfs;
    ref.access = tr::kAccessRead;
    e.paths = {ref};
    live.onSyscall(e);
    e.seq = 3;
    e.name = "unlinkat";
    e.ret = -2;
    e.err = 2;
    e.retText = "-1 ENOENT (No such file or directory)";
    e.paths[0].given = "/tmp/\xff\xfe";
    e.paths[0].host = "/srv/root\xe9/tmp/\xff\xfe";
    e.paths[0].resolved = "/tmp/\xff\xfe";
    e.paths[0].where = tr::Where::Rootfs;
    e.paths[0].access = tr::kAccessDelete;
    e.paths[0].exists = false;
    e.paths[0].fd = 4;
    live.onSyscall(e);
    e.seq = 4;
    e.name = "exit_group";
    e.nspid = 0;
    e.err = 0;
    e.noReturn = true;
    e.paths.clear();
    live.onSyscall(e);
    tr::ProcessEvent exec;
    exec.kind = tr::ProcessEvent::Kind::Exec;
    exec.tid = 7;
    exec.tgid = 7;
    exec.exe = "/srv/root\xe9/bin/ls";
    exec.argv = {"ls", "caf\xe9"};
    exec.phase = tr::Phase::Workload;
    live.onProcess(exec);
    tr::ProcessEvent exit;
    exit.kind = tr::ProcessEvent::Kind::Exit;
    exit.tid = 7;
    exit.tgid = 7;
    exit.exitCode = 137;
    exit.termSignal = 9;
    live.onProcess(exit);
    RunEnd end;
    end.exitCode = 137;
    end.termSignal = 9;
    end.durationNs = 1000;
    end.namespaces = {{"pid", 4026532211U, 4026531836U, true}, {"net", 4026531840U, 0, false}};
    live.finish(end);
    const std::string original = first.text();
    CHECK(original.find(
              R"("namespaces":[{"name":"pid","container":4026532211,"host":4026531836,"new":true},)"
              R"({"name":"net","container":4026531840,"host":null,"new":false}])") !=
          std::string::npos);

    const std::string again = replayInto(
        original, [](ReplayPipeline& p, FILE* f) { p.add(std::make_unique<JsonLinesWriter>(f)); });
    CHECK(again == original);
    // The end report of the replay lists them too: new ones next to the host's, shared ones.
    const std::string text = replayInto(
        original, [](ReplayPipeline& p, FILE* f) { p.add(std::make_unique<EndReport>(f)); });
    CHECK(text.find("ns inodes:  pid 4026532211 (host 4026531836); shared with the host: net "
                    "4026531840\n") != std::string::npos);
}

TEST_CASE("replay: malformed input is one error with the line number", "[reports][replay]") {
    const std::string trace = small();
    std::vector<std::string> lines;
    std::istringstream split(trace);
    for (std::string line; std::getline(split, line);) lines.push_back(line);
    const auto join = [&](size_t count) {
        std::string out;
        for (size_t i = 0; i < count && i < lines.size(); ++i) out += lines[i] + '\n';
        return out;
    };
    CHECK(replayError(trace).empty());
    // Cut in the middle of line 5: the last line is incomplete.
    const std::string cut = join(4) + lines[4].substr(0, 40);
    CHECK(replayError(cut) ==
          "t.jsonl:5: the last line is cut short (the run was killed while "
          "writing?)");
    CHECK_THAT(replayError(join(2) + "{\"type\":\"syscall\",\n"),
               Catch::StartsWith("t.jsonl:3: not valid JSON"));
    CHECK(replayError(join(1) + "[1,2]\n") == "t.jsonl:2: not a JSON object");
    CHECK(replayError(lines[1] + "\n") ==
          "t.jsonl:1: the first record must be \"start\", not \"syscall\" (is this a "
          "scratch-trace --json file?)");
    std::string badSeq = lines[1];
    badSeq.replace(badSeq.find("\"seq\":1"), 7, "\"seq\":\"one\"");
    CHECK(replayError(join(1) + badSeq + "\n") ==
          "t.jsonl:2: \"syscall\" record: field \"seq\" must be an integer, not \"one\"");
    std::string noName = lines[1];
    noName.replace(noName.find("\"name\":\"clone\","), 15, "");
    CHECK(replayError(join(1) + noName + "\n") ==
          "t.jsonl:2: \"syscall\" record: missing field \"name\"");
    std::string badWhere = lines[3];
    badWhere.replace(badWhere.find("\"where\":\"host\""), 14, "\"where\":\"moon\"");
    CHECK(replayError(join(3) + badWhere + "\n") ==
          "t.jsonl:4: \"syscall\" record: field \"where\" has an unknown value \"moon\"");
    std::string v2 = lines[0];
    v2.replace(v2.find("\"version\":1"), 11, "\"version\":2");
    CHECK(replayError(v2 + "\n") ==
          "t.jsonl:1: \"start\" record: stream version 2 (this scratch-trace reads version 1)");
    CHECK(replayError(trace + lines[1] + "\n") ==
          "t.jsonl:17: a \"syscall\" record after the summary, which must be last");
    CHECK(replayError("") == "t.jsonl: empty trace (no start record)");
    CHECK(replayError(std::string("\x00\xff\x01garbage\n", 11)).find("t.jsonl:1: ") == 0);
    // A record type from a newer writer is skipped; blank lines too.
    CHECK(
        replayError(join(1) + "{\"type\":\"future\",\"x\":1}\n\n" + join(16).substr(join(1).size()))
            .empty());
}

TEST_CASE("replay: a trace without its summary renders, marked incomplete", "[reports][replay]") {
    const std::string trace = small();
    const std::string cut = trace.substr(0, trace.find("{\"type\":\"summary\""));
    std::istringstream in(cut);
    JsonTraceReader reader(in, "cut.jsonl");
    ReplayPipeline replay;
    MemFile mem;
    auto report = std::make_unique<ReportFile>(ReportFile::Format::Markdown, mem.get());
    ReportFile* reportPtr = report.get();
    replay.add(std::move(report));
    bool hooked = false;
    replay.setIncompleteHook([&] {
        hooked = true;
        reportPtr->setNote("incomplete trace");
    });
    const RunSummary& summary = replay.run(reader);
    CHECK_FALSE(replay.complete());
    CHECK(hooked);
    CHECK(summary.isLeak());  // the finding record is in the part that was kept
    CHECK(summary.counts.syscalls == 9);
    CHECK(replay.end().durationNs == 17000);  // the last timestamp
    const std::string text = mem.text();
    CHECK(text.find("> **Note:** incomplete trace") != std::string::npos);

    // The json report says so too, in a "note" field (absent from a complete report).
    const std::string json = replayInto(cut, [](ReplayPipeline& p, FILE* f) {
        auto report = std::make_unique<ReportFile>(ReportFile::Format::Json, f);
        ReportFile* ptr = report.get();
        p.add(std::move(report));
        p.setIncompleteHook([ptr] { ptr->setNote("incomplete trace"); });
    });
    const auto doc = nlohmann::json::parse(json);
    CHECK(doc["note"] == "incomplete trace");
    CHECK(doc["summary"]["counts"]["syscalls"] == 9);
}

TEST_CASE("replay: a filtered trace takes counts and omitted findings from its summary",
          "[reports][replay]") {
    std::string trace = small();
    // Drop the read record (as -e trace=!read would) but keep the summary that counted it; say
    // 3 more host-procfs leaks were over the cap.
    const size_t read = trace.find("{\"type\":\"syscall\",\"seq\":5");
    trace.erase(read, trace.find('\n', read) + 1 - read);
    // The stream shows 20 host-procfs findings (the cap); the summary counted 3 more.
    const size_t finding = trace.find("{\"type\":\"finding\"");
    const std::string line = trace.substr(finding, trace.find('\n', finding) + 1 - finding);
    std::string more;
    for (int i = 2; i <= 20; ++i) {
        std::string copy = line;
        copy.replace(copy.find("\"host\":\"/proc/1/stat\""), 21,
                     "\"host\":\"/proc/" + std::to_string(i) + "/stat\"");
        more += copy;
    }
    trace.insert(finding + line.size(), more);
    trace.replace(trace.find("\"findings_omitted\":{}"), 21,
                  "\"findings_omitted\":{\"host-procfs\":3}");
    trace.replace(trace.find("\"leaks_by_class\":{\"host-procfs\":1}"), 34,
                  "\"leaks_by_class\":{\"host-procfs\":23}");
    trace.replace(trace.find("\"findings\":{\"leak\":1"), 20, "\"findings\":{\"leak\":23");
    std::istringstream in(trace);
    JsonTraceReader reader(in, "f.jsonl");
    ReplayPipeline replay;
    const RunSummary& summary = replay.run(reader);
    CHECK(summary.counts.syscalls == 9);
    CHECK(summary.line() == "LEAK (host-procfs: 23)");
    CHECK(summary.findings().size() == 20);
    CHECK(summary.omitted().at("host-procfs") == 3);
}

TEST_CASE("replay: markdown renders with cmark-gfm (tables and headings)",
          "[reports][replay][env][env-cmark]") {
    if (!have("cmark-gfm")) {
        skipTest("cmark-gfm not installed (scripts/setup.sh installs it)");
    }
    const std::string dir = tempDir();
    const std::string md = dir + "/r.md";
    std::ofstream(md) << readFile(goldenPath("replay_small.md"));
    std::string html;
    REQUIRE(shell("cmark-gfm -e table '" + md + "'", html) == 0);
    CHECK(html.find("<h1>scratch-trace report: <code>ps</code></h1>") != std::string::npos);
    for (const char* heading :
         {"Isolation", "Process tree", "Paths touched", "Findings", "Syscalls"}) {
        CHECK(html.find(std::string("<h2>") + heading + "</h2>") != std::string::npos);
    }
    CHECK(html.find("<h3>1. LEAK <code>host-procfs</code></h3>") != std::string::npos);
    // Every table came out as a table (run, isolation, two path groups, the workload's
    // syscalls, the setup's paths).
    size_t tables = 0;
    for (size_t at = html.find("<table>"); at != std::string::npos;
         at = html.find("<table>", at + 1)) {
        ++tables;
    }
    CHECK(tables == 6);
    CHECK(html.find("<td><code>/proc/1/stat</code></td>") != std::string::npos);
    // The workload's openat, as a share of the workload's time only (the setup has its own
    // section).
    CHECK(html.find("<td align=\"right\">78.57</td>") != std::string::npos);
    CHECK(html.find("<code class=\"language-text\">") != std::string::npos);
    CHECK(html.find("|---") == std::string::npos);  // no table left as text
    std::remove(md.c_str());
    rmdir(dir.c_str());
}

TEST_CASE("replay: markdown escaping of code spans and text", "[reports][replay]") {
    CHECK(MarkdownReport::code("a`b") == "``a`b``");
    CHECK(MarkdownReport::code("`x") == "`` `x ``");
    CHECK(MarkdownReport::code("a|b") == "`a\\|b`");
    CHECK(MarkdownReport::text("*x* <b> [l](u) #1 a|b") == "\\*x\\* \\<b\\> \\[l\\](u) \\#1 a\\|b");
}

TEST_CASE("replay: perfetto trace-event structure", "[reports][replay]") {
    const std::string text = replayInto(small(), [](ReplayPipeline& p, FILE* f) {
        p.add(std::make_unique<PerfettoWriter>(Output(f)));
    });
    const auto doc = nlohmann::json::parse(text);  // valid JSON
    REQUIRE(doc["traceEvents"].is_array());
    std::map<std::pair<int, int>, double> lastTs;
    std::map<int, std::string> threadName;
    std::map<int, std::string> processName;
    size_t complete = 0;
    for (const auto& ev : doc["traceEvents"]) {
        REQUIRE(ev.contains("ph"));
        REQUIRE(ev.contains("pid"));
        REQUIRE(ev.contains("tid"));
        REQUIRE(ev.contains("name"));
        const std::string ph = ev["ph"];
        if (ph == "M") {
            if (ev["name"] == "thread_name") threadName[ev["tid"]] = ev["args"]["name"];
            if (ev["name"] == "process_name") processName[ev["pid"]] = ev["args"]["name"];
            continue;
        }
        REQUIRE(ev["ts"].is_number());
        if (ph != "X") continue;
        ++complete;
        REQUIRE(ev["dur"].is_number());
        CHECK(ev["dur"].get<double>() >= 0);
        REQUIRE(ev["args"]["seq"].is_number());
        const auto track = std::make_pair(ev["pid"].get<int>(), ev["tid"].get<int>());
        const double ts = ev["ts"];
        if (lastTs.contains(track)) CHECK(ts >= lastTs[track]);  // monotonic per track
        lastTs[track] = ts;
    }
    CHECK(complete == 9);
    // One track per task for the workload (101), and one per task in the setup group.
    const int setupPid = PerfettoWriter::kSetupPid;
    CHECK(lastTs.size() == 3);
    CHECK(lastTs.count({101, 101}) == 1);
    CHECK(lastTs.count({setupPid, setupPid + 100}) == 1);
    CHECK(lastTs.count({setupPid, setupPid + 101}) == 1);
    CHECK(processName[setupPid] == "setup (runtime)");
    CHECK(threadName[setupPid + 100] == "runtime [100]");
    CHECK(threadName[setupPid + 101] == "runtime [101/1]");
    CHECK(threadName[101] == "ps [101/1]");  // named by its exec
    CHECK(processName[101] == "ps [101/1]");
    CHECK(threadName[100] == "runtime [100]");
    // The openat of seq 4: ts and dur in microseconds.
    bool found = false;
    for (const auto& ev : doc["traceEvents"]) {
        if (ev["ph"] == "X" && ev["args"]["seq"] == 4) {
            found = true;
            CHECK(ev["ts"].get<double>() == Approx(10.0));
            CHECK(ev["dur"].get<double>() == Approx(1.5));
            CHECK(ev["name"] == "openat");
            CHECK(ev["args"]["ret"] == "3</proc/1/stat>");
        }
    }
    CHECK(found);
}

TEST_CASE("replay: html is self-contained with svg tree, timeline and filter",
          "[reports][replay]") {
    const std::string html = replayInto(small(), [](ReplayPipeline& p, FILE* f) {
        p.add(std::make_unique<ReportFile>(ReportFile::Format::Html, f));
    });
    CHECK(html.find("<!DOCTYPE html>") == 0);
    CHECK(html.find("<svg id=\"process-tree\"") != std::string::npos);
    CHECK(html.find("<svg id=\"timeline\"") != std::string::npos);
    CHECK(html.find("<table id=\"events\" class=\"filterable\">") != std::string::npos);
    CHECK(html.find("<script>") != std::string::npos);
    CHECK(html.find(" src=") == std::string::npos);  // nothing loaded from anywhere
    CHECK(html.find(" href=") == std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
    CHECK(html.find("3&lt;/proc/1/stat&gt;") != std::string::npos);
    CHECK(html.find("</html>") != std::string::npos);
}

namespace {

/// Loads `html` in headless chromium: no console message, the timeline in the DOM; a screenshot
/// is kept as artifacts/`name` in the build tree for a person to look at.
void loadInChromium(const char* browser, const std::string& html, const std::string& name) {
    const std::string shot = std::string(SCRATCH_BUILD_DIR) + "/artifacts/" + name;
    const std::string dir = tempDir();
    const std::string page = dir + "/r.html";
    std::ofstream(page) << html;
    std::string dom;
    const std::string command =
        std::string("cd '") + dir + "' && HOME='" + dir + "' timeout 60 " + browser +
        " --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir='" + dir +
        "/profile' --enable-logging=stderr --v=0 --dump-dom 'file://" + page + "' 2>'" + dir +
        "/log'";
    const int status = shell(command, dom);
    const std::string log = readFile(dir + "/log");
    INFO(log);
    REQUIRE(status == 0);
    CHECK(dom.find("id=\"timeline\"") != std::string::npos);
    CHECK(log.find("CONSOLE") == std::string::npos);
    CHECK(log.find("Uncaught") == std::string::npos);
    // A screenshot kept as the test's artifact (in the build tree, never the source tree): the
    // verdict and the pictures must be there for a person to look at.
    std::string ignored;
    shell("mkdir -p '" + std::string(SCRATCH_BUILD_DIR) + "/artifacts'", ignored);
    const std::string screenshot =
        std::string("cd '") + dir + "' && HOME='" + dir + "' timeout 60 " + browser +
        " --headless --no-sandbox --disable-gpu --no-first-run "
        "--hide-scrollbars --window-size=1200,1400 --user-data-dir='" +
        dir + "/profile' --screenshot='" + std::filesystem::absolute(shot).string() + "' 'file://" +
        page + "' >/dev/null 2>&1";
    CHECK(shell(screenshot, ignored) == 0);
    CHECK(std::filesystem::exists(shot));
    if (std::filesystem::exists(shot)) CHECK(std::filesystem::file_size(shot) > 10000);
    shell("rm -rf '" + dir + "'", ignored);
}

}  // namespace

TEST_CASE("replay: html loads in headless chromium without console errors",
          "[reports][replay][env][env-chromium]") {
    const char* browser = have("chromium")           ? "chromium"
                          : have("chromium-browser") ? "chromium-browser"
                                                     : nullptr;
    if (browser == nullptr) {
        skipTest("chromium not installed (scripts/setup.sh installs it)");
    }
    for (const char* trace : kGoldenTraces) {
        INFO(trace);
        const std::string html =
            render(readFile(goldenPath(std::string(trace) + ".jsonl")), "html");
        const std::string shot = std::string(trace) == "replay_small"
                                     ? "html-report.png"
                                     : "html-report-" + std::string(trace) + ".png";
        loadInChromium(browser, html, shot);
    }
}
