// Integration (ptrace, no root switch): threads, exec from a thread and vfork. Each program is
// traced on the host's root (`--root-mode none --proc none /`); the JSON stream must account for
// every task and every syscall the program itself counted.
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

TEST_CASE("every thread's opens are recorded, none lost", "[integration][threads]") {
    requireRoot();
    TempDir dir;
    const std::string file = (dir.path() / "target").string();
    std::ofstream(file) << "x\n";
    constexpr int kThreads = 8;
    constexpr int kIterations = 100;
    const Trace trace = traceOnHost(
        {progPath("threads"), std::to_string(kThreads), std::to_string(kIterations), file});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(trace.run.out.find("opens=" + std::to_string(kThreads * kIterations)) !=
          std::string::npos);

    std::map<int64_t, int> opensPerTid;
    int unfinished = 0;
    for (const json& call : trace.syscalls()) {
        const std::string name = str(call, "name");
        if (name != "openat" && name != "open") continue;
        for (const json& p : call.value("paths", json::array())) {
            if (givenPath(p) != file) continue;
            ++opensPerTid[num(call, "pid")];
            if (!call.value("finished", true) || num(call, "ret") < 0) ++unfinished;
        }
    }
    CHECK(unfinished == 0);
    int total = 0;
    for (const auto& [tid, count] : opensPerTid) {
        INFO("tid " << tid);
        CHECK(count == kIterations);
        total += count;
    }
    CHECK(opensPerTid.size() == kThreads);
    CHECK(total == kThreads * kIterations);

    // Each worker is a thread spawn, and none of the openers is the leader.
    int threadSpawns = 0;
    for (const json& spawn : trace.processes("spawn")) {
        if (spawn.value("thread", false)) ++threadSpawns;
    }
    CHECK(threadSpawns == kThreads);
    for (const json& call : trace.syscalls("openat")) {
        for (const json& p : call.value("paths", json::array())) {
            if (givenPath(p) == file) CHECK(num(call, "pid") != num(call, "tgid"));
        }
    }
    CHECK(trace.summary().is_object());
}

TEST_CASE("an execve from a non-leader thread is recorded", "[integration][exec]") {
    requireRoot();
    ScratchOptions options;
    options.timeoutSeconds = 60;
    const Trace trace = traceOnHost({progPath("exec_from_thread"), "/bin/true"}, options);
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(trace.run.exitCode == 0);

    bool execSyscall = false;
    for (const json& call : trace.syscalls("execve")) {
        if (argsText(call).find("/bin/true") != std::string::npos && num(call, "ret", 0) == 0) {
            execSyscall = true;
        }
    }
    bool execEvent = false;
    for (const json& exec : trace.processes("exec")) {
        const std::string exe = str(exec, "exe");
        const json argv = exec.value("argv", json::array());
        if (exe.find("true") != std::string::npos || (!argv.empty() && argv[0] == "/bin/true")) {
            execEvent = true;
        }
    }
    CHECK(execSyscall);
    CHECK(execEvent);
    // The exec'ing thread was a thread: some spawn in the workload is a thread.
    int threadSpawns = 0;
    for (const json& spawn : trace.processes("spawn")) {
        if (spawn.value("thread", false)) ++threadSpawns;
    }
    CHECK(threadSpawns >= 1);
}

TEST_CASE("a vfork child is traced from its first instruction", "[integration][vfork]") {
    requireRoot();
    ScratchOptions options;
    options.timeoutSeconds = 60;
    const Trace trace = traceOnHost({progPath("vfork_exec"), "/bin/true"}, options);
    INFO(trace.describe());
    REQUIRE_FALSE(trace.run.timedOut);
    CHECK(trace.run.exitCode == 0);

    // The program's own pid is the one whose exec ran vfork_exec.
    int64_t parent = -1;
    for (const json& exec : trace.processes("exec")) {
        if (str(exec, "exe").find("vfork_exec") != std::string::npos) parent = num(exec, "tgid");
    }
    REQUIRE(parent > 0);
    bool vforkSeen = false;
    for (const json& call : trace.syscalls()) {
        const std::string name = str(call, "name");
        if (num(call, "tgid") != parent) continue;
        if (name == "vfork" || ((name == "clone" || name == "clone3") &&
                                argsText(call).find("CLONE_VFORK") != std::string::npos)) {
            vforkSeen = true;
        }
    }
    CHECK(vforkSeen);
    bool childExec = false;
    for (const json& call : trace.syscalls("execve")) {
        if (num(call, "tgid") != parent && argsText(call).find("/bin/true") != std::string::npos &&
            num(call, "ret", 0) == 0) {
            childExec = true;
        }
    }
    CHECK(childExec);
    // /bin/true's own syscalls after the exec are there too (dynamic loader, exit_group).
    bool childExit = false;
    for (const json& call : trace.syscalls("exit_group")) {
        if (num(call, "tgid") != parent) childExit = true;
    }
    CHECK(childExit);
}

namespace {

/// Per-syscall call counts from `strace -f -c` (the oracle): the 4th column is "calls", the
/// last the syscall name, whether or not the errors column is filled.
std::map<std::string, int64_t> straceCounts(const std::vector<std::string>& command) {
    TempDir dir("scratch-strace");
    const std::string out = (dir.path() / "counts").string();
    std::string line = "strace -f -qq -c -o '" + out + "'";
    for (const std::string& arg : command) line += " '" + arg + "'";
    line += " >/dev/null 2>&1";
    std::map<std::string, int64_t> counts;
    if (std::system(line.c_str()) != 0) return counts;
    std::ifstream in(out);
    std::string row;
    while (std::getline(in, row)) {
        std::istringstream words(row);
        std::vector<std::string> tokens;
        for (std::string w; words >> w;) tokens.push_back(w);
        if (tokens.size() < 5 || !std::isdigit(static_cast<unsigned char>(tokens[0][0]))) continue;
        if (tokens.back() == "total") continue;
        counts[tokens.back()] = std::stoll(tokens[3]);
    }
    return counts;
}

}  // namespace

TEST_CASE("per-syscall counts agree with strace -f", "[integration][oracle]") {
    requireRoot();
    if (std::system("command -v strace >/dev/null 2>&1") != 0) skipTest("strace not installed");
    TempDir dir;
    const std::string file = (dir.path() / "target").string();
    std::ofstream(file) << "x\n";
    const std::vector<std::string> command = {progPath("threads"), "6", "40", file};
    const std::map<std::string, int64_t> oracle = straceCounts(command);
    REQUIRE_FALSE(oracle.empty());
    const Trace trace = traceOnHost(command);
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    std::map<std::string, int64_t> ours;
    for (const json& call : trace.syscalls()) {
        if (str(call, "phase") == "workload") ++ours[str(call, "name")];
    }
    // Deterministic calls only: futex and scheduling-dependent calls vary from run to run, and
    // strace -c does not count calls that never return (exit, exit_group).
    for (const char* name : {"openat", "close", "clone", "clone3", "set_robust_list", "rseq"}) {
        INFO(name);
        CHECK(ours[name] == (oracle.contains(name) ? oracle.at(name) : 0));
    }
}
