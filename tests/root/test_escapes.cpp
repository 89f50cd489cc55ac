// The ways out of a chroot, run in a real container on a busybox rootfs: the chroot escape (a
// leak under chroot, contained under pivot_root), the same from a second thread, "..", absolute
// symlinks and /proc/1/root (all contained), a host fd (closed by the runtime unless passed on
// purpose), a mount made inside (stays inside) and CLONE_UNTRACED children.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

bool hasLeak(const Trace& trace) {
    return std::ranges::any_of(trace.findings(),
                               [](const json& f) { return str(f, "severity") == "leak"; });
}

}  // namespace

TEST_CASE("chroot escape: a leak under chroot, contained under pivot_root", "[root][escape]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "chroot_escape");

    const Trace chroot = traceRun({}, rootfs, {prog});
    {
        INFO(chroot.describe());
        REQUIRE(chroot.run.exitCode == 0);
        CHECK(contains(chroot.run.out, "escaped: yes"));
        CHECK(chroot.verdict() == "leak");
        const std::vector<json> escaped = chroot.findings("escaped-root");
        REQUIRE_FALSE(escaped.empty());
        CHECK(str(escaped.front(), "severity") == "leak");
        CHECK_FALSE(str(escaped.front(), "fix").empty());
    }

    const Trace pivot = traceRun({"--root-mode", "pivot"}, rootfs, {prog});
    INFO(pivot.describe());
    REQUIRE(pivot.run.exitCode == 0);
    CHECK(contains(pivot.run.out, "escaped: no"));
    CHECK(pivot.findings("escaped-root").empty());
    CHECK(pivot.verdict() == "isolated");
    CHECK(mountsUnder(rootfs).empty());
}

TEST_CASE("a chroot escape by a second thread names that thread", "[root][escape]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "escape_thread");
    const Trace trace = traceRun({}, rootfs, {prog});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(contains(trace.run.out, "escaped: yes"));

    // The host tid of the thread that made the escaping chroot(".").
    std::set<int64_t> escapers;
    for (const json& call : trace.syscalls("chroot")) {
        if (str(call, "phase") == "workload" && num(call, "pid") != num(call, "tgid")) {
            escapers.insert(num(call, "pid"));
        }
    }
    REQUIRE(escapers.size() == 1);
    std::smatch m;
    const bool printed = std::regex_search(trace.run.out, m, std::regex("escaper tid=(\\d+)"));
    const std::vector<json> findings = trace.findings("escaped-root");
    REQUIRE_FALSE(findings.empty());
    bool named = false;
    for (const json& f : findings) {
        if (escapers.contains(num(f, "pid"))) named = true;
        if (printed && num(f, "nspid") == std::stol(m[1].str()))
            CHECK(escapers.count(num(f, "pid")));
    }
    CHECK(named);
    CHECK(trace.verdict() == "leak");
}

TEST_CASE("'..' above the root and absolute symlinks stay in the rootfs", "[root][paths]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "dotdot_symlink");
    const Trace trace = traceRun({}, rootfs, {prog});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK_FALSE(contains(trace.run.out, "DIFFERENT"));

    const std::string passwd = rootfs + "/etc/passwd";
    std::set<std::string> seen;
    for (const json& call : trace.syscalls()) {
        const std::string name = str(call, "name");
        if (name != "openat" && name != "open") continue;
        for (const json& p : call.value("paths", json::array())) {
            const std::string given = givenPath(p);
            if (given != "/../../etc/passwd" && given != "/tmp/abslink") continue;
            INFO(call.dump());
            CHECK(str(p, "host") == passwd);
            CHECK(str(p, "where") == "rootfs");
            seen.insert(given);
        }
    }
    CHECK(seen.size() == 2);
    CHECK(trace.verdict() == "isolated");
    CHECK_FALSE(hasLeak(trace));
}

TEST_CASE("/proc/1/root inside the container is the container's root", "[root][paths]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "proc_root_peek");
    const Trace trace = traceRun({}, rootfs, {prog});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(contains(trace.run.out, "/proc/self/cwd -> /"));
    CHECK(trace.verdict() == "isolated");
    CHECK_FALSE(hasLeak(trace));
}

TEST_CASE("a host fd is closed before the command runs, unless passed on purpose", "[root][fd]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "host_fd");
    ScratchOptions withFd7;
    withFd7.passFds = {{7, "/"}};

    const Trace closed = traceRun({}, rootfs, {prog, "7"}, withFd7);
    {
        INFO(closed.describe());
        REQUIRE(closed.run.exitCode == 0);
        CHECK(contains(closed.run.out, "EBADF"));
        CHECK(closed.verdict() == "isolated");
        CHECK(closed.findings("inherited-fd").empty());
    }

    // (--keep-fd takes several values: an option after it ends the list before ROOTFS.)
    const Trace kept =
        traceRun({"--keep-fd", "7", "--root-mode", "chroot"}, rootfs, {prog, "7"}, withFd7);
    INFO(kept.describe());
    REQUIRE(kept.run.exitCode == 0);
    CHECK(contains(kept.run.out, "openat(etc/passwd) = opened"));
    CHECK_FALSE(kept.findings("inherited-fd").empty());
    CHECK(kept.verdict() == "leak");
    // The openat relative to fd 7 reached the host's /etc/passwd, whatever the string says.
    bool hostPasswd = false;
    for (const json& call : kept.syscalls("openat")) {
        for (const json& p : call.value("paths", json::array())) {
            if (str(p, "host") == "/etc/passwd" && str(p, "where") == "host") hostPasswd = true;
        }
    }
    CHECK(hostPasswd);
    CHECK_FALSE(kept.findings("outside-rootfs").empty());
}

TEST_CASE("a mount made inside the container stays inside", "[root][mount]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "mount_inside");
    const auto before = mountTable();
    // Mounting needs CAP_SYS_ADMIN, which the default capability set leaves out.
    const Trace trace = traceRun({"--cap-add", "SYS_ADMIN"}, rootfs, {prog});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(contains(trace.run.out, "tmpfs mounted on /tmp"));
    CHECK(mountsUnder(rootfs).empty());
    CHECK(mountTable() == before);
    CHECK_FALSE(fs::exists(rootfs + "/tmp/inside-only"));  // it lived in the container's tmpfs
    CHECK(trace.findings("mount-propagation").empty());
    CHECK(trace.verdict() == "isolated");
}

TEST_CASE("CLONE_UNTRACED in the container: children still traced, finding raised",
          "[root][untraced]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "untraced_clone");
    // Unconfined: the default profile answers clone3 with ENOSYS, and the clone3 child is half
    // of what this test is about.
    const Trace trace = traceRun({"--seccomp", "unconfined"}, rootfs, {prog});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK_FALSE(trace.findings("untraced-task").empty());
    std::set<int64_t> openers;
    int64_t leader = -1;
    for (const json& exec : trace.processes("exec")) {
        if (contains(str(exec, "exe"), "untraced_clone")) leader = num(exec, "tgid");
    }
    for (const json& call : trace.syscalls()) {
        if (str(call, "phase") != "workload" || num(call, "tgid") == leader) continue;
        for (const json& p : call.value("paths", json::array())) {
            if (givenPath(p) == "/etc/passwd") openers.insert(num(call, "tgid"));
        }
    }
    CHECK(!openers.empty());
}
