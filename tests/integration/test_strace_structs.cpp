// Integration (ptrace, no root switch): the structs, arrays and constants of issue 21's second
// round, line for line against strace 6.1 on the same program (tests/progs/struct_calls.c).
// Normalised as in test_strace_lines.cpp (pid prefixes, padding, addresses) plus what differs
// between any two runs: inode numbers in fd names (pipe:[N]), the pty number, and every number
// of the calls that report times or the machine's load.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "support/Harness.h"
#include "support/StraceRun.h"

namespace {

using namespace scratch::testing;

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

std::string normalise(const std::string& line) {
    static const std::regex pts(R"(/dev/pts/[0-9]+)");
    std::string out = normalisedFrame(line);
    out = std::regex_replace(out, pts, "/dev/pts/N");
    static const std::regex ptsNumber(R"(TIOCGPTN, \[[0-9]+\])");
    out = std::regex_replace(out, ptsNumber, "TIOCGPTN, [N]");
    out = numbersHiddenIn(out, kVolatile);
    // The CPUs a run may use depend on where it runs (the tracer's cgroup), not on decoding.
    static const std::regex cpus(R"(^(sched_getaffinity\(0, [0-9]+, )\[[0-9 ]+\])");
    out = std::regex_replace(out, cpus, "$1[CPUS]");
    return out;
}

/// The compared lines of the program, in order: from its first statfs to its exit.
std::vector<std::string> programLines(const std::string& path) {
    return comparedLines(path, {normalise, "statfs(\"/proc\"", kCompared});
}

}  // namespace

TEST_CASE("structs, arrays and constants read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("struct_calls");
    const auto theirs = programLines(straceLogIn(dir, prog));
    const auto ours = programLines(scratchLogIn(dir, prog));
    checkSameLines(theirs, ours, 50);
}
