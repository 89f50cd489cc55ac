// Integration (ptrace on the host's root): stress. A bounded fork storm, 200 threads opening and
// closing a file, and a storm of 10,000 queued signals. Counts in the stream are checked against
// the programs' own counts; nothing may hang or be lost.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>

#include "support/Harness.h"

namespace {}  // namespace

TEST_CASE("a fork storm of 300 processes is followed to the end", "[integration][stress][fork]") {
    requireRoot();
    const Trace trace = traceOnHost({progPath("fork_storm"), "20", "14"}, shortRun());
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(has(trace.run.out, "processes=300 workers ok=20/20"));
    CHECK(trace.run.exitCode == 0);
    REQUIRE_FALSE(trace.records.empty());
    CHECK(str(trace.records.back(), "type") == "summary");
    std::set<int64_t> spawned;
    std::set<int64_t> exited;
    for (const json& spawn : trace.processes("spawn")) {
        if (str(spawn, "phase") == "workload" && !spawn.value("thread", false)) {
            spawned.insert(num(spawn, "pid"));
        }
    }
    for (const json& exit : trace.processes("exit")) exited.insert(num(exit, "pid"));
    CHECK(spawned.size() == 300);
    for (int64_t pid : spawned) {
        INFO("no exit for " << pid);
        CHECK(exited.count(pid) == 1);
    }
    // Each of the 280 grandchildren made its one getppid.
    std::set<int64_t> callers;
    for (const json& call : trace.syscalls("getppid")) callers.insert(num(call, "pid"));
    CHECK(callers.size() == 280);
}

TEST_CASE("200 threads opening and closing: every call recorded",
          "[integration][stress][threads]") {
    requireRoot();
    TempDir dir;
    const std::string file = (dir.path() / "target").string();
    std::ofstream(file) << "x\n";
    constexpr int kThreads = 200;
    constexpr int kIterations = 50;
    const Trace trace = traceOnHost(
        {progPath("threads"), std::to_string(kThreads), std::to_string(kIterations), file},
        shortRun());
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(has(trace.run.out, "opens=" + std::to_string(kThreads * kIterations)));
    CHECK(trace.run.exitCode == 0);
    std::map<int64_t, int> opens;
    std::map<int64_t, int> closes;
    std::map<int64_t, std::set<int64_t>> fdsOpened;  // per tid
    for (const json& call : trace.syscalls()) {
        const std::string name = str(call, "name");
        const int64_t tid = num(call, "pid");
        if (name == "openat" || name == "open") {
            for (const json& p : call.value("paths", json::array())) {
                if (givenPath(p) == file && num(call, "ret") >= 0) {
                    ++opens[tid];
                    fdsOpened[tid].insert(num(call, "ret"));
                }
            }
        } else if (name == "close" && opens.contains(tid) && num(call, "ret") == 0) {
            ++closes[tid];
        }
    }
    CHECK(opens.size() == kThreads);
    int totalOpens = 0;
    int totalCloses = 0;
    for (const auto& [tid, count] : opens) {
        INFO("tid " << tid);
        CHECK(count == kIterations);
        CHECK(closes[tid] == kIterations);
        totalOpens += count;
        totalCloses += closes[tid];
    }
    CHECK(totalOpens == kThreads * kIterations);
    CHECK(totalCloses == kThreads * kIterations);
    int threadExits = 0;
    for (const json& exit : trace.processes("exit")) {
        if (num(exit, "pid") != num(exit, "tgid")) ++threadExits;
    }
    CHECK(threadExits == kThreads);
    REQUIRE_FALSE(trace.records.empty());
    CHECK(str(trace.records.back(), "type") == "summary");
}

TEST_CASE("a storm of 10,000 signals during syscalls: none lost, nothing hangs",
          "[integration][stress][signals]") {
    requireRoot();
    const Trace trace = traceOnHost({progPath("signal_storm"), "10000"}, shortRun());
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    // The program's own count: every queued signal reached the handler once, in order, with
    // its si_value. Each handler run ends in rt_sigreturn: the stream must have as many.
    CHECK(has(trace.run.out, "sent 10000 received 10000 out-of-order 0"));
    CHECK(trace.run.exitCode == 0);
    int64_t receiver = -1;
    for (const json& exec : trace.processes("exec")) {
        if (has(str(exec, "exe"), "signal_storm")) receiver = num(exec, "pid");
    }
    int sigreturns = 0;
    int sigqueues = 0;
    for (const json& call : trace.syscalls()) {
        const std::string name = str(call, "name");
        if (name == "rt_sigreturn" && num(call, "pid") == receiver) ++sigreturns;
        if (name == "rt_sigqueueinfo" && num(call, "ret") == 0) ++sigqueues;
    }
    CHECK(sigqueues == 10000);
    CHECK(sigreturns == 10000);
    REQUIRE_FALSE(trace.records.empty());
    CHECK(str(trace.records.back(), "type") == "summary");
}
