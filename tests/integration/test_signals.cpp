// Integration (ptrace, no root switch): stops, signals and deaths. None of these may hang the
// tracer or change what the program sees; the stream must show the kernel's restart codes.
#include <catch2/catch.hpp>
#include <set>

#include "support/Harness.h"

namespace {

/// The kernel-internal codes a tracer sees at syscall-exit when a signal interrupts a call.
bool isRestartReturn(const json& call) {
    const int64_t ret = num(call, "ret", 0);
    return str(call, "errno").rfind("ERESTART", 0) == 0 || ret == -512 || ret == -513 ||
           ret == -514 || ret == -516;
}

}  // namespace

TEST_CASE("a group-stop of a traced child does not hang the tracer", "[integration][stop]") {
    requireRoot();
    const Trace trace = traceOnHost({progPath("group_stop")}, shortRun());
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(trace.run.exitCode == 0);
    CHECK(trace.run.out.find("child stopped by 19") != std::string::npos);
    CHECK(trace.run.out.find("continued and exited 0") != std::string::npos);
    CHECK(trace.summary().is_object());
}

TEST_CASE("signals interrupting syscalls show the restart", "[integration][signals]") {
    requireRoot();
    const Trace trace = traceOnHost({progPath("signal_during_syscall")}, shortRun());
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(trace.run.exitCode == 0);
    CHECK(trace.run.out.find("read with SA_RESTART: restarted, returned 1") != std::string::npos);

    int restartReturns = 0;
    int restartNamed = 0;
    int restartedReads = 0;
    for (const json& call : trace.syscalls()) {
        if (!isRestartReturn(call)) continue;
        ++restartReturns;
        if (str(call, "errno").rfind("ERESTART", 0) == 0) ++restartNamed;
        if (str(call, "name") == "read") ++restartedReads;
    }
    CHECK(restartReturns >= 3);  // nanosleep, read without and with SA_RESTART (+ the child)
    CHECK(restartedReads >= 2);
    // strace spells these ERESTARTSYS / ERESTART_RESTARTBLOCK; a bare E512 helps nobody.
    CHECK(restartNamed == restartReturns);
    CHECK_FALSE(trace.syscalls("restart_syscall").empty());
}

TEST_CASE("a task killed in the middle of a syscall does not hang the tracer",
          "[integration][kill]") {
    requireRoot();
    const Trace trace = traceOnHost({progPath("killed_mid_syscall")}, shortRun());
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(trace.run.exitCode == 0);
    CHECK(trace.run.out.find("killed by SIGKILL") != std::string::npos);
    bool killedExit = false;
    for (const json& exit : trace.processes("exit")) {
        if (str(exit, "signal") == "SIGKILL" || num(exit, "exit_code") == 128 + 9) {
            killedExit = true;
        }
    }
    CHECK(killedExit);
    CHECK(trace.summary().is_object());
}

TEST_CASE("orphans and late-reaped zombies are followed to the end", "[integration][zombie]") {
    requireRoot();
    const Trace trace = traceOnHost({progPath("zombie_orphan")}, shortRun());
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(trace.run.exitCode == 0);
    CHECK(trace.run.out.find("reaped late with 7") != std::string::npos);
    // main, the middle child, the orphan and the zombie: four processes exit.
    int64_t workloadTgid = -1;
    for (const json& exec : trace.processes("exec")) {
        if (str(exec, "exe").find("zombie_orphan") != std::string::npos) {
            workloadTgid = num(exec, "tgid");
        }
    }
    std::set<int64_t> exited;
    for (const json& exit : trace.processes("exit")) exited.insert(num(exit, "pid"));
    CHECK(exited.size() >= 4);
    std::set<int64_t> spawned;
    for (const json& spawn : trace.processes("spawn")) {
        if (!spawn.value("thread", false)) spawned.insert(num(spawn, "pid"));
    }
    CHECK(spawned.size() >= 3);
    CHECK(workloadTgid > 0);
}
