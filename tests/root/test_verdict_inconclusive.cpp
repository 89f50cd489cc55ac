// The third verdict against a real container: an io_uring whose submissions a kernel thread
// polls (SQPOLL) opens a file with no syscall at all. No leak is seen, but the tracer cannot
// vouch for what the ring touched: `inconclusive`, a blind-spot finding, and --fail-on-leak
// exits 122 (docs/cli.md), in both root modes, with the default and with every capability.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/Harness.h"

TEST_CASE("an SQPOLL io_uring run is inconclusive, and --fail-on-leak says so", "[root][verdict]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "io_uring_sqpoll");
    for (const std::string mode : {"chroot", "pivot"}) {
        for (const bool allCaps : {false, true}) {
            std::vector<std::string> options = {"--seccomp", "unconfined", "--root-mode", mode,
                                                "--fail-on-leak"};
            if (allCaps) options.insert(options.end(), {"--cap-add", "ALL"});
            const Trace trace = traceRun(options, rootfs, {prog, "/etc/passwd"});
            INFO("--root-mode " << mode << (allCaps ? " --cap-add ALL" : "") << "\n"
                                << trace.describe());
            if (has(trace.run.out, "SKIP")) skipTest(trace.run.out);
            REQUIRE(has(trace.run.out, "io_uring_sqpoll: OPENAT(/etc/passwd) = "));
            CHECK(trace.verdict() == "inconclusive");
            const std::vector<json> blind = trace.findings("blind-spot");
            REQUIRE_FALSE(blind.empty());
            CHECK(str(blind.front(), "severity") == "warning");
            CHECK(has(str(blind.front(), "fix"), "io_uring"));
            // Nothing else: the file it opened is the rootfs's own.
            CHECK(trace.findings().size() == blind.size());
            CHECK(trace.run.exitCode == 122);
        }
    }
}
