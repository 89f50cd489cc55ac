// Integration (ptrace, no root switch): netlink messages in the buffers and iovecs of a
// NETLINK_ROUTE socket (tracer/NetlinkDecoder.h), line for line against strace 6.1 on the same
// program (tests/progs/netlink_calls.c): an RTM_GETLINK and an RTM_GETADDR dump, a refused
// RTM_DELADDR and its NLMSG_ERROR. Normalised as test_strace_sockets.cpp normalises (pids,
// inodes, addresses), plus the attributes after a family header: strace decodes them, the
// tool shows them raw, so both sides read ATTRS there (and a dump's counters change anyway).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>

#include "support/Harness.h"

namespace {

const std::set<std::string> kCompared = {"socket", "sendto", "sendmsg", "recvmsg", "recvfrom"};

std::string callName(const std::string& line) { return line.substr(0, line.find('(')); }

/// The index just past the bracket (or quote) group that starts at `at`.
size_t groupEnd(const std::string& s, size_t at) {
    int depth = 0;
    bool quoted = false;
    for (size_t i = at; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[') {
            ++depth;
        } else if (c == ']' && --depth == 0) {
            return i + 1;
        }
    }
    return s.size();
}

/// "}, [[{nla_len=..." / "}, [{nla_len=..." (strace) and "}, \"\\x..\"..." (ours) after a
/// family header -> "}, ATTRS".
std::string attributesOut(std::string s) {
    for (size_t at = 0; (at = s.find("}, ", at)) != std::string::npos; at += 3) {
        const size_t start = at + 3;
        size_t end = std::string::npos;
        if (s.compare(start, 10, "[{nla_len=") == 0 || s.compare(start, 11, "[[{nla_len=") == 0) {
            end = groupEnd(s, start);
        } else if (s.compare(start, 3, "\"\\x") == 0) {
            end = s.find('"', start + 1);
            while (end != std::string::npos && s[end - 1] == '\\') end = s.find('"', end + 1);
            if (end != std::string::npos) ++end;
            if (end != std::string::npos && s.compare(end, 3, "...") == 0) end += 3;
        }
        if (end != std::string::npos) s.replace(start, end - start, "ATTRS");
    }
    return s;
}

std::string normalise(const std::string& line) {
    static const std::regex ours(R"(^\[pid [0-9/]+\] )");
    static const std::regex straces(R"(^[0-9]+ +)");
    static const std::regex padding(R"( +=( |$))");
    static const std::regex address(R"(0x[0-9a-f]{6,})");
    static const std::regex where(R"(  # .*$)");
    static const std::regex inode(R"(:\[[0-9]+\])");
    static const std::regex pid(R"((pid=)[1-9][0-9]*)");
    std::string out = std::regex_replace(line, ours, "");
    out = std::regex_replace(out, straces, "");
    out = std::regex_replace(out, padding, " =$1");
    out = std::regex_replace(out, address, "ADDR");
    out = std::regex_replace(out, where, "");
    out = std::regex_replace(out, inode, ":[N]");
    out = std::regex_replace(out, pid, "$1N");
    return attributesOut(out);
}

/// The compared lines of the program, from its netlink socket to its exit.
std::vector<std::string> programLines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    bool started = false;
    for (std::string raw; std::getline(in, raw);) {
        const std::string line = normalise(raw);
        if (line.rfind("socket(AF_NETLINK", 0) == 0) started = true;
        if (!started) continue;
        if (kCompared.count(callName(line)) != 0) lines.push_back(line);
        if (line.rfind("+++ exited with", 0) == 0) break;
    }
    return lines;
}

std::string straceLog(const TempDir& dir, const std::string& command) {
    if (std::system("strace -V >/dev/null 2>&1") != 0) skipTest("strace is not installed");
    const std::string log = (dir.path() / "strace.log").string();
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

TEST_CASE("netlink messages read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("netlink_calls");
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
    // The socket, three requests, at least one reply to each (so two empty logs cannot pass),
    // and the netlink decoding is there (not strings on both sides).
    REQUIRE(theirs.size() >= 7);
    REQUIRE(std::any_of(theirs.begin(), theirs.end(), [](const std::string& l) {
        return l.find("nlmsg_type=NLMSG_ERROR") != std::string::npos;
    }));
    CHECK(ours == theirs);
}
