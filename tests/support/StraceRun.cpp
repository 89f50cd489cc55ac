#include "support/StraceRun.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>

#include "support/SkipTest.h"

namespace scratch::testing {

std::string straceLogIn(const TempDir& dir, const std::string& command, const std::string& flags) {
    if (std::system("strace -V >/dev/null 2>&1") != 0) skipTest("strace is not installed");
    const std::string log = (dir.path() / ("strace" + flags + ".log")).string();
    // Without any fd this test process holds (fd numbers must agree with the container's run,
    // which starts with 0-2 only).
    const std::string shell =
        "exec bash -c 'for fd in $(ls /proc/$$/fd); do [ $fd -gt 2 ] && eval \"exec $fd<&-\"; "
        "done; cd \"" +
        dir.path().string() + "\" && exec strace " + (flags.empty() ? "" : flags + " ") +
        "-f -y -s 32 -o \"" + log + "\" " + command + " >/dev/null 2>&1'";
    (void)std::system(shell.c_str());
    return log;
}

std::string scratchLogIn(const TempDir& dir, const std::string& command, RunResult* result,
                         const std::string& flags) {
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

std::string normalisedFrame(const std::string& line, bool hexInodes) {
    static const std::regex ours(R"(^\[pid [0-9/]+\] )");
    static const std::regex straces(R"(^[0-9]+ +)");
    static const std::regex padding(R"( +=( |$))");
    static const std::regex address(R"(0x[0-9a-f]{6,})");
    static const std::regex where(R"(  # .*$)");
    static const std::regex inode(R"(:\[[0-9]+\])");
    // The same inode under -xx: ":[" and "]" in hex around the digits' hex.
    static const std::regex hexInode(R"(\\x3a\\x5b(\\x3[0-9])+\\x5d)");
    std::string out = std::regex_replace(line, ours, "");
    out = std::regex_replace(out, straces, "");
    out = std::regex_replace(out, padding, " =$1");
    out = std::regex_replace(out, address, "ADDR");
    out = std::regex_replace(out, where, "");
    out = std::regex_replace(out, inode, ":[N]");
    if (hexInodes) out = std::regex_replace(out, hexInode, ":[N]");
    return out;
}

std::string callName(const std::string& line) { return line.substr(0, line.find('(')); }

std::string numbersHiddenIn(const std::string& line, const std::set<std::string>& calls) {
    static const std::regex number(R"([0-9]+)");
    if (calls.count(callName(line)) == 0) return line;
    return std::regex_replace(line, number, "N");
}

std::vector<std::string> comparedLines(const std::string& path, const ComparedLines& which) {
    std::vector<std::string> raws;
    if (which.joinResumed) {
        raws = joinedLines(path);
    } else {
        std::ifstream in(path);
        for (std::string raw; std::getline(in, raw);) raws.push_back(raw);
    }
    std::vector<std::string> lines;
    bool started = false;
    for (const std::string& raw : raws) {
        const std::string line = which.normalise(raw);
        if (line.rfind(which.startsWith, 0) == 0) started = true;
        if (!started) continue;
        if (which.calls.count(callName(line)) != 0) lines.push_back(line);
        if (which.stopAtExit && line.rfind("+++ exited with 0 +++", 0) == 0) break;
    }
    return lines;
}

void checkSameLines(const std::vector<std::string>& theirs, const std::vector<std::string>& ours,
                    size_t atLeast) {
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
    REQUIRE(theirs.size() >= atLeast);
    CHECK(ours == theirs);
}

}  // namespace scratch::testing
