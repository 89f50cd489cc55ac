// Integration (ptrace, no root switch): lines strace 6.1 prints that ours must print the same,
// checked against strace itself on the same program: unknown syscalls (unknown_syscall.c),
// signal lines and the ends of tasks (signal_lines.c). The lines are normalised first: the pid
// prefix (ours "[pid HOST/NS] ", strace -o's "PID  "), the padding before " = ", pids inside
// siginfo, addresses and CPU times (they differ between two runs).
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/Harness.h"

namespace {

/// One log line without what differs between two runs of the same program.
std::string normalise(const std::string& line) {
    static const std::regex ours(R"(^\[pid [0-9/]+\] )");
    static const std::regex straces(R"(^[0-9]+ +)");
    static const std::regex padding(R"( +=( |$))");
    static const std::regex pid(R"(si_pid=[0-9]+)");
    static const std::regex address(R"(0x[0-9a-f]{6,})");
    static const std::regex cpuTime(R"((si_[us]time)=[0-9]+)");
    std::string out = std::regex_replace(line, ours, "");
    out = std::regex_replace(out, straces, "");
    out = std::regex_replace(out, padding, " =$1");
    out = std::regex_replace(out, pid, "si_pid=PID");
    out = std::regex_replace(out, address, "ADDR");
    out = std::regex_replace(out, cpuTime, "$1=T");
    return out;
}

/// The normalised lines of `path` that `keep` selects, sorted (tasks interleave differently).
template <typename Keep>
std::vector<std::string> selectedLines(const std::string& path, Keep keep) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        const std::string n = normalise(line);
        if (keep(n)) lines.push_back(n);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

/// Runs `strace -f -o LOG` on the command; skips when strace is not installed.
std::string straceLog(const TempDir& dir, const std::string& command) {
    if (std::system("strace -V >/dev/null 2>&1") != 0) skipTest("strace is not installed");
    const std::string log = (dir.path() / "strace.log").string();
    // From the temporary directory: a core dump lands there, not in the build tree.
    const std::string shell = "cd '" + dir.path().string() + "' && strace -f -o '" + log + "' " +
                              command + " >/dev/null 2>&1";
    (void)std::system(shell.c_str());
    return log;
}

/// Runs scratch-trace on the host (as traceOnHost) with the text log in a file.
std::string ourLog(const TempDir& dir, const std::string& command) {
    const std::string log = (dir.path() / "ours.log").string();
    const RunResult run =
        runScratch({"run", "--root-mode", "none", "--proc", "none", "--cap-add", "ALL", "--workdir",
                    dir.path().string(), "-o", log, "/", command},
                   shortRun());
    INFO(run.describe());
    CHECK_FALSE(run.timedOut);
    return log;
}

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("unknown syscalls read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("unknown_syscall");
    const auto unknown = [](const std::string& line) { return startsWith(line, "syscall_"); };
    const auto theirs = selectedLines(straceLog(dir, prog), unknown);
    const auto ours = selectedLines(ourLog(dir, prog), unknown);
    REQUIRE(theirs.size() == 2);
    CHECK(ours == theirs);
    CHECK(startsWith(theirs[0], "syscall_0x186a0(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS"));
}
