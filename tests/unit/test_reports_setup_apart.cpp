// Setup and workload apart: -c's table and the document reports' syscall tables show the
// workload's calls unless --setup; the setup is counted in a section of its own, the same steps
// in text, md and html, and has a lane of its own in the html timeline.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>

#include "reports/RunSummary.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/HtmlReport.h"
#include "reports/documents/MarkdownReport.h"
#include "reports/documents/ReportModel.h"
#include "reports/documents/ReportWords.h"
#include "reports/documents/SetupSteps.h"
#include "reports/outputs/LogLine.h"

using namespace scratch;
using namespace scratch::reports;

namespace {

tracer::SyscallEvent call(const char* name, tracer::Phase phase, uint64_t seq) {
    tracer::SyscallEvent event;
    event.seq = seq;
    event.tid = event.tgid = 10;
    event.name = name;
    event.setInfo(tracer::findSyscall(name));
    event.finished = true;
    event.durationNs = 1000;
    event.phase = phase;
    return event;
}

/// The special-call id of a table row.
tracer::SpecialCall idOf(const char* name) {
    const tracer::SyscallInfo* row = tracer::findSyscall(name);
    REQUIRE(row != nullptr);
    return row->facts.id;
}

}  // namespace

TEST_CASE("setup apart: the workload's stats are all of them without the setup's",
          "[reports][setup]") {
    RunSummary summary;
    summary.countSyscall(call("mount", tracer::Phase::Setup, 1));
    summary.countSyscall(call("openat", tracer::Phase::Setup, 2));
    summary.countSyscall(call("openat", tracer::Phase::Workload, 3));
    summary.countSyscall(call("read", tracer::Phase::Workload, 4));
    const SyscallStats workload = summary.stats.without(summary.setupStats);
    CHECK(workload.total().calls == 2);
    CHECK(workload.find("mount") == nullptr);
    REQUIRE(workload.find("openat") != nullptr);
    CHECK(workload.find("openat")->calls == 1);
    CHECK(summary.setupStats.total().calls == 2);

    ReportModel model;
    RunInfo info;
    info.command = {"true"};
    model.onStart(info);
    const std::string md = MarkdownReport::render(model, RunEnd{}, summary);
    const std::string tables = md.substr(md.find("## Syscalls"));
    const std::string syscalls = tables.substr(0, tables.find("## The runtime's setup"));
    CHECK(syscalls.find("`mount`") == std::string::npos);
    CHECK(syscalls.find("| **total** | 2 |") != std::string::npos);
    CHECK(tables.find("2 syscalls: mount x1, openat x1") != std::string::npos);

    model.setShowSetup(true);
    const std::string all = MarkdownReport::render(model, RunEnd{}, summary);
    CHECK(all.find("| **total** | 4 |") != std::string::npos);
}

TEST_CASE("setup steps: the article's steps are explained, the rest only counted",
          "[reports][setup]") {
    CHECK(setupStepMeaning(idOf("clone"), "clone(flags=CLONE_NEWNS|CLONE_NEWPID|SIGCHLD) = 5")
              .find("new namespaces") != std::string::npos);
    CHECK(setupStepMeaning(idOf("clone"), "clone(flags=SIGCHLD) = 5").empty());
    CHECK(setupStepMeaning(idOf("mount"), "mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE, NULL) = 0")
              .find("private") != std::string::npos);
    CHECK(setupStepMeaning(idOf("mount"), "mount(\"proc\", \"/proc\", \"proc\", 0, NULL) = 0")
              .find("fresh procfs") != std::string::npos);
    CHECK(setupStepMeaning(idOf("chroot"), "chroot(\"/r\") = 0").find("root") != std::string::npos);
    CHECK(setupStepMeaning(idOf("prctl"), "prctl(PR_CAPBSET_DROP, 5) = 0").empty());
}

namespace {

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

tracer::SyscallEvent step(uint64_t seq, pid_t tid, pid_t nspid, const char* name,
                          std::vector<std::string> args, std::string ret, tracer::Phase phase) {
    tracer::SyscallEvent event = call(name, phase, seq);
    event.tid = event.tgid = tid;
    event.nspid = nspid;
    event.tsNs = static_cast<int64_t>(seq) * 10000;
    event.args = std::move(args);
    event.retText = std::move(ret);
    return event;
}

tracer::PathRef pathRef(std::string path, std::string host, tracer::Where where) {
    tracer::PathRef ref;
    ref.given = ref.resolved = std::move(path);
    ref.host = std::move(host);
    ref.where = where;
    ref.access = tracer::kAccessRead;
    return ref;
}

/// The article's run: the runtime's clone, the container init's mounts, chroot and execve, then
/// the workload reading /proc.
std::vector<tracer::SyscallEvent> articleRun() {
    using tracer::Phase;
    std::vector<tracer::SyscallEvent> run;
    run.push_back(step(1, 100, 0, "clone", {"child_stack=NULL", "flags=CLONE_NEWNS|CLONE_NEWPID"},
                       "101", Phase::Setup));
    run.push_back(step(2, 101, 1, "prctl", {"PR_SET_PDEATHSIG", "SIGKILL"}, "0", Phase::Setup));
    run.push_back(step(3, 101, 1, "mount", {"NULL", "\"/\"", "NULL", "MS_REC|MS_PRIVATE", "NULL"},
                       "0", Phase::Setup));
    tracer::SyscallEvent chroot = step(4, 101, 1, "chroot", {"\"/srv/rootfs\""}, "0", Phase::Setup);
    chroot.paths.push_back(pathRef("/srv/rootfs", "/srv/rootfs", tracer::Where::Rootfs));
    run.push_back(chroot);
    run.push_back(step(5, 101, 1, "mount",
                       {"\"proc\"", "\"/proc\"", "\"proc\"", "MS_NOSUID", "NULL"}, "0",
                       Phase::Setup));
    run.push_back(step(6, 101, 1, "execve", {"\"/bin/ps\"", "[\"ps\"]", "0x7ffc /* 0 vars */"}, "0",
                       Phase::Setup));
    tracer::SyscallEvent open = step(
        7, 101, 1, "openat", {"AT_FDCWD", "\"/proc/1/stat\"", "O_RDONLY"}, "3", Phase::Workload);
    open.paths.push_back(
        pathRef("/proc/1/stat", "/srv/rootfs/proc/1/stat", tracer::Where::ContainerProcfs));
    run.push_back(open);
    return run;
}

/// Where each expected piece is in `text`, in order; fails on the first one missing.
void requireInOrder(const std::string& text, const std::vector<std::string>& pieces) {
    size_t at = 0;
    for (const std::string& piece : pieces) {
        INFO("looking for: " << piece);
        const size_t found = text.find(piece, at);
        REQUIRE(found != std::string::npos);
        at = found + piece.size();
    }
}

}  // namespace

TEST_CASE("setup apart: text, md and html tell the same setup steps", "[reports][setup]") {
    // What each format must carry, computed from the events, not from the renderers.
    std::vector<SetupStep> expected;
    RunSummary summary;
    ReportModel model(HtmlReport::kMaxEvents);
    MemFile mem;
    EndReport end(mem.get());
    RunInfo info;
    info.command = {"ps"};
    model.onStart(info);
    end.onStart(info);
    for (const auto& event : articleRun()) {
        summary.countSyscall(event);
        model.onSyscall(event);
        end.onSyscall(event);
        if (event.phase != tracer::Phase::Setup) continue;
        const std::string meaning = setupStepMeaning(idOf(event.name.c_str()), logLine(event));
        if (!meaning.empty()) expected.push_back(SetupStep{logLine(event), meaning});
    }
    REQUIRE(expected.size() == 5);  // all but the prctl
    const std::string sentence = setupSentence(summary.setupStats);
    CHECK(sentence == "6 syscalls: mount x2, chroot x1, clone x1, execve x1, prctl x1");
    end.onFinish(RunEnd{}, summary);
    const std::string text = mem.text();
    const std::string md = MarkdownReport::render(model, RunEnd{}, summary);
    const std::string html = HtmlReport::render(model, RunEnd{}, summary);

    std::vector<std::string> inText{"the runtime's setup: " + sentence};
    std::vector<std::string> inMd{"## The runtime's setup", MarkdownReport::text(sentence)};
    std::vector<std::string> inHtml{"The runtime's setup</h2>\n<details>",
                                    HtmlReport::escape(sentence)};
    for (size_t i = 0; i < expected.size(); ++i) {
        const std::string number = std::to_string(i + 1) + ". ";
        inText.push_back(number + expected[i].line + "\n");
        inText.push_back(expected[i].meaning + "\n");
        inMd.push_back(number + "`" + expected[i].line +
                       "`: " + MarkdownReport::text(expected[i].meaning) + "\n");
        inHtml.push_back("<li><code>" + HtmlReport::escape(expected[i].line) +
                         "</code>: " + HtmlReport::escape(expected[i].meaning) + "</li>");
    }
    inText.push_back("6. the workload read 1 path under /proc\n");
    inMd.push_back("6. the workload read 1 path under /proc");
    inHtml.push_back("<li>the workload read 1 path under /proc");
    // The path only the setup touched: listed in md and html, counted in text.
    inMd.push_back("| rootfs | `/srv/rootfs` | read | chroot |");
    inHtml.push_back("<tr><td>rootfs</td><td><code>/srv/rootfs</code></td>");
    inHtml.push_back("</details>");
    {
        INFO(text);
        requireInOrder(text, inText);
        CHECK(text.find("(1 path touched only by the runtime's setup not listed") !=
              std::string::npos);
    }
    {
        INFO(md);
        requireInOrder(md, inMd);
    }
    {
        INFO(html);
        requireInOrder(html, inHtml);
    }
}

TEST_CASE("setup apart: html has the setup collapsed after the findings, before the tables",
          "[reports][setup]") {
    RunSummary summary;
    ReportModel model(HtmlReport::kMaxEvents);
    RunInfo info;
    info.command = {"ps"};
    model.onStart(info);
    for (const auto& event : articleRun()) {
        summary.countSyscall(event);
        model.onSyscall(event);
    }
    const std::string html = HtmlReport::render(model, RunEnd{}, summary);
    const size_t findings = html.find("<h2>Findings</h2>");
    const size_t setup = html.find("<h2 id=\"setup\">The runtime's setup</h2>\n<details><summary>");
    const size_t run = html.find("<table>\n<tr><th>command</th>");
    REQUIRE(findings != std::string::npos);
    REQUIRE(setup != std::string::npos);
    REQUIRE(run != std::string::npos);
    CHECK(findings < setup);
    CHECK(setup < run);
    CHECK(html.find("<details open") == std::string::npos);
}

TEST_CASE("setup apart: the html timeline gives the setup a lane of its own", "[reports][setup]") {
    RunSummary summary;
    ReportModel model(HtmlReport::kMaxEvents);
    RunInfo info;
    info.command = {"ps"};
    model.onStart(info);
    for (const auto& event : articleRun()) {
        summary.countSyscall(event);
        model.onSyscall(event);
    }
    const std::string html = HtmlReport::render(model, RunEnd{}, summary);
    const size_t from = html.find("<svg id=\"timeline\"");
    REQUIRE(from != std::string::npos);
    const std::string svg = html.substr(from, html.find("</svg>", from) - from);
    // Lane 0 (y 12 for its label, bars at y 2) is the setup's; the workload's task is lane 1.
    CHECK(svg.find("<text x=\"2\" y=\"12\">setup (runtime)</text>") != std::string::npos);
    CHECK(svg.find("<text x=\"2\" y=\"28\">101 / container 1</text>") != std::string::npos);
    // The runtime's own task (100) made only setup calls: no lane of its own.
    CHECK(svg.find(">100") == std::string::npos);
    size_t setupBars = 0;
    size_t workloadBars = 0;
    for (size_t at = svg.find("<rect x=\""); at != std::string::npos;
         at = svg.find("<rect x=\"", at + 1)) {
        const size_t close = svg.find('>', at);
        if (svg[close - 1] == '/') continue;  // the setup lane's background, not a syscall
        const std::string rect = svg.substr(at, svg.find("</rect>", at) - at);
        const bool inSetupLane = rect.find(" y=\"2\" ") != std::string::npos;
        const bool isSetupCall = rect.find("openat(") == std::string::npos;
        INFO(rect);
        CHECK(inSetupLane == isSetupCall);
        ++(isSetupCall ? setupBars : workloadBars);
    }
    CHECK(setupBars == 6);
    CHECK(workloadBars == 1);
}
