// Bad input to `run`: each mistake gives one line on stderr, its documented exit status
// (docs/cli.md, common/Error.h) and leaves nothing mounted or running.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

int lineCount(const std::string& text) {
    int lines = 0;
    for (char c : text) lines += c == '\n';
    if (!text.empty() && text.back() != '\n') ++lines;
    return lines;
}

void checkFails(const std::vector<std::string>& args, int status, const fs::path& watched) {
    const auto processes = hostProcesses();
    const RunResult result = runScratch(args);
    INFO(result.describe());
    CHECK(result.exitCode == status);
    CHECK(lineCount(result.err) == 1);
    CHECK(result.err.rfind("scratch-trace: ", 0) == 0);
    CHECK(mountsUnder(watched).empty());
    CHECK(strayProcesses(processes, watched.string()).empty());
}

}  // namespace

TEST_CASE("bad rootfs arguments: one line, status 125", "[root][errors]") {
    requireRoot();
    TempDir dir;
    SECTION("missing") {
        checkFails({"run", (dir.path() / "nope").string(), "ps"}, 125, dir.path());
    }
    SECTION("a regular file") {
        const fs::path file = dir.path() / "file";
        std::ofstream(file) << "not a rootfs\n";
        checkFails({"run", file.string(), "ps"}, 125, dir.path());
    }
    SECTION("empty") {
        fs::create_directory(dir.path() / "empty");
        checkFails({"run", (dir.path() / "empty").string(), "ps"}, 125, dir.path());
    }
}

TEST_CASE("bad commands: 127 not found, 126 not executable", "[root][errors]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    SECTION("not found") { checkFails({"run", rootfs, "no-such-command"}, 127, rootfs); }
    SECTION("not found, absolute") { checkFails({"run", rootfs, "/bin/no-such"}, 127, rootfs); }
    SECTION("not executable") {
        std::ofstream(rootfs + "/bin/not-executable") << "#!/bin/sh\necho hi\n";
        fs::permissions(rootfs + "/bin/not-executable", fs::perms(0644));
        checkFails({"run", rootfs, "/bin/not-executable"}, 126, rootfs);
    }
}

TEST_CASE("bad options: status 2", "[root][errors]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    SECTION("unknown option") { checkFails({"run", "--no-such-option", rootfs, "ps"}, 2, rootfs); }
    SECTION("bad root mode") {
        checkFails({"run", "--root-mode", "sideways", rootfs, "ps"}, 2, rootfs);
    }
    SECTION("no command") { checkFails({"run", rootfs}, 2, rootfs); }
    SECTION("-q with -o: no log file is created") {
        const fs::path log = fs::path(rootfs) / "quiet.log";
        checkFails({"run", "-q", "-o", log.string(), rootfs, "true"}, 2, rootfs);
        CHECK_FALSE(fs::exists(log));
    }
}
