// The same program traced by strace 6.1 (`strace -f -y -s 32`) and by scratch-trace without a
// root switch, for the integration tests that compare the two logs line by line
// (test_strace_structs.cpp, test_strace_more_calls.cpp), and the normalisations every such
// comparison needs.
#pragma once

#include <string>
#include <vector>

#include "support/Harness.h"

namespace scratch::testing {

/// Runs `command` in `dir` under `strace -f -y -s 32` with only fds 0-2 open (as the container
/// run starts) and returns the log's path; skips the test when strace is not installed.
std::string straceLogIn(const TempDir& dir, const std::string& command);

/// Runs `command` in `dir` under scratch-trace (`--root-mode none --proc none --cap-add ALL
/// --seccomp unconfined`) and returns the text log's path; the run's result in `run` if given.
std::string scratchLogIn(const TempDir& dir, const std::string& command, RunResult* run = nullptr);

/// The log's lines with strace's split calls joined: `name(args <unfinished ...>` and the same
/// task's `<... name resumed>rest` become `name(argsrest`, written where the call started.
std::vector<std::string> joinedLines(const std::string& path);

/// What differs between any two runs or between the two tracers' spelling, for every compared
/// line: the line prefix (ours `[pid N] `, strace's `N `), the padding before ` = `, addresses
/// (0x and 6 or more hex digits), our `  # ...` notes and inode numbers (`:[N]`).
std::string normalisedFrame(const std::string& line);

}  // namespace scratch::testing
