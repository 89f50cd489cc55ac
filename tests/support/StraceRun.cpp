#include "support/StraceRun.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>

#include "support/SkipTest.h"

namespace scratch::testing {

std::string straceLogIn(const TempDir& dir, const std::string& command) {
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

std::string scratchLogIn(const TempDir& dir, const std::string& command, RunResult* result) {
    const std::string log = (dir.path() / "ours.log").string();
    const RunResult run =
        runScratch({"run", "--root-mode", "none", "--proc", "none", "--cap-add", "ALL", "--seccomp",
                    "unconfined", "--workdir", dir.path().string(), "-o", log, "/", command},
                   shortRun());
    INFO(run.describe());
    CHECK_FALSE(run.timedOut);
    if (result != nullptr) *result = run;
    return log;
}

std::vector<std::string> joinedLines(const std::string& path) {
    static const std::regex unfinished(R"(^(\S+ +)(.*) <unfinished \.\.\.>$)");
    static const std::regex resumed(R"(^(\S+ +)<\.\.\. [a-z_0-9]+ resumed>(.*)$)");
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::map<std::string, size_t> open;  // task prefix -> its unfinished line
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_match(line, m, unfinished)) {
            open[m[1].str()] = lines.size();
            lines.push_back(m[1].str() + m[2].str());
            continue;
        }
        if (std::regex_match(line, m, resumed)) {
            const auto it = open.find(m[1].str());
            if (it != open.end()) {
                lines[it->second] += m[2].str();
                open.erase(it);
                continue;
            }
        }
        lines.push_back(line);
    }
    return lines;
}

std::string normalisedFrame(const std::string& line) {
    static const std::regex ours(R"(^\[pid [0-9/]+\] )");
    static const std::regex straces(R"(^[0-9]+ +)");
    static const std::regex padding(R"( +=( |$))");
    static const std::regex address(R"(0x[0-9a-f]{6,})");
    static const std::regex where(R"(  # .*$)");
    static const std::regex inode(R"(:\[[0-9]+\])");
    std::string out = std::regex_replace(line, ours, "");
    out = std::regex_replace(out, straces, "");
    out = std::regex_replace(out, padding, " =$1");
    out = std::regex_replace(out, address, "ADDR");
    out = std::regex_replace(out, where, "");
    return std::regex_replace(out, inode, ":[N]");
}

}  // namespace scratch::testing
