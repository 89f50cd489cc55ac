// Root: a real container (busybox rootfs, fresh /proc, chroot or pivot_root) whose scratch-trace
// is interrupted. SIGKILL of scratch-trace must take the container with it (PTRACE_O_EXITKILL on
// every tracee, PR_SET_PDEATHSIG on the init) and leave nothing mounted; SIGINT must stop it and
// still write the summary. Afterwards: no process with its root in the rootfs, the host's mount
// table as before, nothing mounted under the rootfs, no scratch-trace-* cgroup (the runs have
// --pids/--memory limits; after SIGKILL the next run removes the dead run's cgroup).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// The process group of a process (field 5 of /proc/PID/stat), or -1.
pid_t processGroup(pid_t pid) {
    const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    long ppid = 0;
    long pgrp = -1;
    rest >> state >> ppid >> pgrp;
    return static_cast<pid_t>(pgrp);
}

/// New processes of the run: in scratch-trace's process group (it leads its own group and
/// nothing in these runs leaves it), or with their root or exe in the rootfs. After pivot_root
/// /proc/PID/root no longer names the rootfs, so the group is what finds those.
std::vector<std::string> runProcesses(const std::map<pid_t, std::string>& before,
                                      const std::string& rootfs, pid_t group) {
    std::vector<std::string> out = strayProcesses(before, rootfs);
    for (const auto& [pid, comm] : hostProcesses()) {
        if (!before.contains(pid) && pid != group && processGroup(pid) == group) {
            out.push_back(std::to_string(pid) + " " + comm + " (in the run's process group)");
        }
    }
    return out;
}

/// Polls until runProcesses is empty (or `seconds` pass): a killed process may sit as a zombie
/// for a moment until the host's init reaps it.
std::vector<std::string> strayAfter(const std::map<pid_t, std::string>& before,
                                    const std::string& rootfs, pid_t group, double seconds = 5) {
    const double deadline = nowSeconds() + seconds;
    std::vector<std::string> stray;
    do {
        stray = runProcesses(before, rootfs, group);
        if (stray.empty()) break;
        usleep(20000);
    } while (nowSeconds() < deadline);
    return stray;
}

/// Host mount-table lines added since `before` (other tests' mounts elsewhere in /tmp aside).
std::vector<std::string> mountsAdded(const std::vector<std::string>& before,
                                     const std::string& rootfs) {
    const std::string tmp = fs::temp_directory_path().string() + "/";
    std::vector<std::string> out;
    for (const std::string& line : mountTable()) {
        if (std::find(before.begin(), before.end(), line) != before.end()) continue;
        const std::string point = line.substr(0, line.find(' '));
        if (point.rfind(tmp, 0) == 0 && point.rfind(rootfs, 0) != 0) continue;
        out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_CASE("SIGKILL of scratch-trace: the container dies with it, nothing stays mounted",
          "[root][cleanup][sigkill]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "busy_marker");
    for (const char* rootMode : {"chroot", "pivot"}) {
        SECTION(std::string("--root-mode ") + rootMode) {
            TempDir dir("scratch-kill");
            const fs::path marker = fs::path(rootfs) / "marker";
            fs::remove(marker);
            const auto mountsBefore = mountTable();
            const auto processesBefore = hostProcesses();
            const auto cgroupsBefore = runCgroups();
            const pid_t pid = startScratch(
                {"run", "-q", "--json", (dir.path() / "t.jsonl").string(), "--root-mode", rootMode,
                 "--pids", "64", rootfs, prog, "/marker", "busy"},
                dir.path() / "out", dir.path() / "err");
            for (int i = 0; i < 1500 && !fs::exists(marker); ++i) usleep(10000);
            INFO("stderr: " << slurp(dir.path() / "err"));
            REQUIRE(fs::exists(marker));
            // The container is up: its processes have their root in the rootfs, and its /proc
            // is mounted (in its own mount namespace only).
            CHECK(runProcesses(processesBefore, rootfs, pid).size() >= 3);  // launcher, init, child
            kill(pid, SIGKILL);
            CHECK(waitScratch(pid, 5) == 128 + SIGKILL);
            const std::vector<std::string> stray = strayAfter(processesBefore, rootfs, pid);
            INFO("left running: " << (stray.empty() ? "" : stray.front()));
            CHECK(stray.empty());
            const std::vector<std::string> added = mountsAdded(mountsBefore, rootfs);
            INFO("mount added: " << (added.empty() ? "" : added.front()));
            CHECK(added.empty());
            CHECK(mountsUnder(rootfs).empty());
            // Nothing runs after SIGKILL: its (now empty) cgroup may stay. The next run with
            // a limit removes it (docs/container.md, resource limits).
            const RunResult next = runScratch({"run", "-q", "--pids", "64", rootfs, "/bin/true"});
            CHECK(next.exitCode == 0);
            const auto left = runCgroupsAdded(cgroupsBefore);
            INFO("cgroup left: " << (left.empty() ? "" : left.front()));
            CHECK(left.empty());
            fs::remove(marker);
        }
    }
}

TEST_CASE("SIGINT in a real container: stopped cleanly, summary written, nothing left",
          "[root][cleanup][sigint]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "busy_marker");
    TempDir dir("scratch-int");
    const fs::path marker = fs::path(rootfs) / "marker";
    fs::remove(marker);
    const auto mountsBefore = mountTable();
    const auto processesBefore = hostProcesses();
    const fs::path jsonFile = dir.path() / "t.jsonl";
    const fs::path report = dir.path() / "r.md";
    const auto cgroupsBefore = runCgroups();
    const pid_t pid =
        startScratch({"run", "-q", "--json", jsonFile.string(), "--report", report.string(),
                      "--pids", "64", "--memory", "256M", rootfs, prog, "/marker", "idle"},
                     dir.path() / "out", dir.path() / "err");
    for (int i = 0; i < 1500 && !fs::exists(marker); ++i) usleep(10000);
    INFO("stderr: " << slurp(dir.path() / "err"));
    REQUIRE(fs::exists(marker));
    kill(pid, SIGINT);
    CHECK(waitScratch(pid, 10) == 130);
    const std::vector<json> records = readJsonLines(jsonFile);
    REQUIRE_FALSE(records.empty());
    CHECK(str(records.back(), "type") == "summary");
    const json exit = records.back().value("exit", json::object());
    CHECK(exit.value("interrupted", false));
    CHECK(str(exit, "interrupt_signal") == "SIGINT");
    CHECK(records.back().value("verdict", "") == "isolated");
    CHECK_FALSE(slurp(report).empty());
    const std::vector<std::string> stray = strayAfter(processesBefore, rootfs, pid);
    INFO("left running: " << (stray.empty() ? "" : stray.front()));
    CHECK(stray.empty());
    CHECK(mountsAdded(mountsBefore, rootfs).empty());
    CHECK(mountsUnder(rootfs).empty());
    // The run's cgroup (it had limits) is gone too, and the summary said what it was.
    const json cgroup = records.back().value("cgroup", json());
    REQUIRE(cgroup.is_object());
    for (const auto& path : cgroup.at("paths")) CHECK_FALSE(fs::exists(path.get<std::string>()));
    const auto left = runCgroupsAdded(cgroupsBefore);
    INFO("cgroup left: " << (left.empty() ? "" : left.front()));
    CHECK(left.empty());
    fs::remove(marker);
}
