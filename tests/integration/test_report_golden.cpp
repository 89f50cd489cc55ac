// `scratch-trace report TRACE --format F` as a user runs it (the binary, stdout, -o, stdin),
// against the golden files in tests/golden/: each format of each golden trace, byte for byte.
// The unit tests render the same goldens in process; this proves the command adds nothing (no
// time, no host name, no path of its own) and writes the same bytes to a file as to stdout.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>

#include "support/Golden.h"
#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

const char* const kTraces[] = {"replay_small", "replay_escape"};

const std::pair<const char*, const char*> kFormats[] = {
    {"text", ".txt"},
    {"md", ".md"},
    {"html", ".html"},
    {"json", ".json"},
    {"perfetto", ".perfetto.json"},
    {"seccomp", ".seccomp.json"},
};

}  // namespace

TEST_CASE("report: every format of every golden trace is the golden file", "[report][golden]") {
    for (const char* trace : kTraces) {
        const std::string input = goldenPath(std::string(trace) + ".jsonl");
        for (const auto& [format, suffix] : kFormats) {
            INFO("scratch-trace report " << input << " --format " << format);
            const RunResult run = runScratch({"report", input, "--format", format}, shortRun());
            {
                INFO(run.describe());  // scoped: a golden mismatch prints its diff, not all this
                REQUIRE(run.exitCode == 0);
                CHECK(run.err.empty());
            }
            checkGolden(run.out, std::string(trace) + suffix);
        }
    }
}

TEST_CASE("report: -o FILE and stdin give the same bytes as stdout", "[report][golden]") {
    TempDir dir;
    const std::string input = goldenPath("replay_escape.jsonl");
    for (const auto& [format, suffix] : kFormats) {
        INFO(format);
        const fs::path out = dir.path() / (std::string("r") + suffix);
        const RunResult run =
            runScratch({"report", input, "--format", format, "-o", out.string()}, shortRun());
        INFO(run.describe());
        REQUIRE(run.exitCode == 0);
        CHECK(run.out.empty());
        CHECK(slurp(out) == readGolden(std::string("replay_escape") + suffix));
        CHECK_FALSE(fs::exists(out.string() + ".tmp"));
    }
    // TRACE "-": the trace on stdin.
    std::string fromStdin;
    const std::string command =
        std::string("'") + SCRATCH_BINARY + "' report - --format md < '" + input + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        fromStdin.append(buffer, n);
    }
    CHECK(::pclose(pipe) == 0);
    CHECK(fromStdin == readGolden("replay_escape.md"));
    // runScratch's stdin is /dev/null: an empty trace is one error line and status 125.
    const RunResult empty = runScratch({"report", "-", "--format", "md"}, shortRun());
    CHECK(empty.exitCode == 125);
    CHECK(empty.out.empty());
    CHECK(empty.err == "scratch-trace: <stdin>: empty trace (no start record)\n");
}
