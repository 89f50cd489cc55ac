// The text sinks through memory streams, against golden files in tests/golden/ whose expected
// text was written by hand from the formats (strace's for the log and -c), not copied from output.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/Error.h"
#include "reports/Pipeline.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/ReportFile.h"
#include "reports/outputs/SummaryTable.h"
#include "reports/outputs/TextLog.h"
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

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

tr::PathRef ref(std::string given, std::string host, std::string resolved, tr::Where where,
                uint8_t access = tr::kAccessRead) {
    tr::PathRef r;
    r.given = std::move(given);
    r.host = std::move(host);
    r.resolved = std::move(resolved);
    r.where = where;
    r.access = access;
    return r;
}

tr::SyscallEvent call(uint64_t seq, pid_t tid, pid_t nspid, std::string name,
                      std::vector<std::string> args, std::string retText, int64_t tsUs,
                      int64_t durUs, std::vector<tr::PathRef> paths = {}, int err = 0) {
    tr::SyscallEvent e;
    e.seq = seq;
    e.tid = tid;
    e.tgid = tid;
    e.nspid = nspid;
    e.phase = tr::Phase::Workload;
    e.setInfo(scratch::tracer::findSyscall(name));  // the checks read the row
    e.name = std::move(name);
    e.args = std::move(args);
    e.retText = std::move(retText);
    e.tsNs = tsUs * 1000;
    e.durationNs = durUs * 1000;
    e.paths = std::move(paths);
    e.err = err;
    e.ret = err != 0 ? -err : 0;
    return e;
}

/// The log scenario: ps in a container reads its own procfs, then a task outside the PID
/// namespace reads the host's.
void feedLog(Pipeline& p) {
    p.onSyscall(call(1, 4242, 1, "execve",
                     {"\"/bin/ps\"", "[\"ps\"]", "0x7ffc8a2b1e40 /* 4 vars */"}, "0", 100, 500,
                     {ref("/bin/ps", "/work/rootfs/bin/busybox", "/bin/busybox", tr::Where::Rootfs,
                          tr::kAccessExec)}));
    p.onSyscall(call(2, 4242, 1, "openat", {"AT_FDCWD", "\"/proc/1/stat\"", "O_RDONLY"},
                     "3</proc/1/stat>", 1000, 12,
                     {ref("/proc/1/stat", "/work/rootfs/proc/1/stat", "/proc/1/stat",
                          tr::Where::ContainerProcfs)}));
    p.onSyscall(call(3, 4242, 1, "openat", {"AT_FDCWD", "\"/nope\"", "O_RDONLY"},
                     "-1 ENOENT (No such file or directory)", 2000, 3,
                     {ref("/nope", "", "/nope", tr::Where::Rootfs)}, ENOENT));
    p.onSyscall(call(4, 4242, 1, "close", {"3</proc/1/stat>"}, "0", 3000, 2));
    p.onSyscall(call(5, 4243, 0, "openat", {"AT_FDCWD", "\"/proc/1/stat\"", "O_RDONLY"},
                     "3</proc/1/stat>", 4000, 1000001,
                     {ref("/proc/1/stat", "/proc/1/stat", "/proc/1/stat", tr::Where::HostProcfs)}));
    tr::SyscallEvent exitGroup = call(6, 4242, 1, "exit_group", {"0"}, "?", 5000, 0);
    exitGroup.noReturn = true;
    p.onSyscall(exitGroup);
    tr::ProcessEvent exited;
    exited.kind = tr::ProcessEvent::Kind::Exit;
    exited.tid = exited.tgid = 4242;
    exited.nspid = 1;
    exited.tsNs = 5'100'000;
    p.onProcess(exited);
    tr::ProcessEvent killed;
    killed.kind = tr::ProcessEvent::Kind::Exit;
    killed.tid = killed.tgid = 4243;
    killed.termSignal = 9;
    killed.exitCode = 137;
    killed.tsNs = 6'000'000;
    p.onProcess(killed);
}

RunInfo psRun() {
    RunInfo info;
    info.toolVersion = "0.1.0";
    info.rootfs = "/work/rootfs";
    info.command = {"ps"};
    info.rootMode = scratch::RootMode::Chroot;
    info.procMode = scratch::ProcMode::None;
    info.namespaces = {"pid", "mount"};
    // 2023-11-14 22:13:20 UTC
    info.startEpochNs = 1700000000LL * 1000000000LL;
    return info;
}

}  // namespace

TEST_CASE("text log, plain", "[reports][sinks][golden]") {
    MemFile mem;
    Pipeline p;
    p.add(std::make_unique<TextLog>(mem.get()));
    p.start(psRun());
    feedLog(p);
    p.finish(RunEnd{});
    checkGolden(mem.text(), "reports_textlog_plain.txt");
}

TEST_CASE("text log with -tt -T", "[reports][sinks][golden]") {
    setenv("TZ", "UTC", 1);
    tzset();
    MemFile mem;
    Pipeline p;
    TextLogOptions options;
    options.wallClock = true;
    options.durations = true;
    p.add(std::make_unique<TextLog>(mem.get(), options));
    p.start(psRun());
    feedLog(p);
    p.finish(RunEnd{});
    checkGolden(mem.text(), "reports_textlog_tt_T.txt");
}

TEST_CASE("the -e filter hides lines but not findings", "[reports][sinks]") {
    MemFile mem;
    TraceFilter filter;
    filter.parse("trace=close");
    Pipeline p(filter);
    p.add(std::make_unique<TextLog>(mem.get()));
    p.start(psRun());
    feedLog(p);
    const RunSummary& summary = p.finish(RunEnd{});
    const std::string text = mem.text();
    CHECK(text.find("openat") == std::string::npos);
    CHECK(text.find("close(3</proc/1/stat>)") != std::string::npos);
    CHECK(summary.isLeak());  // the hidden openat still reached the host's procfs
    CHECK(summary.counts.syscalls == 6);
}

TEST_CASE("summary table in strace -c format", "[reports][sinks][golden]") {
    MemFile mem;
    Pipeline p;
    p.add(std::make_unique<SummaryTable>(mem.get()));
    p.start(RunInfo{});
    p.onSyscall(call(1, 1, 0, "openat", {}, "3", 0, 10));
    p.onSyscall(call(2, 1, 0, "openat", {}, "-1 ENOENT", 0, 15, {}, ENOENT));
    p.onSyscall(call(3, 1, 0, "openat", {}, "4", 0, 5));
    p.onSyscall(call(4, 1, 0, "read", {}, "10", 0, 4));
    p.onSyscall(call(5, 1, 0, "read", {}, "0", 0, 6));
    p.onSyscall(call(6, 1, 0, "close", {}, "0", 0, 0));
    p.finish(RunEnd{});
    checkGolden(mem.text(), "reports_summary_table.txt");
}

namespace {
void feedReport(Pipeline& p) {
    tr::SyscallEvent setup =
        call(1, 4241, 0, "openat", {"AT_FDCWD", "\"/etc/ld.so.cache\""}, "3", 0, 1,
             {ref("/etc/ld.so.cache", "/etc/ld.so.cache", "/etc/ld.so.cache", tr::Where::Host)});
    setup.phase = tr::Phase::Setup;
    p.onSyscall(setup);
    p.onSyscall(call(2, 4242, 1, "execve", {}, "0", 0, 1,
                     {ref("/bin/ps", "/work/rootfs/bin/busybox", "/bin/busybox", tr::Where::Rootfs,
                          tr::kAccessExec)}));
    p.onSyscall(call(3, 4242, 1, "openat", {}, "3", 0, 1,
                     {ref("/proc/1/stat", "/proc/1/stat", "/proc/1/stat", tr::Where::HostProcfs)}));
    tr::PathRef fd = ref("fd 3", "/proc/1/stat", "/proc/1/stat", tr::Where::HostProcfs);
    fd.fd = 3;
    p.onSyscall(call(4, 4242, 1, "read", {}, "151", 0, 1, {fd}));
    p.onSyscall(call(5, 4242, 1, "io_uring_setup", {}, "4", 0, 1));
}
}  // namespace

TEST_CASE("end report", "[reports][sinks][golden]") {
    MemFile mem;
    Pipeline p;
    p.add(std::make_unique<EndReport>(mem.get()));
    p.start(psRun());
    feedReport(p);
    RunEnd end;
    end.durationNs = 412000000;
    p.finish(end);
    checkGolden(mem.text(), "reports_end_report.txt");
}

TEST_CASE("end report of an isolated run ends with the verdict line", "[reports][sinks]") {
    MemFile mem;
    Pipeline p;
    p.add(std::make_unique<EndReport>(mem.get()));
    p.start(psRun());
    p.onSyscall(call(1, 7, 1, "openat", {}, "3", 0, 1,
                     {ref("/proc/1/stat", "/work/rootfs/proc/1/stat", "/proc/1/stat",
                          tr::Where::ContainerProcfs)}));
    p.finish(RunEnd{});
    const std::string text = mem.text();
    CHECK(text.find("findings: none\n") != std::string::npos);
    CHECK(text.size() > 20);
    CHECK(text.substr(text.size() - 19) == "\nverdict: isolated\n");
}

TEST_CASE("end report truncates long tables with a count", "[reports][sinks]") {
    MemFile mem;
    Pipeline p;
    p.add(std::make_unique<EndReport>(mem.get()));
    p.start(psRun());
    for (int i = 0; i < 30; ++i) {
        const std::string path = "/etc/f" + std::to_string(i);
        p.onSyscall(call(i + 1, 7, 1, "openat", {}, "3", 0, 1,
                         {ref(path, "/work/rootfs" + path, path, tr::Where::Rootfs)}));
    }
    p.finish(RunEnd{});
    const std::string text = mem.text();
    CHECK(text.find("  ... and 20 more rootfs paths\n") != std::string::npos);
}

TEST_CASE("report files by extension, written atomically", "[reports][sinks]") {
    char dirTemplate[] = "/tmp/scratch-reports-XXXXXX";
    REQUIRE(mkdtemp(dirTemplate) != nullptr);
    const std::string dir = dirTemplate;
    for (const std::string ext : {".md", ".html", ".json"}) {
        const std::string path = dir + "/report" + ext;
        Pipeline p;
        p.add(std::make_unique<ReportFile>(path));
        p.start(psRun());
        feedReport(p);
        p.finish(RunEnd{});
        const std::string text = slurp(path);
        CHECK(access((path + ".tmp").c_str(), F_OK) != 0);
        if (ext == ".json") {
            const auto report = nlohmann::json::parse(text);
            CHECK(report["type"] == "report");
            CHECK(report["summary"]["verdict"] == "leak");
            CHECK(report["start"]["command"][0] == "ps");
        } else if (ext == ".md") {
            CHECK(text.find("# scratch-trace report") == 0);
            CHECK(text.find("| host-procfs | `/proc/1/stat` | read | openat, read | 1 |") !=
                  std::string::npos);
            CHECK(text.find("**LEAK (host-procfs: 1)**") != std::string::npos);
        } else {
            CHECK(text.find("<!DOCTYPE html>") == 0);
            CHECK(text.find("the container&#39;s PID namespace") != std::string::npos);
            CHECK(text.find("</html>") != std::string::npos);
        }
        unlink(path.c_str());
    }
    rmdir(dir.c_str());
    CHECK_THROWS_AS(ReportFile("/tmp/x.txt"), scratch::Error);
}
