// The seed article's two stages, one command each. `run ROOTFS ps` (defaults: chroot, fresh
// /proc): ps sees only the container, the stream shows the setup in order and the verdict is
// isolated. `run --root-mode none --proc none ROOTFS ps`: ps reads the host's /proc and sees the
// host's processes; the verdict is a leak with a host-procfs finding. Neither may leave a mount
// or a process behind on the host.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <sstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kCloneNewNs = 0x00020000, kCloneNewPid = 0x20000000;

/// The pids in the first column of ps's output (busybox's and procps' formats alike).
std::set<long> psPids(const std::string& out) {
    std::set<long> pids;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string first;
        words >> first;
        if (!first.empty() && std::all_of(first.begin(), first.end(), ::isdigit)) {
            pids.insert(std::stol(first));
        }
    }
    return pids;
}

/// Host mount table lines that changed, ignoring other tests' temporary mounts elsewhere in /tmp.
std::vector<std::string> mountChanges(const std::vector<std::string>& before,
                                      const std::vector<std::string>& after,
                                      const std::string& rootfs) {
    const std::string tmp = fs::temp_directory_path().string() + "/";
    std::vector<std::string> diff;
    std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                  std::back_inserter(diff));
    std::vector<std::string> out;
    for (const std::string& line : diff) {
        const std::string point = line.substr(0, line.find(' '));
        if (point.rfind(tmp, 0) == 0 && point.rfind(rootfs, 0) != 0) continue;
        out.push_back(line);
    }
    return out;
}

uint64_t cloneFlagsOf(const json& spawn) {
    const json& flags = spawn.value("clone_flags", json());
    if (flags.is_number()) return flags.get<uint64_t>();
    if (flags.is_string()) return std::stoull(flags.get<std::string>(), nullptr, 0);
    return 0;
}

/// Seq of the first record matching pred, or UINT64_MAX.
template <typename Pred>
uint64_t firstSeq(const std::vector<json>& calls, Pred pred) {
    for (const json& call : calls) {
        if (pred(call)) return static_cast<uint64_t>(num(call, "seq"));
    }
    return UINT64_MAX;
}

}  // namespace

TEST_CASE("stage 2 of the article: run ROOTFS ps is isolated", "[root][seed]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const auto mountsBefore = mountTable();
    const auto processesBefore = hostProcesses();

    const Trace trace = traceRun({}, rootfs, {"ps"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);

    // ps sees its own PID namespace: itself as PID 1 and nothing of the host.
    const std::set<long> pids = psPids(trace.run.out);
    CHECK(pids.count(1) == 1);
    CHECK(pids.size() <= 2);
    CHECK_FALSE(pids.contains(getpid()));

    const std::vector<json> calls = trace.syscalls();
    // The clone with the new namespaces, in the setup phase (from its args or its spawn record).
    const uint64_t cloneSeq = firstSeq(calls, [](const json& c) {
        const std::string name = str(c, "name");
        const std::string args = argsText(c);
        return (name == "clone" || name == "clone3") && str(c, "phase") == "setup" &&
               args.find("CLONE_NEWPID") != std::string::npos &&
               args.find("CLONE_NEWNS") != std::string::npos;
    });
    bool spawnWithNamespaces = false;
    for (const json& spawn : trace.processes("spawn")) {
        const uint64_t flags = cloneFlagsOf(spawn);
        if ((flags & kCloneNewPid) && (flags & kCloneNewNs)) spawnWithNamespaces = true;
    }
    // The clone's decoded flags, and the spawn record's clone_flags (TaskTree's spawnFlags):
    // a check that only warned could not fail.
    CHECK(cloneSeq != UINT64_MAX);
    CHECK(spawnWithNamespaces);

    const uint64_t chrootSeq = firstSeq(calls, [](const json& c) {
        return str(c, "name") == "chroot" && str(c, "phase") == "setup" && num(c, "ret") == 0;
    });
    const uint64_t procMountSeq = firstSeq(calls, [](const json& c) {
        return str(c, "name") == "mount" && str(c, "phase") == "setup" &&
               argsText(c).find("proc") != std::string::npos && num(c, "ret") == 0;
    });
    const uint64_t execSeq = firstSeq(calls, [](const json& c) {
        return str(c, "name") == "execve" && num(c, "ret", -1) == 0 &&
               argsText(c).find("ps") != std::string::npos;
    });
    const uint64_t procReadSeq = firstSeq(calls, [](const json& c) {
        const json paths = c.value("paths", json::array());
        return std::any_of(paths.begin(), paths.end(), [](const json& p) {
            return givenPath(p).starts_with("/proc/1/") && str(p, "where") == "container-procfs";
        });
    });
    CHECK(chrootSeq != UINT64_MAX);
    CHECK(procMountSeq != UINT64_MAX);
    CHECK(execSeq != UINT64_MAX);
    CHECK(procReadSeq != UINT64_MAX);
    // In this order: clone, chroot and mount of the setup, execve of ps, its /proc reads.
    CHECK(cloneSeq < chrootSeq);
    CHECK(cloneSeq < procMountSeq);
    CHECK(chrootSeq < execSeq);
    CHECK(procMountSeq < execSeq);
    CHECK(execSeq < procReadSeq);

    // Every workload path stayed in the container.
    for (const json& c : calls) {
        if (str(c, "phase") != "workload") continue;
        for (const json& p : c.value("paths", json::array())) {
            INFO(c.dump());
            CHECK(str(p, "where") != "host");
        }
    }
    CHECK(trace.verdict() == "isolated");
    for (const json& f : trace.findings()) CHECK(str(f, "severity") != "leak");

    CHECK(mountChanges(mountsBefore, mountTable(), rootfs).empty());
    CHECK(mountsUnder(rootfs).empty());
    CHECK(strayProcesses(processesBefore, rootfs).empty());
}

TEST_CASE("stage 1 of the article: no root switch, no /proc: ps sees the host", "[root][seed]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const auto mountsBefore = mountTable();
    const auto processesBefore = hostProcesses();

    const Trace trace = traceRun({"--root-mode", "none", "--proc", "none"}, rootfs, {"ps"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);

    // The host's processes, this test among them.
    const std::set<long> pids = psPids(trace.run.out);
    CHECK(pids.count(getpid()) == 1);
    CHECK(pids.size() > 2);

    CHECK(trace.verdict() == "leak");
    const std::vector<json> hostProcfs = trace.findings("host-procfs");
    REQUIRE_FALSE(hostProcfs.empty());
    CHECK(str(hostProcfs.front(), "severity") == "leak");
    CHECK_FALSE(str(hostProcfs.front(), "fix").empty());
    bool hostProcRead = false;
    for (const json& c : trace.syscalls()) {
        if (str(c, "phase") != "workload") continue;
        for (const json& p : c.value("paths", json::array())) {
            if (givenPath(p).rfind("/proc", 0) == 0 && str(p, "where") == "host") {
                hostProcRead = true;
            }
        }
    }
    CHECK(hostProcRead);

    CHECK(mountChanges(mountsBefore, mountTable(), rootfs).empty());
    CHECK(strayProcesses(processesBefore, rootfs).empty());
}

TEST_CASE("--fail-on-leak: 123 on the leaky stage, the command's status otherwise",
          "[root][seed]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const RunResult leaky = runScratch(
        {"run", "-q", "--fail-on-leak", "--root-mode", "none", "--proc", "none", rootfs, "ps"});
    INFO(leaky.describe());
    CHECK(leaky.exitCode == 123);
    const RunResult isolated = runScratch({"run", "-q", "--fail-on-leak", rootfs, "ps"});
    INFO(isolated.describe());
    CHECK(isolated.exitCode == 0);
    // Without the flag the command's own status comes through, leak or not.
    const RunResult failing =
        runScratch({"run", "-q", "--root-mode", "none", "--proc", "none", rootfs, "sh", "-c",
                    "cat /proc/1/stat >/dev/null; exit 3"});
    INFO(failing.describe());
    CHECK(failing.exitCode == 3);
}

TEST_CASE("stage 1's end report: host-procfs first, its fix once, a rerun with --proc new",
          "[root][seed]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const RunResult run =
        runScratch({"run", "-q", "--root-mode", "none", "--proc", "none", rootfs, "ps"});
    INFO(run.describe());
    REQUIRE(run.exitCode == 0);
    const size_t groups = run.err.find("the findings by class, the most direct first:\n");
    REQUIRE(groups != std::string::npos);
    // From the heading to the verdict line (which names the class again).
    const std::string section =
        run.err.substr(groups, run.err.find("\nverdict: ", groups) - groups + 1);
    std::istringstream lines(section);
    std::string line;
    std::getline(lines, line);  // the heading
    std::getline(lines, line);  // the first group
    CHECK(line.rfind("  LEAK    host-procfs ", 0) == 0);
    // The strongest evidence: a host process's /proc read by ps, not the loader's /proc/self.
    CHECK(has(line, "read host pid "));
    const std::string fix = "fix: mount a fresh procfs";
    CHECK(section.find(fix) != std::string::npos);
    CHECK(section.find(fix) == section.rfind(fix));
    CHECK(section.find("host-procfs", section.find("host-procfs") + 1) == std::string::npos);
    const size_t rerun = section.find("\nrerun with: scratch-trace run ");
    REQUIRE(rerun != std::string::npos);
    const std::string rerunLine = section.substr(rerun + 1, section.find('\n', rerun + 1) - rerun);
    CHECK(has(rerunLine, " --proc new "));
    CHECK(has(rerunLine, " --root-mode pivot "));
}
