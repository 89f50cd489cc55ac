// strace's habits, typed as a strace user types them, on a real container: -c prints the table
// instead of the log (-C both), -ff -o FILE writes FILE.TID per task, -x/-xx quote strings in
// hex, -r prefixes the time since the previous line, -z/-Z keep successful/failed calls, -P
// keeps the calls that use a path.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// The syscall lines (those that start with "[pid ", not the "+++ exited" ones) of stderr.
std::vector<std::string> logLines(const std::string& err) {
    std::vector<std::string> out;
    std::istringstream lines(err);
    std::string line;
    while (std::getline(lines, line)) {
        // Syscall lines only: not the ends of tasks, not signal lines (which -z, -Z and -P do
        // not filter, as in strace).
        if (line.starts_with("[pid ") && !has(line, " +++ ") && !has(line, " --- ")) {
            out.push_back(line);
        }
    }
    return out;
}

RunResult runIn(const std::string& rootfs, std::vector<std::string> options,
                const std::vector<std::string>& command) {
    std::vector<std::string> args{"run"};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(rootfs);
    args.insert(args.end(), command.begin(), command.end());
    return runScratch(args, shortRun());
}

}  // namespace

TEST_CASE("-c prints the table instead of the log; -C prints both", "[root][cli][strace]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const RunResult table = runIn(rootfs, {"-c"}, {"true"});
    INFO(table.describe());
    REQUIRE(table.exitCode == 0);
    CHECK(has(table.err, "% time"));
    CHECK(logLines(table.err).empty());
    const RunResult both = runIn(rootfs, {"-C"}, {"true"});
    INFO(both.describe());
    CHECK(has(both.err, "% time"));
    CHECK(!logLines(both.err).empty());
}

TEST_CASE("-ff -o FILE writes each task's lines to FILE.TID", "[root][cli][strace]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    TempDir dir("scratch-ff");
    const std::string base = (dir.path() / "log").string();
    const RunResult run = runIn(rootfs, {"-ff", "-o", base}, {"sh", "-c", "cat /etc/passwd; true"});
    INFO(run.describe());
    REQUIRE(run.exitCode == 0);
    int files = 0;
    bool sawExec = false;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        const std::string name = entry.path().filename().string();
        INFO(name);
        CHECK(std::regex_match(name, std::regex("log\\.[0-9]+")));
        const std::string text = slurp(entry.path());
        CHECK(!has(text, "[pid "));
        if (has(text, "execve(") && has(text, "[\"cat\", \"/etc/passwd\"]")) sawExec = true;
        ++files;
    }
    // The launcher, the container's init (sh) and cat at least.
    CHECK(files >= 3);
    CHECK(sawExec);
    CHECK(!fs::exists(base));
}

TEST_CASE("-x and -xx show strings in hex as strace does", "[root][cli][strace]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const RunResult some = runIn(rootfs, {"-x", "-e", "trace=write"}, {"printf", "a\\377"});
    INFO(some.describe());
    CHECK(has(some.err, ">, \"\\x61\\xff\", 2)"));
    const RunResult plain = runIn(rootfs, {"-x", "-e", "trace=write"}, {"printf", "ab"});
    CHECK(has(plain.err, ">, \"ab\", 2)"));
    const RunResult all = runIn(rootfs, {"-xx", "-e", "trace=write"}, {"printf", "ab"});
    INFO(all.describe());
    CHECK(has(all.err, ">, \"\\x61\\x62\", 2)"));
}

TEST_CASE("-r puts the time since the previous line after the pid", "[root][cli][strace]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const RunResult run = runIn(rootfs, {"-r"}, {"true"});
    INFO(run.describe());
    const std::vector<std::string> lines = logLines(run.err);
    REQUIRE(lines.size() > 5);
    const std::regex relative(R"(\[pid [0-9/]+\] +[0-9]+\.[0-9]{6} [a-z_0-9]+\(.*)");
    for (const std::string& line : lines) {
        INFO(line);
        CHECK(std::regex_match(line, relative));
    }
}

TEST_CASE("-z, -Z and -P keep only the lines asked for", "[root][cli][strace]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::vector<std::string> cat{"cat", "/etc/passwd", "/etc/nonexistent"};
    const RunResult ok = runIn(rootfs, {"-z"}, cat);
    INFO(ok.describe());
    CHECK(!has(ok.err, "ENOENT"));
    CHECK(has(ok.err, "/etc/passwd"));
    const RunResult failed = runIn(rootfs, {"-Z"}, cat);
    for (const std::string& line : logLines(failed.err)) {
        INFO(line);
        CHECK(has(line, "= -1 "));
    }
    CHECK(has(failed.err, "/etc/nonexistent"));
    const RunResult path = runIn(rootfs, {"-P", "/etc/passwd"}, cat);
    const std::vector<std::string> lines = logLines(path.err);
    REQUIRE(!lines.empty());
    bool sawFdUse = false;
    for (const std::string& line : lines) {
        INFO(line);
        CHECK(has(line, "/etc/passwd"));
        if (!has(line, "openat(")) sawFdUse = true;
    }
    CHECK(sawFdUse);  // the fd's uses (sendfile, close) count, not only the open that named it
}
