// The seccomp profile a run writes (--seccomp-profile) is enough for the same workload and
// tight for anything else, when applied with --seccomp (issue: reports people read and tools
// consume; a profile that runc, crun and podman take).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/Harness.h"

namespace fs = std::filesystem;

TEST_CASE("a recorded profile is enough for its workload and tight for others", "[root][seccomp]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    TempDir dir;
    const std::string profile = (dir.path() / "profile.json").string();

    const RunResult record =
        runScratch({"run", "-q", "--seccomp-profile", profile, rootfs, "ls", "/etc"});
    INFO(record.describe());
    REQUIRE(record.exitCode == 0);
    std::ifstream in(profile);
    const json parsed = json::parse(in);
    CHECK(str(parsed, "defaultAction") == "SCMP_ACT_ERRNO");

    // Enough: the same workload runs under it and prints the same.
    const RunResult replay = runScratch({"run", "-q", "--seccomp", profile, rootfs, "ls", "/etc"});
    INFO(replay.describe());
    CHECK(replay.exitCode == 0);
    CHECK(replay.out == record.out);

    // Tight: mkdir was never made by `ls`, so it fails with EPERM, and the trace says so.
    const Trace denied = traceRun({"--seccomp", profile}, rootfs, {"mkdir", "/tmp/denied"});
    INFO(denied.describe());
    CHECK(denied.run.exitCode != 0);
    const auto mkdirs = denied.syscalls("mkdir");
    bool sawEperm = false;
    for (const json& call : mkdirs) {
        if (str(call, "phase") == "workload" && str(call, "errno") == "EPERM") sawEperm = true;
    }
    CHECK(sawEperm);
    CHECK_FALSE(fs::exists(fs::path(rootfs) / "tmp/denied"));

    // A profile that is not one: one line, exit 125, nothing run.
    const std::string bad = (dir.path() / "bad.json").string();
    std::ofstream(bad) << "{\"defaultAction\": \"SCMP_ACT_NOPE\"}";
    const RunResult refused = runScratch({"run", "-q", "--seccomp", bad, rootfs, "true"});
    CHECK(refused.exitCode == 125);
    CHECK(refused.err.find("unsupported action") != std::string::npos);
}
