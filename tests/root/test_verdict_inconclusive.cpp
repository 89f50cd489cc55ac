// The third verdict against a real container: an io_uring whose submissions a kernel thread
// polls (SQPOLL) opens a file with no syscall at all. No leak is seen, but the tracer cannot
// vouch for what the ring touched: `inconclusive`, a blind-spot finding, and --fail-on-leak
// exits 122 (docs/cli.md), in both root modes, with the default and with every capability.
// The four runs go through the library (run/TracedRun.h), whose outcome is what is checked;
// one run of the binary shows the exit status reaches the command line.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/Harness.h"
#include "support/LibraryRun.h"

TEST_CASE("an SQPOLL io_uring run is inconclusive, and --fail-on-leak says so", "[root][verdict]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "io_uring_sqpoll");
    forEachContainerSetting([&](const ContainerSetting& setting) {
        scratch::container::Spec spec;
        spec.rootfs = rootfs;
        spec.command = {prog, "/etc/passwd"};
        spec.seccompProfile = "unconfined";  // the default profile refuses io_uring
        setting.applyTo(spec);
        const LibraryRun run(spec);
        INFO(run.describe());
        if (has(run.out, "SKIP")) skipTest(run.out);
        REQUIRE(has(run.out, "io_uring_sqpoll: OPENAT(/etc/passwd) = "));
        CHECK(run.outcome.session.exitCode == 0);
        CHECK(run.summary().verdict() == "inconclusive");
        const auto blind = run.findings("blind-spot");
        REQUIRE_FALSE(blind.empty());
        CHECK(blind.front().severity == scratch::reports::Severity::Warning);
        CHECK(has(blind.front().fix, "io_uring"));
        // Nothing else: the file it opened is the rootfs's own.
        CHECK(run.summary().totalFindings() == blind.size());
        CHECK(run.exitStatus(/*failOnLeak=*/true) == 122);
        CHECK(run.exitStatus(/*failOnLeak=*/false) == 0);
    });
    const Trace trace =
        traceRun({"--seccomp", "unconfined", "--fail-on-leak"}, rootfs, {prog, "/etc/passwd"});
    INFO(trace.describe());
    CHECK(trace.verdict() == "inconclusive");
    CHECK(trace.run.exitCode == 122);
}
