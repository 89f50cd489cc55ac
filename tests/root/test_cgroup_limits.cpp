// Root: --memory, --pids and --cpus on this machine's real cgroups (v1 controllers here; v2 is
// unit-tested on a fake tree). Each limit is shown to bite by the program's own account, by the
// tracer's syscall records and by the kernel's counters in the summary; every run, however it
// ends, leaves no scratch-trace-* cgroup behind.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// Skips unless the controllers this machine should have are mounted somewhere.
void requireCgroups() {
    requireRoot();
    const std::string mounts = slurp("/proc/self/mountinfo");
    if (!has(mounts, " - cgroup ") && !has(mounts, " - cgroup2 ")) skipTest("no cgroupfs mounted");
}

json cgroupOf(const Trace& trace) { return trace.summary().value("cgroup", json()); }

/// The summary's cgroup directories must all be gone, and no other run cgroup appeared.
void checkNoCgroupLeft(const json& cgroup, const std::vector<std::string>& before) {
    REQUIRE(cgroup.is_object());
    REQUIRE_FALSE(cgroup.at("paths").empty());
    for (const auto& path : cgroup.at("paths")) {
        INFO(path.get<std::string>());
        CHECK(fs::path(path.get<std::string>()).filename().string().rfind("scratch-trace-", 0) ==
              0);
        CHECK_FALSE(fs::exists(path.get<std::string>()));
    }
    const auto added = runCgroupsAdded(before);
    INFO("left: " << (added.empty() ? "" : added.front()));
    CHECK(added.empty());
}

}  // namespace

TEST_CASE("--pids 20 stops a fork loop: EAGAIN, counted three ways", "[root][cgroup]") {
    requireCgroups();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "fork_loop");
    const auto before = runCgroups();
    const Trace trace = traceRun({"--pids", "20"}, rootfs, {prog, "100"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    int forked = -1;
    int refused = -1;
    int eagain = -1;
    REQUIRE(std::sscanf(trace.run.out.c_str(), "forked %d refused %d eagain %d", &forked, &refused,
                        &eagain) == 3);
    CHECK(forked < 20);
    CHECK(refused == 100 - forked);
    CHECK(eagain == refused);  // fork failed with EAGAIN, as the pids controller says
    int tracedEagain = 0;
    for (const json& call : trace.syscalls()) {
        if ((str(call, "name") == "clone" || str(call, "name") == "fork" ||
             str(call, "name") == "clone3") &&
            str(call, "errno") == "EAGAIN") {
            ++tracedEagain;
        }
    }
    CHECK(tracedEagain == refused);
    const json cgroup = cgroupOf(trace);
    REQUIRE(cgroup.is_object());
    CHECK(cgroup.at("pids_max") == 20);
    CHECK(cgroup.at("pids_refused") == refused);
    CHECK(cgroup.at("memory_max").is_null());
    CHECK(has(trace.run.err,
              "limits:     pids 20 (hit: " + std::to_string(refused) + " forks refused)"));
    const json setup = trace.records.front().at("isolation").value("setup", json::array());
    CHECK(std::find(setup.begin(), setup.end(), "pids=20") != setup.end());
    checkNoCgroupLeft(cgroup, before);
}

TEST_CASE("--memory 32M: a memory hog is OOM-killed and the report says so", "[root][cgroup]") {
    requireCgroups();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "memory_hog");
    const auto before = runCgroups();
    const Trace trace = traceRun({"--memory", "32M"}, rootfs, {prog, "512"});
    INFO(trace.describe());
    CHECK(trace.run.exitCode == 128 + SIGKILL);
    CHECK_FALSE(has(trace.run.out, "survived"));
    bool hogKilled = false;
    for (const json& exit : trace.processes("exit")) {
        if (exit.value("nspid", json()) == 1 && str(exit, "signal") == "SIGKILL") hogKilled = true;
    }
    CHECK(hogKilled);
    const json cgroup = cgroupOf(trace);
    REQUIRE(cgroup.is_object());
    CHECK(cgroup.at("memory_max") == 32 << 20);
    CHECK(cgroup.at("oom_kills").get<int>() >= 1);
    CHECK(cgroup.at("memory_peak").get<int64_t>() <= int64_t{32} << 20);
    CHECK(has(trace.run.err, "limits:     memory 32 MiB (hit: "));
    CHECK(has(trace.run.err, "OOM kill"));
    checkNoCgroupLeft(cgroup, before);

    // Without the limit the same program ends by itself: the bound holds, the limit did it.
    const Trace free = traceRun({}, rootfs, {prog, "48"});
    CHECK(free.run.exitCode == 3);
    CHECK(has(free.run.out, "survived 48 MiB"));
    CHECK(cgroupOf(free).is_null());  // no limit option: no cgroup
}

TEST_CASE("--cpus 0.2 throttles a CPU loop", "[root][cgroup]") {
    requireCgroups();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "cpu_spin");
    const auto before = runCgroups();
    const Trace trace = traceRun({"--cpus", "0.2"}, rootfs, {prog, "1"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    long long cpuUs = 0;
    long long wallUs = 0;
    REQUIRE(std::sscanf(trace.run.out.c_str(), "cpu_us %lld wall_us %lld", &cpuUs, &wallUs) == 2);
    REQUIRE(wallUs >= 900000);
    // The quota is 20 ms per 100 ms period; other load can only lower the share, never raise it.
    CHECK(static_cast<double>(cpuUs) / static_cast<double>(wallUs) < 0.35);
    const json cgroup = cgroupOf(trace);
    REQUIRE(cgroup.is_object());
    CHECK(cgroup.at("cpus") == 0.2);
    CHECK(cgroup.at("cpu_throttled_periods").get<int>() > 0);
    CHECK(has(trace.run.err, "cpus 0.2 (throttled in "));
    checkNoCgroupLeft(cgroup, before);
}

TEST_CASE("the run's cgroup goes however the run ends: --timeout, an error", "[root][cgroup]") {
    requireCgroups();
    const std::string rootfs = makeBusyboxRootfs();
    const auto before = runCgroups();
    SECTION("--timeout kills a sleeping container") {
        const Trace trace = traceRun({"--timeout", "0.5", "--pids", "50", "--memory", "256M"},
                                     rootfs, {"/bin/sh", "-c", "sleep 30 & sleep 30"});
        INFO(trace.describe());
        CHECK(trace.run.exitCode == 124);
        checkNoCgroupLeft(cgroupOf(trace), before);
    }
    SECTION("command not found: nothing is made") {
        const RunResult run = runScratch({"run", "-q", "--pids", "50", rootfs, "/bin/nope"});
        CHECK(run.exitCode == 127);
        CHECK(runCgroupsAdded(before).empty());
    }
}

TEST_CASE("bad limit values: one line, exit 2, nothing made", "[root][cgroup][errors]") {
    requireCgroups();
    const std::string rootfs = makeBusyboxRootfs();
    const auto before = runCgroups();
    for (const std::vector<std::string>& option :
         std::vector<std::vector<std::string>>{{"--memory", "12Q"},
                                               {"--pids", "0"},
                                               {"--cpus", "-1"},
                                               {"--cpus=-1"},
                                               {"--memory", ""},
                                               {"--pids", "1.5"}}) {
        std::vector<std::string> args = {"run", "-q"};
        args.insert(args.end(), option.begin(), option.end());
        args.insert(args.end(), {rootfs, "/bin/true"});
        const RunResult run = runScratch(args);
        INFO(run.describe());
        CHECK(run.exitCode == 2);
        CHECK(run.err.rfind("scratch-trace: ", 0) == 0);
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    }
    CHECK(runCgroupsAdded(before).empty());
}

TEST_CASE("no cgroup support: one clear line, exit 125, before anything runs",
          "[root][cgroup][errors]") {
    requireCgroups();
    if (::system("command -v unshare >/dev/null 2>&1") != 0) skipTest("no unshare(1)");
    const std::string rootfs = makeBusyboxRootfs();
    TempDir dir("scratch-nocg");
    const fs::path jsonFile = dir.path() / "t.jsonl";
    // A private mount namespace where no cgroup hierarchy is mounted.
    const std::string script =
        "umount -R /sys/fs/cgroup 2>/dev/null || umount -l /sys/fs/cgroup || exit 99; "
        "grep -q ' - cgroup' /proc/self/mountinfo && exit 98; "
        "exec \"$0\" \"$@\"";
    const pid_t pid = fork();
    if (pid == 0) {
        const std::string bin = SCRATCH_BINARY;
        const std::string out = (dir.path() / "out").string();
        const std::string err = (dir.path() / "err").string();
        if (freopen(out.c_str(), "w", stdout) == nullptr) _exit(121);
        if (freopen(err.c_str(), "w", stderr) == nullptr) _exit(121);
        execlp("unshare", "unshare", "-m", "--propagation", "private", "sh", "-c", script.c_str(),
               bin.c_str(), "run", "-q", "--json", jsonFile.c_str(), "--memory", "64M",
               rootfs.c_str(), "/bin/true", static_cast<char*>(nullptr));
        _exit(121);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    const std::string err = slurp(dir.path() / "err");
    INFO(err);
    REQUIRE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 99 || WEXITSTATUS(status) == 98) {
        skipTest("could not unmount the cgroup hierarchies in a private mount namespace");
    }
    CHECK(WEXITSTATUS(status) == 125);
    CHECK(err.rfind("scratch-trace: cgroup: no memory controller available", 0) == 0);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
    // Refused before the trace started: not even the start record was written.
    CHECK(slurp(jsonFile).empty());
}
