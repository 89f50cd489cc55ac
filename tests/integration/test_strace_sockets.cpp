// Integration (ptrace, no root switch): the socket depth of issue 21 (message headers with
// their control messages, socketpair's fds, netlink/packet/unspec addresses, socket options of
// SOL_IP and SOL_IPV6), line for line against strace 6.1 on the same program
// (tests/progs/socket_calls.c). Normalised as test_strace_structs.cpp normalises
// (support/StraceRun.h), plus the numbers that differ between any two runs: pids (SCM_CREDENTIALS,
// a netlink socket's nl_pid), socket inodes, ports, a datagram's timestamp and the time a recvmmsg
// left of its timeout.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "support/Harness.h"
#include "support/StraceRun.h"

namespace {

using namespace scratch::testing;

/// The calls the program makes whose decoding is compared.
const std::set<std::string> kCompared = {
    "socketpair", "sendmsg", "sendto",      "recvmsg",    "sendmmsg",   "recvmmsg", "socket",
    "bind",       "connect", "getsockname", "setsockopt", "getsockopt", "shutdown",
};

std::string normalise(const std::string& line) {
    static const std::regex pid(R"((pid=|nl_pid=)[1-9][0-9]*)");
    std::string out = normalisedFrame(line);
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
    return comparedLines(path, {normalise, "socketpair(", kCompared});
}

}  // namespace

TEST_CASE("socket structs and constants read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("socket_calls");
    const auto theirs = programLines(straceLogIn(dir, prog));
    const auto ours = programLines(scratchLogIn(dir, prog));
    checkSameLines(theirs, ours, 30);
}
