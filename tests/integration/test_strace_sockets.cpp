// Integration (ptrace, no root switch): the socket depth of issue 21 (message headers with
// their control messages, socketpair's fds, netlink/packet/unspec addresses, socket options of
// SOL_IP and SOL_IPV6), line for line against strace 6.1 on the same program
// (tests/progs/socket_calls.c). Normalised as test_strace_structs.cpp normalises, plus the
// numbers that differ between any two runs: pids (SCM_CREDENTIALS, a netlink socket's nl_pid),
// socket inodes, ports, a datagram's timestamp and the time a recvmmsg left of its timeout.
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

/// The calls the program makes whose decoding is compared.
const std::set<std::string> kCompared = {
    "socketpair", "sendmsg", "sendto",      "recvmsg",    "sendmmsg",   "recvmmsg", "socket",
    "bind",       "connect", "getsockname", "setsockopt", "getsockopt", "shutdown",
};

std::string callName(const std::string& line) { return line.substr(0, line.find('(')); }

std::string normalise(const std::string& line) {
    static const std::regex ours(R"(^\[pid [0-9/]+\] )");
    static const std::regex straces(R"(^[0-9]+ +)");
    static const std::regex padding(R"( +=( |$))");
    static const std::regex address(R"(0x[0-9a-f]{6,})");
    static const std::regex where(R"(  # .*$)");
    static const std::regex inode(R"(:\[[0-9]+\])");
    static const std::regex pid(R"((pid=|nl_pid=)[1-9][0-9]*)");
    std::string out = std::regex_replace(line, ours, "");
    out = std::regex_replace(out, straces, "");
    out = std::regex_replace(out, padding, " =$1");
    out = std::regex_replace(out, address, "ADDR");
    out = std::regex_replace(out, where, "");
    out = std::regex_replace(out, inode, ":[N]");
    out = std::regex_replace(out, pid, "$1N");
    static const std::regex port(R"(sin_port=htons\([0-9]+\))");
    out = std::regex_replace(out, port, "sin_port=htons(P)");
    static const std::regex stamp(R"(\{tv_sec=[0-9]+, tv_usec=[0-9]+\})");
    out = std::regex_replace(out, stamp, "{T}");
    static const std::regex left(R"(\(left \{tv_sec=[0-9]+, tv_nsec=[0-9]+\}\))");
    out = std::regex_replace(out, left, "(left {T})");
    return out;
}

/// The compared lines of the program, in order: from its first socketpair to its exit.
std::vector<std::string> programLines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    bool started = false;
    for (std::string raw; std::getline(in, raw);) {
        const std::string line = normalise(raw);
        if (line.rfind("socketpair(", 0) == 0) started = true;
        if (!started) continue;
        if (kCompared.count(callName(line)) != 0) lines.push_back(line);
        if (line.rfind("+++ exited with 0 +++", 0) == 0) break;
    }
    return lines;
}

std::string straceLog(const TempDir& dir, const std::string& command) {
    if (std::system("strace -V >/dev/null 2>&1") != 0) skipTest("strace is not installed");
    const std::string log = (dir.path() / "strace.log").string();
    // Without any fd this test process holds (fd numbers must agree with the container's run,
    // which starts with 0-2 only).
    const std::string shell =
        "exec bash -c 'for fd in $(ls /proc/$$/fd); do [ $fd -gt 2 ] && eval \"exec $fd<&-\"; "
        "done; cd \"" +
        dir.path().string() + "\" && exec strace -f -y -s 32 -o \"" + log + "\" " + command +
        " >/dev/null 2>&1'";
    (void)std::system(shell.c_str());
    return log;
}

std::string ourLog(const TempDir& dir, const std::string& command) {
    const std::string log = (dir.path() / "ours.log").string();
    const RunResult run =
        runScratch({"run", "--root-mode", "none", "--proc", "none", "--cap-add", "ALL", "--seccomp",
                    "unconfined", "--workdir", dir.path().string(), "-o", log, "/", command},
                   shortRun());
    INFO(run.describe());
    CHECK_FALSE(run.timedOut);
    return log;
}

}  // namespace

TEST_CASE("socket structs and constants read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("socket_calls");
    const auto theirs = programLines(straceLog(dir, prog));
    const auto ours = programLines(ourLog(dir, prog));
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
    REQUIRE(theirs.size() >= 30);
    CHECK(ours == theirs);
}
