// Tracee memory reads must show nothing the kernel itself could not read (PROT_NONE: the
// syscall fails with EFAULT) and, after an exec, the new address space, even when the old one
// lives on (a vfork child's parent). tests/progs/mem_reads.c says why these two.
#include <catch2/catch.hpp>
#include <string>

#include "support/Harness.h"

namespace {
constexpr const char* kSecret = "mem-reads-prot-none";

/// One traced run of mem_reads serves both test cases.
const Trace& memReadsTrace() {
    static const Trace trace = traceOnHost({progPath("mem_reads")});
    return trace;
}
}  // namespace

TEST_CASE("reads through /proc/TID/mem show nothing the kernel refused", "[memory]") {
    const Trace& trace = memReadsTrace();
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);

    int refused = 0;
    int shown = 0;
    for (const json& call : trace.syscalls("write")) {
        const std::string args = argsText(call);
        if (str(call, "errno") == "EFAULT") {
            INFO(call.dump());
            CHECK(args.find(kSecret) == std::string::npos);
            ++refused;
        } else if (args.find(kSecret) != std::string::npos) {
            ++shown;  // the same bytes once the page is readable again
        }
    }
    CHECK(refused == 1);
    CHECK(shown == 1);

    int refusedOpens = 0;
    for (const json& call : trace.syscalls()) {
        const std::string name = str(call, "name");
        if ((name != "open" && name != "openat") || str(call, "errno") != "EFAULT") continue;
        INFO(call.dump());
        CHECK(argsText(call).find(kSecret) == std::string::npos);
        for (const json& p : call.value("paths", json::array())) {
            CHECK(givenPath(p).find(kSecret) == std::string::npos);
        }
        ++refusedOpens;
    }
    CHECK(refusedOpens == 1);
}

TEST_CASE("reads after a vfork child's exec see the new program's memory", "[memory][exec]") {
    const Trace& trace = memReadsTrace();
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);

    int before = 0;
    int after = 0;
    for (const json& call : trace.syscalls("write")) {
        const std::string args = argsText(call);
        INFO(call.dump());
        // The parent's copy of the marker must never be what a post-exec write shows.
        CHECK(args.find("parent-memory") == std::string::npos);
        if (args.find("child-before-exec") != std::string::npos) ++before;
        if (args.find("child-after-exec") != std::string::npos) ++after;
    }
    CHECK(before == 10);
    CHECK(after == 10);
}
