// False alarms fail the verdict as much as misses: an ordinary program that does every ordinary
// kind of thing (tests/progs/ordinary.c) must come out `isolated` with no finding at all, in
// both root modes, with the default capabilities and with every capability.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace {

/// The findings whose message or host path mention `part`.
std::vector<json> findingsAbout(const Trace& trace, const std::string& part) {
    std::vector<json> out;
    for (const json& f : trace.findings()) {
        if (has(str(f, "message"), part) || has(str(f, "host"), part)) out.push_back(f);
    }
    return out;
}

}  // namespace

TEST_CASE("an ordinary program is isolated with no findings", "[root][verdict]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "ordinary");
    forEachContainerSetting([&](const ContainerSetting& setting) {
        const Trace trace = traceRun(setting.options(), rootfs, {prog});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        REQUIRE(has(trace.run.out, "ordinary: ok"));
        // Named per mechanism first, so a failure says which ordinary thing was taken for a
        // leak. These three need the resolver/invariant branch (Where::Anonymous for memfd
        // and the container's own namespace files; stdin reopened through /proc/self/fd/0
        // recognised as the standard stream): they may fail on a tree without it.
        CHECK(findingsAbout(trace, "memfd:").empty());           // needs resolver/invariant branch
        CHECK(findingsAbout(trace, "/ns/uts").empty());          // needs resolver/invariant branch
        CHECK(findingsAbout(trace, "uts:[").empty());            // needs resolver/invariant branch
        CHECK(findingsAbout(trace, "/proc/self/fd/0").empty());  // needs resolver/invariant
        // Then everything: not one finding, and the verdict says isolated. Until the
        // resolver/invariant branch is merged these fail with the three above (and only
        // with them): needs resolver/invariant branch.
        CHECK(trace.findings().empty());
        const json summary = trace.summary();
        REQUIRE(summary.is_object());
        CHECK(trace.verdict() == "isolated");
        CHECK(summary["counts"]["findings"]["leak"] == 0);
        CHECK(summary["counts"]["findings"]["warning"] == 0);
        CHECK(summary["counts"]["findings"]["info"] == 0);
        CHECK(summary["leaks_by_class"].empty());
    });
}
