// io_uring is a blind spot of syscall tracing: an IORING_OP_OPENAT opens a file with no openat
// syscall to stop at. The tracer cannot see the path, so it must say that it could not.
#include <catch2/catch.hpp>

#include "support/Harness.h"

TEST_CASE("io_uring use is reported as a blind spot", "[root][io_uring]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "io_uring_open");
    // The default seccomp profile refuses io_uring (test_container_defaults.cpp): unconfined.
    const Trace trace = traceRun({"--seccomp", "unconfined"}, rootfs, {prog});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    if (trace.run.out.find("SKIP") != std::string::npos) skipTest(trace.run.out);
    CHECK_FALSE(trace.syscalls("io_uring_setup").empty());
    const std::vector<json> blind = trace.findings("blind-spot");
    REQUIRE_FALSE(blind.empty());
    CHECK(str(blind.front(), "severity") == "warning");
}
