// The tracer remembers path resolutions between syscalls (docs/tracer.md, "Path attribution"):
// what it remembers must stay true while the container creates, truncates and removes files.
// An O_CREAT open that creates a file drops what was remembered (here: that /tmp/made did not
// exist); one that only truncates an existing file (`>/dev/null` in every shell loop) keeps it.
#include <catch2/catch.hpp>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace {

/// The `exists` flag of every stat-like look at `path`, in trace order.
std::vector<bool> statsOf(const Trace& trace, const std::string& path) {
    static const std::set<std::string> kStats = {"stat",      "lstat",  "newfstatat", "statx",
                                                 "fstatat64", "stat64", "lstat64"};
    std::vector<bool> seen;
    for (const json& call : trace.syscalls()) {
        if (!kStats.contains(str(call, "name"))) continue;
        for (const json& p : call.value("paths", json::array())) {
            if (givenPath(p) == path) seen.push_back(p.value("exists", false));
        }
    }
    return seen;
}

}  // namespace

TEST_CASE("remembered resolutions follow files created, truncated and removed", "[root][paths]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    // stat before, after creating, after truncating, after removing; then the same name as a
    // directory, so a remembered "regular file" would also be caught by its mode.
    const Trace trace = traceRun({}, rootfs,
                                 {"/bin/sh", "-c",
                                  "stat /tmp/made; : > /tmp/made; stat /tmp/made; : > /tmp/made; "
                                  "stat /tmp/made; rm /tmp/made; stat /tmp/made; true"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    // rm may look at the file too before it unlinks it: every look between the first
    // redirect and rm's unlink sees a file, the ones before and after see none.
    const std::vector<bool> stats = statsOf(trace, "/tmp/made");
    REQUIRE(stats.size() >= 4);
    CHECK_FALSE(stats.front());
    CHECK_FALSE(stats.back());
    for (size_t i = 1; i + 1 < stats.size(); ++i) CHECK(stats[i]);
}
