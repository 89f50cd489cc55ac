// The third verdict through every output: a live run whose only finding is a blind spot is
// `inconclusive` in the JSON summary, read back by the replay, rendered by the text end report,
// md and html, and compared by `diff` against a leaking and an identical trace.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/Error.h"
#include "reports/Pipeline.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/ReportFile.h"
#include "reports/outputs/JsonLinesWriter.h"
#include "reports/replay/JsonTraceReader.h"
#include "reports/replay/ReplayPipeline.h"
#include "reports/replay/TraceDiff.h"
#include "support/Golden.h"

using namespace scratch::reports;
namespace tr = scratch::tracer;

namespace {

/// A FILE* on memory; text() closes it and returns what was written.
class MemFile {
  public:
    MemFile() : file_(open_memstream(&data_, &size_)) { REQUIRE(file_ != nullptr); }
    ~MemFile() {
        if (file_ != nullptr) std::fclose(file_);
        std::free(data_);
    }
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;
    FILE* get() { return file_; }
    std::string text() {
        std::fclose(file_);
        file_ = nullptr;
        return {data_, size_};
    }

  private:
    char* data_ = nullptr;
    size_t size_ = 0;
    FILE* file_;
};

/// `trace` replayed into the sinks of `scratch-trace report --format FORMAT`.
std::string render(const std::string& trace, const std::string& format) {
    MemFile mem;
    {
        std::istringstream in(trace);
        JsonTraceReader reader(in, "trace.jsonl");
        ReplayPipeline replay;
        if (format == "text") {
            replay.add(std::make_unique<EndReport>(mem.get()));
        } else if (format == "md") {
            replay.add(std::make_unique<ReportFile>(ReportFile::Format::Markdown, mem.get()));
        } else if (format == "html") {
            replay.add(std::make_unique<ReportFile>(ReportFile::Format::Html, mem.get()));
        } else {
            replay.add(std::make_unique<ReportFile>(ReportFile::Format::Json, mem.get()));
        }
        replay.run(reader);
    }
    return mem.text();
}

std::string replayError(const std::string& trace) {
    try {
        std::istringstream in(trace);
        JsonTraceReader reader(in, "t.jsonl");
        ReplayPipeline replay;
        replay.run(reader);
    } catch (const scratch::Error& e) {
        return e.what();
    }
    return {};
}

std::string small() {
    std::ifstream in(goldenPath("replay_small.jsonl"), std::ios::binary);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

nlohmann::json lastRecord(const std::string& trace) {
    std::istringstream lines(trace);
    std::string last;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) last = line;
    }
    return nlohmann::json::parse(last);
}

/// A live run whose only finding is a blind spot (an io_uring SQPOLL ring), as a JSON stream.
std::string inconclusiveTrace() {
    Pipeline live;
    MemFile stream;
    live.add(std::make_unique<JsonLinesWriter>(stream.get()));
    RunInfo info;
    info.toolVersion = "0.1.0";
    info.rootfs = "/srv/rootfs";
    info.command = {"uring"};
    info.rootMode = scratch::RootMode::Pivot;
    info.procMode = scratch::ProcMode::New;
    info.namespaces = {"pid", "mount"};
    live.start(info);
    tr::SyscallEvent e;
    e.seq = 1;
    e.tid = 9;
    e.tgid = 9;
    e.nspid = 1;
    e.phase = tr::Phase::Workload;
    e.nr = 425;
    e.name = "io_uring_setup";
    e.args = {"8", "0x7ffc00000000"};
    e.ret = 3;
    e.retText = "3";
    live.onSyscall(e);
    tr::TracerNote note{tr::TracerNote::Kind::BlindSpot};
    note.tid = 9;
    note.nspid = 1;
    note.seq = 1;
    note.detail = "io_uring SQPOLL ring: submissions without syscalls";
    live.onNote(note);
    live.finish(RunEnd{});
    return stream.text();
}

}  // namespace

TEST_CASE("inconclusive: the JSON summary, every format and diff say it", "[reports][replay]") {
    const std::string trace = inconclusiveTrace();
    const nlohmann::json summary = lastRecord(trace);
    CHECK(summary["type"] == "summary");
    CHECK(summary["verdict"] == "inconclusive");
    // Read back (the reader accepts the third verdict) and rendered.
    const std::string text = render(trace, "text");
    CHECK(text.find("verdict: INCONCLUSIVE (blind-spot: 1)\n") != std::string::npos);
    const std::string md = render(trace, "md");
    CHECK(md.find("Verdict: **INCONCLUSIVE (blind-spot: 1)**. No leak was seen, but the tracer "
                  "could not see everything") != std::string::npos);
    const std::string html = render(trace, "html");
    CHECK(html.find("<span class=\"warning\">INCONCLUSIVE (blind-spot: 1)</span>") !=
          std::string::npos);
    const std::string json = render(trace, "json");
    CHECK(nlohmann::json::parse(json)["summary"]["verdict"] == "inconclusive");

    std::istringstream inA(small());
    std::istringstream inB(trace);
    std::istringstream inC(trace);
    const TraceDigest leak = digestTrace(inA, "a.jsonl");
    const TraceDigest blind = digestTrace(inB, "b.jsonl");
    CHECK(blind.verdict == "inconclusive");
    const std::string better = diffTraces(leak, blind, "a.jsonl", "b.jsonl");
    CHECK(better.find("verdict: LEAK (host-procfs: 1) -> INCONCLUSIVE (blind-spot: 1)  (no leak "
                      "seen now, but inconclusive)") != std::string::npos);
    const std::string worse = diffTraces(blind, leak, "b.jsonl", "a.jsonl");
    CHECK(worse.find("(WORSE: now leaks)") != std::string::npos);
    const TraceDigest same = digestTrace(inC, "c.jsonl");
    CHECK(diffTraces(blind, same, "b", "c").find("(unchanged)") != std::string::npos);
}

TEST_CASE("inconclusive: a summary verdict outside the three is refused", "[reports][replay]") {
    std::string trace = inconclusiveTrace();
    const std::string from = "\"verdict\":\"inconclusive\"";
    const size_t at = trace.find(from);
    REQUIRE(at != std::string::npos);
    trace.replace(at, from.size(), "\"verdict\":\"maybe\"");
    CHECK(replayError(trace).find("must be leak, inconclusive or isolated") != std::string::npos);
}
