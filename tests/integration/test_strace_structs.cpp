// Integration (ptrace, no root switch): the structs, arrays and constants of issue 21's second
// round, line for line against strace 6.1 on the same program (tests/progs/struct_calls.c).
// Normalised as in test_strace_lines.cpp (pid prefixes, padding, addresses) plus what differs
// between any two runs: inode numbers in fd names (pipe:[N]), the pty number, and every number
// of the calls that report times or the machine's load.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/Harness.h"
#include "support/StraceRun.h"

namespace {

/// The calls the program makes whose decoding is compared.
const std::set<std::string> kCompared = {
    "statfs",
    "fstatfs",
    "writev",
    "readv",
    "pwritev",
    "preadv",
    "poll",
    "ppoll",
    "pselect6",
    "epoll_ctl",
    "epoll_wait",
    "epoll_pwait",
    "clock_nanosleep",
    "setitimer",
    "getitimer",
    "gettimeofday",
    "timerfd_settime",
    "timerfd_gettime",
    "timer_create",
    "times",
    "sigaltstack",
    "capget",
    "capset",
    "getgroups",
    "setgroups",
    "getresuid",
    "getresgid",
    "getrusage",
    "sysinfo",
    "sched_getaffinity",
    "sched_setaffinity",
    "sched_getattr",
    "sched_setattr",
    "mremap",
    "socket",
    "setsockopt",
    "getsockopt",
    "rt_sigprocmask",
    "rt_sigreturn",
    "ioctl",
    "prctl",
    "fcntl",
};

/// Calls whose numbers are times or the machine's state: only their shape is compared.
const std::set<std::string> kVolatile = {"gettimeofday", "times", "getrusage", "sysinfo",
                                         "setitimer"};

std::string callName(const std::string& line) { return line.substr(0, line.find('(')); }

std::string normalise(const std::string& line) {
    static const std::regex ours(R"(^\[pid [0-9/]+\] )");
    static const std::regex straces(R"(^[0-9]+ +)");
    static const std::regex padding(R"( +=( |$))");
    static const std::regex address(R"(0x[0-9a-f]{6,})");
    static const std::regex where(R"(  # .*$)");
    static const std::regex inode(R"(:\[[0-9]+\])");
    static const std::regex pts(R"(/dev/pts/[0-9]+)");
    static const std::regex number(R"([0-9]+)");
    std::string out = std::regex_replace(line, ours, "");
    out = std::regex_replace(out, straces, "");
    out = std::regex_replace(out, padding, " =$1");
    out = std::regex_replace(out, address, "ADDR");
    out = std::regex_replace(out, where, "");
    out = std::regex_replace(out, inode, ":[N]");
    out = std::regex_replace(out, pts, "/dev/pts/N");
    static const std::regex ptsNumber(R"(TIOCGPTN, \[[0-9]+\])");
    out = std::regex_replace(out, ptsNumber, "TIOCGPTN, [N]");
    if (kVolatile.count(callName(out)) != 0) out = std::regex_replace(out, number, "N");
    // The CPUs a run may use depend on where it runs (the tracer's cgroup), not on decoding.
    static const std::regex cpus(R"(^(sched_getaffinity\(0, [0-9]+, )\[[0-9 ]+\])");
    out = std::regex_replace(out, cpus, "$1[CPUS]");
    return out;
}

/// The compared lines of the program, in order: from its first statfs to its exit.
std::vector<std::string> programLines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    bool started = false;
    for (std::string raw; std::getline(in, raw);) {
        const std::string line = normalise(raw);
        if (line.rfind("statfs(\"/proc\"", 0) == 0) started = true;
        if (!started) continue;
        if (kCompared.count(callName(line)) != 0) lines.push_back(line);
        if (line.rfind("+++ exited with 0 +++", 0) == 0) break;
    }
    return lines;
}

}  // namespace

TEST_CASE("structs, arrays and constants read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("struct_calls");
    const auto theirs = programLines(scratch::testing::straceLogIn(dir, prog));
    const auto ours = programLines(scratch::testing::scratchLogIn(dir, prog));
    std::string report;
    size_t same = 0;
    for (size_t i = 0; i < std::max(theirs.size(), ours.size()); ++i) {
        const std::string t = i < theirs.size() ? theirs[i] : "(none)";
        const std::string o = i < ours.size() ? ours[i] : "(none)";
        if (t == o) {
            ++same;
            continue;
        }
        report += "strace: " + t + "\nours:   " + o + "\n";
    }
    INFO(report);
    INFO(same << " of " << theirs.size() << " lines identical");
    // Every call of the program is there (so two empty logs cannot pass).
    REQUIRE(theirs.size() >= 50);
    CHECK(ours == theirs);
}
