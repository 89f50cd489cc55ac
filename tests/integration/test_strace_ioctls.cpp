// Integration (ptrace, no root switch): the device ioctls (a socket's SIOCGIF* on lo, a pty's
// TIOC* and TC* requests, FIONREAD, the loop and block requests on a free loop device), line for
// line against strace 6.1 on the same program (tests/progs/ioctl_calls.c). Normalised as
// test_strace_structs.cpp does (support/StraceRun.h), plus what differs between any two runs
// here: the child's pid, the pty's and the loop device's numbers.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>

#include "support/Harness.h"
#include "support/StraceRun.h"

namespace {

using namespace scratch::testing;

std::string normalise(const std::string& raw) {
    std::string out = normalisedFrame(raw);
    static const std::regex pid(R"((TIOC[GS]PGRP, |TIOCGSID, )\[[0-9]+\])");
    static const std::regex pts(R"(/dev/pts/[0-9]+)");
    static const std::regex ptn(R"(TIOCGPTN, \[[0-9]+\])");
    static const std::regex loop(R"(/dev/loop[0-9]+)");
    out = std::regex_replace(out, pid, "$1[PID]");
    out = std::regex_replace(out, pts, "/dev/pts/N");
    out = std::regex_replace(out, ptn, "TIOCGPTN, [N]");
    out = std::regex_replace(out, loop, "/dev/loopN");
    return out;
}

/// The program's ioctl lines, in order, from its socket on (strace's split calls joined; past
/// the first exit, as the log's lines come).
std::vector<std::string> programLines(const std::string& path) {
    ComparedLines which{normalise, "socket(AF_INET, SOCK_DGRAM", {"ioctl"}};
    which.joinResumed = true;
    which.stopAtExit = false;
    return comparedLines(path, which);
}

bool anyWith(const std::vector<std::string>& lines, const std::string& text) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("device ioctls read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("ioctl_calls");
    const auto theirs = programLines(straceLogIn(dir, prog));
    const auto ours = programLines(scratchLogIn(dir, prog));
    // The interface and tty calls are always there (so two empty logs cannot pass).
    REQUIRE(anyWith(theirs, "SIOCGIFFLAGS, {ifr_name=\"lo\", ifr_flags=IFF_UP"));
    if (!anyWith(theirs, "LOOP_SET_FD") || !anyWith(theirs, "BLKGETSIZE64, [1048576]")) {
        WARN("no free loop device: the LOOP_* and BLK* lines were not compared");
    }
    checkSameLines(theirs, ours, 28);
}
