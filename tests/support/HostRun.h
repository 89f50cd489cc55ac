// Running a host program the way scratch-trace runs a container's command, for the strace
// oracles (tests/root/test_oracle_strace.cpp, test_oracle_lines.cpp): both sides of a
// comparison get the same stdio and fds, so fd numbers and -y decorations can agree.
#pragma once

#include <string>
#include <vector>

/// The environment scratch-trace gives the container (container/SpecChecks.cpp): PATH, HOME and
/// TERM when the caller has it.
std::vector<std::string> containerEnvironment();

/// The absolute path of a program in the usual bin directories, "" when there is none.
std::string findProgram(const std::string& name);

/// Runs argv with env, stdin /dev/null and stdout+stderr into one pipe (as runScratch gives the
/// container a pipe), no other fds. Returns the exit status (128+N on signal N); kills the
/// process group after `timeout` seconds. What the program printed is appended to `output`.
int runHost(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            std::string& output, int timeout = 60);
