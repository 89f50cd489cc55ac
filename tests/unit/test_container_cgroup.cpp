// cgroup limits without a real cgroup: what --memory/--pids/--cpus accept, where our cgroups
// are found (mountinfo and /proc/self/cgroup texts of hybrid, v2-only and namespaced layouts),
// and the v2 backend against a fake cgroupfs tree (a temp directory with the control files the
// kernel would have; the test plays the kernel by writing the event files).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/Error.h"
#include "container/cgroup/CgroupFiles.h"
#include "container/cgroup/CgroupLimits.h"
#include "container/cgroup/CgroupLocator.h"
#include "container/cgroup/CgroupV2.h"

namespace fs = std::filesystem;
using namespace scratch;
using namespace scratch::container;

namespace {

struct FakeCgroupFs {
    fs::path path;
    FakeCgroupFs() {
        char tmpl[] = "/tmp/scratch-fake-cgroup-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~FakeCgroupFs() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    void write(const fs::path& rel, const std::string& text) const {
        std::ofstream(path / rel) << text;
    }
    std::string read(const fs::path& rel) const {
        return readControlFile(path / rel).value_or("<missing>");
    }
};

/// The exit status and message of a throwing call.
template <typename F>
std::pair<int, std::string> failure(F f) {
    try {
        f();
    } catch (const Error& e) {
        return {e.exitCode(), e.what()};
    }
    return {0, ""};
}

// This machine's layout: v1 controllers beside an empty v2 hierarchy, memory in a sub-cgroup.
const char* const kHybridMountinfo =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
    "50 23 0:50 / /proc rw,nosuid - proc proc rw\n";
const char* const kHybridCgroup =
    "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n2:cpuacct:/\n1:cpu:/\n0::/\n";

}  // namespace

TEST_CASE("--memory sizes: bytes and binary units", "[container][cgroup]") {
    CHECK(parseMemorySize("64M") == 64ULL << 20U);
    CHECK(parseMemorySize("64m") == 64ULL << 20U);
    CHECK(parseMemorySize("64MiB") == 64ULL << 20U);
    CHECK(parseMemorySize("64MB") == 64ULL << 20U);
    CHECK(parseMemorySize("1G") == 1ULL << 30U);
    CHECK(parseMemorySize("1.5G") == 3ULL << 29U);
    CHECK(parseMemorySize("2048K") == 2ULL << 20U);
    CHECK(parseMemorySize("1T") == 1ULL << 40U);
    CHECK(parseMemorySize("2097152") == 2097152U);
    for (const char* bad : {"12Q", "", "-1", "1e9", "0", "512", "M", "1.2.3", " 64M", "64 M",
                            "64iB", "0x100000", "99999999999T", "inf", "nan"}) {
        INFO(bad);
        const auto [status, message] = failure([&] { parseMemorySize(bad); });
        CHECK(status == kExitUsage);
        CHECK(message.rfind("--memory ", 0) == 0);
    }
}

TEST_CASE("--pids and --cpus ranges", "[container][cgroup]") {
    CHECK(parsePidsLimit("20") == 20U);
    CHECK(parsePidsLimit("1") == 1U);
    for (const char* bad : {"0", "-1", "1.5", "abc", "4194305", ""}) {
        INFO(bad);
        CHECK(failure([&] { parsePidsLimit(bad); }).first == kExitUsage);
    }
    CHECK(parseCpuLimit("0.5") == 0.5);
    CHECK(parseCpuLimit("2") == 2.0);
    for (const char* bad : {"-1", "0", "0.001", "abc", "5000", "", "1,5"}) {
        INFO(bad);
        CHECK(failure([&] { parseCpuLimit(bad); }).first == kExitUsage);
    }
    CHECK(cpuQuotaUs(0.5) == 50000U);
    CHECK(cpuQuotaUs(0.2) == 20000U);
    CHECK(cpuQuotaUs(2) == 200000U);
}

TEST_CASE("limits are shown exactly", "[container][cgroup]") {
    CHECK(formatBytes(64ULL << 20U) == "64 MiB");
    CHECK(formatBytes(3ULL << 29U) == "1.5 GiB");
    CHECK(formatBytes(4096) == "4 KiB");
    CHECK(formatBytes(1000) == "1000 bytes");
    CHECK(formatBytes((1ULL << 20U) + 1) == "1048577 bytes");
    CHECK(formatCpus(0.5) == "0.5");
    CHECK(formatCpus(2) == "2");
    CgroupLimits limits;
    CHECK(limitsSummary(limits).empty());
    CHECK_FALSE(limits.any());
    limits.memoryBytes = 64ULL << 20U;
    limits.pids = 20;
    limits.cpus = 0.25;
    CHECK(limits.any());
    CHECK(limitsSummary(limits) ==
          std::vector<std::string>{"memory=64MiB", "pids=20", "cpus=0.25"});
}

TEST_CASE("locating our cgroups: hybrid v1 + empty v2", "[container][cgroup]") {
    const auto mounts = parseCgroupMounts(kHybridMountinfo);
    REQUIRE(mounts.size() == 6);
    CHECK(mounts[0].version == 1);
    CHECK(mounts[5].version == 2);
    const CgroupLocator locator(mounts, parseCgroupMemberships(kHybridCgroup));
    CHECK(locator.v1Dir("memory") == fs::path("/sys/fs/cgroup/memory/process_api/abc"));
    CHECK(locator.v1Dir("pids") == fs::path("/sys/fs/cgroup/pids"));
    CHECK(locator.v1Dir("cpu") == fs::path("/sys/fs/cgroup/cpu"));
    CHECK_FALSE(locator.v1Dir("blkio"));
    CHECK_FALSE(locator.v1Dir("systemd"));  // name=systemd is not a controller called systemd
    CHECK(locator.v2Dir() == fs::path("/sys/fs/cgroup/unified"));
}

TEST_CASE("locating our cgroups: v2 only, comounted v1, a namespaced mount",
          "[container][cgroup]") {
    SECTION("v2 only (most distros)") {
        const CgroupLocator locator(
            parseCgroupMounts("30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"),
            parseCgroupMemberships("0::/user.slice/user-0.slice/session-3.scope\n"));
        CHECK(locator.v2Dir() ==
              fs::path("/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope"));
        CHECK(locator.v2MountPoint() == fs::path("/sys/fs/cgroup"));
        CHECK_FALSE(locator.v1Dir("memory"));
    }
    SECTION("cpu,cpuacct share a hierarchy") {
        const CgroupLocator locator(
            parseCgroupMounts(
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"),
            parseCgroupMemberships("3:cpu,cpuacct:/a\n"));
        CHECK(locator.v1Dir("cpu") == fs::path("/sys/fs/cgroup/cpu,cpuacct/a"));
        CHECK(locator.v1Dir("cpuacct") == fs::path("/sys/fs/cgroup/cpu,cpuacct/a"));
    }
    SECTION("the mount shows a subtree (a container's view)") {
        const auto mounts =
            parseCgroupMounts("30 1 0:26 /docker/c1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        CHECK(CgroupLocator(mounts, parseCgroupMemberships("0::/docker/c1/sub\n")).v2Dir() ==
              fs::path("/sys/fs/cgroup/sub"));
        CHECK(CgroupLocator(mounts, parseCgroupMemberships("0::/docker/c1\n")).v2Dir() ==
              fs::path("/sys/fs/cgroup"));
        // Our cgroup is not inside what this mount shows.
        CHECK_FALSE(CgroupLocator(mounts, parseCgroupMemberships("0::/other\n")).v2Dir());
        CHECK_FALSE(CgroupLocator(mounts, parseCgroupMemberships("0::/docker/c10\n")).v2Dir());
    }
    SECTION("a mount point with a space (octal escape)") {
        const auto mounts =
            parseCgroupMounts("30 1 0:26 / /mnt/my\\040cg rw - cgroup2 cgroup2 rw\n");
        REQUIRE(mounts.size() == 1);
        CHECK(mounts[0].mountPoint == fs::path("/mnt/my cg"));
    }
    SECTION("nothing mounted") {
        const CgroupLocator locator(parseCgroupMounts(""), parseCgroupMemberships(""));
        CHECK_FALSE(locator.v2Dir());
        CHECK_FALSE(locator.v1Dir("memory"));
    }
}

TEST_CASE("cgroup v2 on a fake cgroupfs: limits, attach, stats, kill", "[container][cgroup]") {
    FakeCgroupFs fake;
    fake.write("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
    fake.write("cgroup.subtree_control", "memory\n");
    CgroupLimits limits;
    limits.memoryBytes = 32ULL << 20U;
    limits.pids = 20;
    limits.cpus = 0.2;
    auto cgroup = CgroupV2::create(fake.path, "scratch-trace-42", limits);
    const fs::path dir = fake.path / "scratch-trace-42";
    REQUIRE(fs::is_directory(dir));
    CHECK(cgroup->version() == 2);
    CHECK(cgroup->paths() == std::vector<std::string>{dir.string()});
    // Only the controllers not yet enabled, in one write (the kernel takes a list).
    CHECK(fake.read("cgroup.subtree_control") == "+pids +cpu");
    CHECK(fake.read("scratch-trace-42/memory.max") == "33554432");
    CHECK(fake.read("scratch-trace-42/memory.swap.max") == "0");
    CHECK(fake.read("scratch-trace-42/pids.max") == "20");
    CHECK(fake.read("scratch-trace-42/cpu.max") == "20000 100000");

    cgroup->attach(1234);
    CHECK(fake.read("scratch-trace-42/cgroup.procs") == "1234");

    CHECK_FALSE(cgroup->stats().oomKills);  // the kernel has not written them: unknown
    fake.write("scratch-trace-42/memory.events",
               "low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n");
    fake.write("scratch-trace-42/pids.events", "max 37\n");
    fake.write("scratch-trace-42/memory.peak", "33550336\n");
    fake.write("scratch-trace-42/cpu.stat",
               "usage_usec 9000\nuser_usec 8000\nsystem_usec 1000\nnr_periods 50\n"
               "nr_throttled 45\nthrottled_usec 3000000\n");
    const CgroupStats stats = cgroup->stats();
    CHECK(stats.oomKills == 1U);
    CHECK(stats.pidsRefused == 37U);
    CHECK(stats.memoryPeak == 33550336U);
    CHECK(stats.cpuThrottled == 45U);
    CHECK(stats.cpuPeriods == 50U);

    // Removal kills through cgroup.kill, then rmdir; in the fake tree the control files are
    // plain files, so rmdir reports the directory as not empty (a real one goes with them).
    const std::string problem = cgroup->remove();
    CHECK(fake.read("scratch-trace-42/cgroup.kill") == "1");
    CHECK(problem.find("rmdir " + dir.string()) != std::string::npos);
    CHECK(cgroup->remove().empty());  // once only
}

TEST_CASE("cgroup v2 on a fake cgroupfs: what cannot work is one line, 125",
          "[container][cgroup]") {
    FakeCgroupFs fake;
    CgroupLimits limits;
    limits.memoryBytes = 64ULL << 20U;
    SECTION("controller not available to the parent") {
        fake.write("cgroup.controllers", "cpu pids\n");
        fake.write("cgroup.subtree_control", "");
        const auto [status, message] =
            failure([&] { CgroupV2::create(fake.path, "scratch-trace-1", limits); });
        CHECK(status == kExitFailure);
        CHECK(message.find("memory controller is not available") != std::string::npos);
        CHECK_FALSE(fs::exists(fake.path / "scratch-trace-1"));
    }
    SECTION("the parent does not exist") {
        const auto [status, message] =
            failure([&] { CgroupV2::create(fake.path / "gone", "scratch-trace-1", limits); });
        CHECK(status == kExitFailure);
        CHECK(message.find("not available in " + (fake.path / "gone").string()) !=
              std::string::npos);
    }
    SECTION("mkdir refused") {
        fake.write("cgroup.controllers", "memory\n");
        fake.write("cgroup.subtree_control", "memory\n");
        fs::create_directory(fake.path / "scratch-trace-1");  // EEXIST
        const auto [status, message] =
            failure([&] { CgroupV2::create(fake.path, "scratch-trace-1", limits); });
        CHECK(status == kExitFailure);
        CHECK(message.find("mkdir " + (fake.path / "scratch-trace-1").string()) !=
              std::string::npos);
    }
    SECTION("already enabled: subtree_control is not written") {
        fake.write("cgroup.controllers", "memory pids\n");
        fake.write("cgroup.subtree_control", "memory pids\n");
        auto cgroup = CgroupV2::create(fake.path, "scratch-trace-1", limits);
        CHECK(fake.read("cgroup.subtree_control") == "memory pids\n");
        CHECK(fake.read("scratch-trace-1/memory.max") == "67108864");
        CHECK_FALSE(fs::exists(fake.path / "scratch-trace-1/pids.max"));  // no --pids
    }
}

TEST_CASE("stale run cgroups: only empty ones of dead runs go", "[container][cgroup]") {
    // This test's own pid runs unit_tests, not scratch-trace: a reused pid, so stale.
    const std::string reused = "scratch-trace-" + std::to_string(::getpid());
    CHECK(isStaleRunCgroup(reused));
    CHECK(isStaleRunCgroup("scratch-trace-999999999"));  // above any pid_max: no such process
    CHECK(isStaleRunCgroup("scratch-trace-1"));          // pid 1 is not scratch-trace
    CHECK_FALSE(isStaleRunCgroup("scratch-trace-"));
    CHECK_FALSE(isStaleRunCgroup("scratch-trace-12ab"));
    CHECK_FALSE(isStaleRunCgroup("other-123"));

    FakeCgroupFs fake;
    fs::create_directory(fake.path / "scratch-trace-999999999");
    fs::create_directory(fake.path / reused);
    fake.write(fs::path(reused) / "cgroup.procs", "4242\n");  // still has a task: kept
    fs::create_directory(fake.path / "keep");
    removeStaleRunCgroups(fake.path);
    CHECK_FALSE(fs::exists(fake.path / "scratch-trace-999999999"));
    CHECK(fs::exists(fake.path / reused));
    CHECK(fs::exists(fake.path / "keep"));
}
