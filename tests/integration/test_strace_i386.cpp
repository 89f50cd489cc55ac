// Integration (ptrace, no root switch): the structs of i386 calls made with int $0x80 from a
// 64-bit process (tests/progs/i386_structs.c) line for line against strace 6.1 on the same
// program, which shows them in the i386 layout (personality 1): stat64 and stat, statfs64 with
// its size, 32-bit timespec/timeval/rlimit/rusage/sysinfo/tms, the *_time64 calls' and
// prlimit64's 64-bit ones, rt_sigaction, iovecs, pollfds, sockaddrs, msghdr, the old select's
// struct, 16-bit ids and gid arrays, socket options, arrays cut at -s. Then the same with
// -x and -xx, which show the buffers (and -y's paths) in hex. Normalised as in
// test_strace_structs.cpp, plus every number of the calls that report times or the machine.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/Harness.h"

namespace {

/// The calls the program makes with int $0x80 (and no 64-bit call of the same name after its
/// first line).
const std::set<std::string> kCompared = {
    "access",
    "open",
    "writev",
    "pwritev",
    "lseek",
    "readv",
    "preadv",
    "stat64",
    "lstat64",
    "fstat64",
    "fstatat64",
    "stat",
    "lstat",
    "fstat",
    "statfs",
    "fstatfs",
    "statfs64",
    "fstatfs64",
    "close",
    "unlink",
    "nanosleep",
    "clock_nanosleep",
    "clock_nanosleep_time64",
    "clock_getres",
    "clock_getres_time64",
    "clock_gettime",
    "clock_gettime64",
    "gettimeofday",
    "setitimer",
    "getitimer",
    "times",
    "getrlimit",
    "setrlimit",
    "ugetrlimit",
    "prlimit64",
    "uname",
    "sysinfo",
    "getrusage",
    "wait4",
    "rt_sigaction",
    "sigaction",
    "sigaltstack",
    "pipe",
    "poll",
    "_newselect",
    "socket",
    "bind",
    "getsockname",
    "socketpair",
    "sendmsg",
    "pselect6",
    "pselect6_time64",
    "timer_create",
    "timer_delete",
    "select",
    "getgroups",
    "setgroups",
    "getgroups32",
    "setgroups32",
    "getresuid",
    "getresgid",
    "getresuid32",
    "getresgid32",
    "setsockopt",
    "getsockopt",
    "epoll_wait",
};

/// Calls whose numbers are times, pids or the machine's state: only their shape is compared.
const std::set<std::string> kVolatile = {
    "clock_gettime", "clock_gettime64", "gettimeofday", "setitimer",
    "times",         "sysinfo",         "getrusage",    "wait4"};

std::string callName(const std::string& line) { return line.substr(0, line.find('(')); }

std::string normalise(const std::string& line) {
    static const std::regex ours(R"(^\[pid [0-9/]+\] )");
    static const std::regex straces(R"(^[0-9]+ +)");
    static const std::regex padding(R"( +=( |$))");
    static const std::regex address(R"(0x[0-9a-f]{6,})");
    static const std::regex where(R"(  # .*$)");
    static const std::regex inode(R"(:\[[0-9]+\])");
    // The same inode under -xx: ":[" and "]" in hex around the digits' hex.
    static const std::regex hexInode(R"(\\x3a\\x5b(\\x3[0-9])+\\x5d)");
    static const std::regex number(R"([0-9]+)");
    std::string out = std::regex_replace(line, ours, "");
    out = std::regex_replace(out, straces, "");
    out = std::regex_replace(out, padding, " =$1");
    out = std::regex_replace(out, address, "ADDR");
    out = std::regex_replace(out, where, "");
    out = std::regex_replace(out, inode, ":[N]");
    out = std::regex_replace(out, hexInode, ":[N]");
    if (kVolatile.count(callName(out)) != 0) out = std::regex_replace(out, number, "N");
    return out;
}

/// The compared lines of the program, in order: from its first i386 call to its exit.
std::vector<std::string> programLines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    bool started = false;
    for (std::string raw; std::getline(in, raw);) {
        const std::string line = normalise(raw);
        if (line.rfind("access(", 0) == 0) started = true;
        if (!started) continue;
        if (kCompared.count(callName(line)) != 0) lines.push_back(line);
        if (line.rfind("+++ exited with 0 +++", 0) == 0) break;
    }
    return lines;
}

std::string straceLog(const TempDir& dir, const std::string& flags, const std::string& command) {
    if (std::system("strace -V >/dev/null 2>&1") != 0) skipTest("strace is not installed");
    const std::string log = (dir.path() / ("strace" + flags + ".log")).string();
    // Without any fd this test process holds (fd numbers must agree with our run's, which
    // starts with 0-2 only).
    const std::string shell =
        "exec bash -c 'for fd in $(ls /proc/$$/fd); do [ $fd -gt 2 ] && eval \"exec $fd<&-\"; "
        "done; cd \"" +
        dir.path().string() + "\" && exec strace " + flags + " -f -y -s 32 -o \"" + log + "\" " +
        command + " >/dev/null 2>&1'";
    (void)std::system(shell.c_str());
    return log;
}

std::string ourLog(const TempDir& dir, const std::string& flags, const std::string& command) {
    const std::string log = (dir.path() / ("ours" + flags + ".log")).string();
    std::vector<std::string> args = {
        "run",       "--root-mode", "none",      "--proc",           "none", "--cap-add", "ALL",
        "--seccomp", "unconfined",  "--workdir", dir.path().string()};
    if (!flags.empty()) args.push_back(flags);
    for (const std::string& rest : {std::string("-o"), log, std::string("/"), command}) {
        args.push_back(rest);
    }
    const RunResult run = runScratch(args, shortRun());
    INFO(run.describe());
    CHECK_FALSE(run.timedOut);
    return log;
}

/// Our lines and strace's for one set of flags, compared one by one.
void compareWithStrace(const std::string& flags) {
    TempDir dir;
    const std::string prog = progPath("i386_structs");
    // Without IA32 emulation the program says SKIP (and makes none of the calls).
    const std::string probe = (dir.path() / "probe.out").string();
    (void)std::system(("cd \"" + dir.path().string() + "\" && " + prog + " >" + probe).c_str());
    if (has(slurp(probe), "SKIP")) skipTest(slurp(probe));
    const auto theirs = programLines(straceLog(dir, flags, prog));
    const auto ours = programLines(ourLog(dir, flags, prog));
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
    INFO("flags: " << flags);
    INFO(report);
    INFO(same << " of " << theirs.size() << " lines identical");
    // Every call of the program is there (so two empty logs cannot pass).
    REQUIRE(theirs.size() >= 60);
    CHECK(ours == theirs);
}

}  // namespace

TEST_CASE("i386 calls' structs read as strace's", "[integration][strace-lines][i386]") {
    requireRoot();
    compareWithStrace("");
}

TEST_CASE("-x and -xx on i386 calls' buffers read as strace's",
          "[integration][strace-lines][i386]") {
    requireRoot();
    compareWithStrace("-x");
    compareWithStrace("-xx");
}
