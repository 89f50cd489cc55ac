// What the container gets besides the root switch and /proc: a minimal private /dev, runc's
// masked and read-only paths, --overlay, --hostname. Every run must leave the rootfs and the
// host's mount table exactly as they were.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// A fresh busybox rootfs of this test's own (the shared one must not see our experiments).
struct OwnRootfs {
    TempDir dir{"scratch-setup"};
    std::string path;
    OwnRootfs() {
        path = (dir.path() / "rootfs").string();
        const RunResult made = runScratch({"rootfs", "create", path});
        INFO(made.describe());
        REQUIRE(made.exitCode == 0);
    }
};

/// Every entry under dir, recursively, as "relative/path"; the state of a rootfs.
std::set<std::string> treeOf(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        names.insert(fs::relative(e.path(), dir).string());
    }
    return names;
}

/// Host mount table lines under /tmp other than ours are other tests' business.
std::vector<std::string> mountsTouching(const std::vector<std::string>& table,
                                        const std::string& rootfs) {
    std::vector<std::string> out;
    for (const std::string& line : table) {
        if (line.find(rootfs) != std::string::npos ||
            line.find("scratch-overlay") != std::string::npos)
            out.push_back(line);
    }
    return out;
}

std::vector<std::string> overlayScratchDirs() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(fs::temp_directory_path())) {
        if (e.path().filename().string().rfind("scratch-overlay-", 0) == 0)
            out.push_back(e.path().string());
    }
    return out;
}

}  // namespace

TEST_CASE("a minimal private /dev by default; the rootfs' /dev is never written",
          "[root][container][dev]") {
    requireRoot();
    OwnRootfs rootfs;
    const auto before = treeOf(rootfs.path);
    const auto mountsBefore = mountTable();

    for (const char* mode : {"chroot", "pivot"}) {
        INFO(mode);
        const Trace trace = traceRun(
            {"--root-mode", mode}, rootfs.path,
            {"sh", "-c",
             "echo > /dev/null; cat /dev/urandom | head -c 4 >/dev/null; ls /dev; "
             "stat -c '%a %t:%T %n' /dev/null /dev/zero /dev/full /dev/random /dev/urandom "
             "/dev/tty; for l in fd stdin stdout stderr; do readlink /dev/$l; done; "
             "grep ' /dev ' /proc/self/mountinfo"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        const std::string& out = trace.run.out;
        CHECK_THAT(out, Catch::Contains("666 1:3 /dev/null"));
        CHECK_THAT(out, Catch::Contains("666 1:5 /dev/zero"));
        CHECK_THAT(out, Catch::Contains("666 1:7 /dev/full"));
        CHECK_THAT(out, Catch::Contains("666 1:8 /dev/random"));
        CHECK_THAT(out, Catch::Contains("666 1:9 /dev/urandom"));
        CHECK_THAT(out, Catch::Contains("666 5:0 /dev/tty"));
        CHECK_THAT(out, Catch::Contains("/proc/self/fd\n/proc/self/fd/0\n/proc/self/fd/1\n"));
        CHECK_THAT(out, Catch::Contains("pts\n"));
        // A tmpfs, nosuid and noexec, mode 755.
        CHECK_THAT(out, Catch::Contains("nosuid,noexec"));
        CHECK_THAT(out, Catch::Contains("tmpfs tmpfs rw,size=65536k,mode=755"));
        // The devices are the container's own: the isolation held.
        CHECK(trace.verdict() == "isolated");
        for (const json& c : trace.syscalls()) {
            if (str(c, "phase") != "workload") continue;
            for (const json& p : c.value("paths", json::array())) {
                if (givenPath(p).rfind("/dev/", 0) == 0) {
                    INFO(c.dump());
                    CHECK(str(p, "where") == "container-mount");
                }
            }
        }
    }
    // busybox's `> /dev/null` used to create a regular file ROOTFS/dev/null.
    CHECK(treeOf(rootfs.path) == before);
    CHECK(fs::is_empty(fs::path(rootfs.path) / "dev"));
    CHECK(mountsTouching(mountTable(), rootfs.path) == mountsTouching(mountsBefore, rootfs.path));
    CHECK(mountsUnder(rootfs.path).empty());
}

TEST_CASE("--dev none keeps the rootfs' /dev; a missing /dev is one clear error",
          "[root][container][dev]") {
    requireRoot();
    OwnRootfs rootfs;
    const RunResult none =
        runScratch({"run", "-q", "--dev", "none", rootfs.path, "sh", "-c", "ls -a /dev | wc -l"});
    INFO(none.describe());
    CHECK(none.exitCode == 0);
    CHECK_THAT(none.out, Catch::StartsWith("2"));  // . and ..: nothing mounted there

    fs::remove(fs::path(rootfs.path) / "dev");
    const RunResult missing = runScratch({"run", "-q", rootfs.path, "true"});
    INFO(missing.describe());
    CHECK(missing.exitCode == 125);
    CHECK_THAT(missing.err, Catch::Contains("has no /dev directory to mount a minimal /dev on"));
    CHECK_THAT(missing.err, Catch::Contains("--dev none"));
    CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(fs::path(rootfs.path) / "dev"));

    const RunResult conflict =
        runScratch({"run", "-q", "--root-mode", "none", "--dev", "minimal", rootfs.path, "true"});
    CHECK(conflict.exitCode == 2);
    CHECK_THAT(conflict.err, Catch::Contains("--dev minimal needs a root switch"));
}

TEST_CASE("runc's masked and read-only paths with a fresh /proc", "[root][container][mask]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const auto mountsBefore = mountTable();
    std::string hostHostname;
    std::getline(std::ifstream("/proc/sys/kernel/hostname"), hostHostname);

    for (const char* dev : {"minimal", "none"}) {
        INFO("--dev " << dev);
        // Writing the hostname back unchanged: harmless even if the mask failed.
        const Trace trace = traceRun(
            {"--dev", dev}, rootfs,
            {"sh", "-c",
             "echo kcore=$(cat /proc/kcore 2>/dev/null | wc -c); "
             "echo keys=$(cat /proc/keys | wc -c); echo timer=$(cat /proc/timer_list | wc -c); "
             "echo acpi=$(ls /proc/acpi 2>/dev/null | wc -l); "
             "h=$(cat /proc/sys/kernel/hostname); echo \"$h\" > /proc/sys/kernel/hostname "
             "|| echo write-failed; echo > /proc/sysrq-trigger || echo sysrq-failed"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        const std::string& out = trace.run.out;
        CHECK_THAT(out, Catch::Contains("kcore=0\n"));  // masked, or absent from this kernel
        CHECK_THAT(out, Catch::Contains("keys=0\n"));
        CHECK_THAT(out, Catch::Contains("timer=0\n"));
        CHECK_THAT(out, Catch::Contains("acpi=0\n"));
        CHECK_THAT(out, Catch::Contains("write-failed\n"));
        CHECK_THAT(out, Catch::Contains("sysrq-failed\n"));
        CHECK_THAT(trace.run.err, Catch::Contains("Read-only file system"));
        bool erofs = false;
        for (const json& c : trace.syscalls()) {
            if (str(c, "phase") == "workload" && str(c, "errno") == "EROFS" &&
                argsText(c).find("/proc/sys/kernel/hostname") != std::string::npos) {
                erofs = true;
            }
        }
        CHECK(erofs);
    }
    std::string after;
    std::getline(std::ifstream("/proc/sys/kernel/hostname"), after);
    CHECK(after == hostHostname);
    CHECK(mountsTouching(mountTable(), rootfs) == mountsTouching(mountsBefore, rootfs));
}

TEST_CASE("--mask and --no-default-masks", "[root][container][mask]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const char* const probe =
        "echo passwd=$(cat /etc/passwd | wc -c); echo etc=$(ls /etc | wc -l); "
        "touch /etc/x || echo ro";
    const RunResult masked = runScratch({"run", "-q", "--mask", "/etc/passwd", "--mask", "/etc/",
                                         "--mask", "/no/such/path", rootfs, "sh", "-c", probe});
    INFO(masked.describe());
    CHECK(masked.exitCode == 0);
    CHECK_THAT(masked.out, Catch::Contains("passwd=0\n"));
    CHECK_THAT(masked.out, Catch::Contains("etc=0\n"));
    CHECK_THAT(masked.out, Catch::Contains("ro\n"));
    CHECK(fs::file_size(fs::path(rootfs) / "etc/passwd") > 0);
    CHECK_FALSE(fs::exists(fs::path(rootfs) / "etc/x"));

    const RunResult plain = runScratch({"run", "-q", "--no-default-masks", rootfs, "sh", "-c",
                                        "grep -c -e /proc/sys -e /proc/keys /proc/self/mountinfo"});
    INFO(plain.describe());
    CHECK_THAT(plain.out, Catch::StartsWith("0\n"));

    const RunResult relative = runScratch({"run", "-q", "--mask", "etc", rootfs, "true"});
    CHECK(relative.exitCode == 2);
    CHECK_THAT(relative.err, Catch::Contains("--mask etc: not an absolute path"));
}

TEST_CASE("--overlay: runs never change the rootfs; --keep-changes keeps the layer",
          "[root][container][overlay]") {
    requireRoot();
    OwnRootfs rootfs;
    const auto before = treeOf(rootfs.path);
    const auto scratchBefore = overlayScratchDirs();
    const auto mountsBefore = mountTable();

    for (const char* mode : {"chroot", "pivot"}) {
        INFO(mode);
        const RunResult run =
            runScratch({"run", "-q", "--overlay", "--root-mode", mode, rootfs.path, "sh", "-c",
                        "echo x > /newfile && cat /newfile && rm /etc/group && ls /etc"});
        INFO(run.describe());
        CHECK(run.exitCode == 0);
        CHECK_THAT(run.out, Catch::StartsWith("x\npasswd\n"));
    }
    CHECK(treeOf(rootfs.path) == before);
    CHECK_FALSE(fs::exists(fs::path(rootfs.path) / "newfile"));
    CHECK(overlayScratchDirs() == scratchBefore);  // the temporary layer is gone

    // Even a command that fails, or is killed by the timeout, leaves nothing behind.
    const RunResult killed = runScratch({"run", "-q", "--overlay", "--timeout", "0.5", rootfs.path,
                                         "sh", "-c", "echo y > /other; sleep 30"});
    CHECK(killed.exitCode == 124);
    CHECK(overlayScratchDirs() == scratchBefore);

    TempDir keep("scratch-keep");
    const fs::path changes = keep.path() / "changes";
    const RunResult kept = runScratch({"run", "-q", "--keep-changes", changes.string(), rootfs.path,
                                       "sh", "-c", "echo x > /newfile"});
    INFO(kept.describe());
    CHECK(kept.exitCode == 0);
    CHECK(fs::exists(changes / "newfile"));
    CHECK(treeOf(keep.path()) == std::set<std::string>{"changes", "changes/newfile"});
    CHECK(treeOf(rootfs.path) == before);

    const RunResult notEmpty =
        runScratch({"run", "-q", "--keep-changes", changes.string(), rootfs.path, "true"});
    CHECK(notEmpty.exitCode == 125);
    CHECK_THAT(notEmpty.err, Catch::Contains("not empty"));
    const RunResult inside = runScratch(
        {"run", "-q", "--keep-changes", rootfs.path + "/tmp/changes", rootfs.path, "true"});
    CHECK(inside.exitCode == 125);
    CHECK_THAT(inside.err, Catch::Contains("inside the rootfs"));
    CHECK(mountsTouching(mountTable(), rootfs.path) == mountsTouching(mountsBefore, rootfs.path));
}

TEST_CASE("--hostname: a UTS namespace of the container's own", "[root][container][uts]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    std::string hostHostname;
    std::getline(std::ifstream("/proc/sys/kernel/hostname"), hostHostname);
    const Trace trace = traceRun({"--hostname", "box-1"}, rootfs, {"hostname"});
    INFO(trace.describe());
    CHECK(trace.run.exitCode == 0);
    CHECK(trace.run.out == "box-1\n");
    CHECK(trace.verdict() == "isolated");
    bool newUts = false;
    for (const json& c : trace.syscalls("clone")) {
        if (argsText(c).find("CLONE_NEWUTS") != std::string::npos) newUts = true;
    }
    CHECK(newUts);
    std::string after;
    std::getline(std::ifstream("/proc/sys/kernel/hostname"), after);
    CHECK(after == hostHostname);
    const RunResult bad = runScratch({"run", "-q", "--hostname", "a b", rootfs, "true"});
    CHECK(bad.exitCode == 2);
}
