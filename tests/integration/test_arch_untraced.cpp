// Integration (ptrace, no root switch): i386 syscalls from a 64-bit process, and children that
// ask not to be traced (CLONE_UNTRACED).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/Harness.h"

TEST_CASE("int $0x80 syscalls are named by the i386 table", "[integration][arch]") {
    requireRoot();
    TempDir dir;
    const std::string file = (dir.path() / "int80-target").string();
    std::ofstream(file) << "x\n";
    const Trace trace = traceOnHost({progPath("int80"), file});
    INFO(trace.describe());
    if (trace.run.out.find("SKIP") != std::string::npos) skipTest(trace.run.out);
    REQUIRE(trace.run.exitCode == 0);

    bool getpid = false;
    bool open = false;
    bool close = false;
    bool archField = false;
    for (const json& call : trace.syscalls()) {
        const std::string arch = str(call, "arch");
        if (arch == "i386") archField = true;
        if (arch != "i386" && !arch.empty()) continue;
        const std::string name = str(call, "name");
        if (name == "getpid") getpid = true;
        if (name == "close") close = true;
        if (name == "open") {
            for (const json& p : call.value("paths", json::array())) {
                if (givenPath(p) == file) open = true;
            }
            if (argsText(call).find(file) != std::string::npos) open = true;
        }
    }
    CHECK(archField);
    CHECK(getpid);
    CHECK(open);
    CHECK(close);
    // Misnamed as x86_64 they would be writev(20)/fstat(5)/lstat(6) with the i386 arguments.
    for (const json& call : trace.syscalls("writev")) CHECK(str(call, "arch") != "i386");
}

TEST_CASE("CLONE_UNTRACED children stay traced and are reported", "[integration][untraced]") {
    requireRoot();
    TempDir dir;
    const std::string file = (dir.path() / "untraced-target").string();
    std::ofstream(file) << "x\n";
    const Trace trace = traceOnHost({progPath("untraced_clone"), file});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(trace.run.out.find("clone child") != std::string::npos);

    int64_t parent = -1;
    for (const json& exec : trace.processes("exec")) {
        if (str(exec, "exe").find("untraced_clone") != std::string::npos) {
            parent = num(exec, "tgid");
        }
    }
    std::set<int64_t> openers;
    for (const json& call : trace.syscalls()) {
        for (const json& p : call.value("paths", json::array())) {
            if (givenPath(p) == file && num(call, "tgid") != parent) {
                openers.insert(num(call, "tgid"));
            }
        }
    }
    const bool clone3Works = trace.run.out.find("clone3 child") != std::string::npos;
    CHECK(openers.size() == (clone3Works ? 2U : 1U));
    CHECK_FALSE(trace.findings("untraced-task").empty());
}
