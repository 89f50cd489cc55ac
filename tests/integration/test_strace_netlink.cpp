// Integration (ptrace, no root switch): netlink messages in the buffers and iovecs of a
// NETLINK_ROUTE socket (tracer/NetlinkDecoder.h), line for line against strace 6.1 on the same
// program (tests/progs/netlink_calls.c): an RTM_GETLINK and an RTM_GETADDR dump, a refused
// RTM_DELADDR and its NLMSG_ERROR. Normalised as test_strace_sockets.cpp normalises
// (support/StraceRun.h; pids), plus the attributes after a family header: strace decodes them, the
// tool shows them raw, so both sides read ATTRS there (and a dump's counters change anyway).
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "support/Harness.h"
#include "support/StraceRun.h"

namespace {

using namespace scratch::testing;

const std::set<std::string> kCompared = {"socket", "sendto", "sendmsg", "recvmsg", "recvfrom"};

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
    static const std::regex pid(R"((pid=)[1-9][0-9]*)");
    std::string out = normalisedFrame(line);
    out = std::regex_replace(out, pid, "$1N");
    return attributesOut(out);
}

/// The compared lines of the program, from its netlink socket to its exit.
std::vector<std::string> programLines(const std::string& path) {
    return comparedLines(path, {normalise, "socket(AF_NETLINK", kCompared});
}

}  // namespace

TEST_CASE("netlink messages read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("netlink_calls");
    const auto theirs = programLines(straceLogIn(dir, prog));
    const auto ours = programLines(scratchLogIn(dir, prog));
    // The netlink decoding is there (not strings on both sides).
    REQUIRE(std::any_of(theirs.begin(), theirs.end(), [](const std::string& l) {
        return l.find("nlmsg_type=NLMSG_ERROR") != std::string::npos;
    }));
    // The socket, three requests, at least one reply to each (so two empty logs cannot pass).
    checkSameLines(theirs, ours, 7);
}
