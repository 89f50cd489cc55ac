// The same program traced by strace 6.1 (`strace -f -y -s 32`) and by scratch-trace without a
// root switch, for the integration tests that compare the two logs line by line
// (test_strace_structs.cpp, test_strace_more_calls.cpp, test_strace_sockets.cpp,
// test_strace_i386.cpp, test_strace_netlink.cpp, test_strace_ioctls.cpp), the normalisations every
// such comparison needs, and the comparison.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace scratch::testing {

/// Runs `command` in `dir` under `strace FLAGS -f -y -s 32` with only fds 0-2 open (as the
/// container run starts) and returns the log's path (named after `flags`, so runs with other
/// flags in the same dir keep theirs); skips the test when strace is not installed.
std::string straceLogIn(const TempDir& dir, const std::string& command,
                        const std::string& flags = "");

/// Runs `command` in `dir` under scratch-trace (`--root-mode none --proc none --cap-add ALL
/// --seccomp unconfined`, then `flags` if any) and returns the text log's path (named after
/// `flags`); the run's result in `run` if given.
std::string scratchLogIn(const TempDir& dir, const std::string& command, RunResult* run = nullptr,
                         const std::string& flags = "");

/// The log's lines with strace's split calls joined: `name(args <unfinished ...>` and the same
/// task's `<... name resumed>rest` become `name(argsrest`, written where the call started.
std::vector<std::string> joinedLines(const std::string& path);

/// What differs between any two runs or between the two tracers' spelling, for every compared
/// line: the line prefix (ours `[pid N] `, strace's `N `), the padding before ` = `, addresses
/// (0x and 6 or more hex digits), our `  # ...` notes and inode numbers (`:[N]`); with
/// `hexInodes` also the inode numbers -xx spells in hex (`\\x3a\\x5b...\\x5d`).
std::string normalisedFrame(const std::string& line, bool hexInodes = false);

/// The call's name: what comes before the first `(` of a normalised line.
std::string callName(const std::string& line);

/// `line` with every number replaced by `N` when its call is one of `calls` (calls that report
/// times or the machine's state: only their shape is compared).
std::string numbersHiddenIn(const std::string& line, const std::set<std::string>& calls);

/// Which lines of a log a comparison looks at.
struct ComparedLines {
    /// The normalisation of one raw line (normalisedFrame and the test's own).
    std::function<std::string(const std::string&)> normalise;
    /// The normalised line the program's first compared call starts with.
    std::string startsWith;
    /// The calls whose lines are compared.
    std::set<std::string> calls;
    /// Whether strace's split calls are joined first (joinedLines).
    bool joinResumed = false;
    /// Whether the first `+++ exited with 0 +++` ends the program's lines (not when children
    /// exit before the compared calls end).
    bool stopAtExit = true;
};

/// The compared lines of the log at `path`, normalised, in order.
std::vector<std::string> comparedLines(const std::string& path, const ComparedLines& which);

/// Checks `ours` equals `theirs` line by line, reporting the lines that differ and "N of M
/// lines identical"; requires `theirs` to hold at least `atLeast` lines (so two empty logs
/// cannot pass).
void checkSameLines(const std::vector<std::string>& theirs, const std::vector<std::string>& ours,
                    size_t atLeast);

}  // namespace scratch::testing
