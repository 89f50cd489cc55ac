// A real distribution: a Debian minbase root filesystem made by debootstrap, with procps' ps.
// Issue: no false alarms on real root filesystems (ps, ls -R, find, shell scripts come out
// isolated), and procps' ps inside sees only the container. Skipped when debootstrap is missing
// or cannot reach Debian's archive.
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// The minbase rootfs (about 40 s to make), kept in the build tree so that tests leave nothing
/// outside it; SCRATCH_DEBIAN_ROOTFS names another place (scripts/test.sh points the sanitizer
/// build at the first build's, so it is made once per test run).
std::string debianRootfs() {
    const char* chosen = std::getenv("SCRATCH_DEBIAN_ROOTFS");
    static const fs::path dir = chosen != nullptr && *chosen != '\0'
                                    ? fs::path(chosen)
                                    : fs::path(SCRATCH_BUILD_DIR) / "test-rootfs/debian-minbase";
    if (fs::exists(dir / "usr/bin/ps")) return dir.string();
    if (std::system("command -v debootstrap >/dev/null 2>&1") != 0) {
        skipTest("debootstrap is not installed (scripts/setup.sh installs it)");
    }
    const fs::path tmp = dir.string() + ".tmp";
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    fs::remove_all(tmp, ec);
    // In a mount namespace of its own: debootstrap mounts /proc and more inside its target, and
    // tests running beside this one compare the host's mount table before and after.
    const std::string cmd =
        "unshare --mount --propagation private debootstrap --variant=minbase "
        "--include=procps bookworm " +
        tmp.string() + " http://deb.debian.org/debian >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0 || !fs::exists(tmp / "usr/bin/ps")) {
        fs::remove_all(tmp, ec);
        skipTest("debootstrap could not make a Debian rootfs here (no archive reachable?)");
    }
    fs::rename(tmp, dir);
    return dir.string();
}

}  // namespace

TEST_CASE("procps ps in a Debian minbase rootfs sees only the container", "[root][debian]") {
    requireRoot();
    const std::string rootfs = debianRootfs();
    const Trace trace = traceRun({}, rootfs, {"ps", "-eo", "pid,comm"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(trace.run.out.find("1 ps") != std::string::npos);
    // Only ps itself: a header line and one process.
    CHECK(std::count(trace.run.out.begin(), trace.run.out.end(), '\n') == 2);
    CHECK(trace.verdict() == "isolated");
    bool procRead = false;
    for (const json& call : trace.syscalls("openat")) {
        for (const json& path : call["paths"]) {
            if (str(path, "where") == "container-procfs") procRead = true;
            CHECK(str(path, "where") != "host");
        }
    }
    CHECK(procRead);
}

TEST_CASE("a Debian rootfs running ls -R, find and a bash script is isolated", "[root][debian]") {
    requireRoot();
    const std::string rootfs = debianRootfs();
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"ls", "-R", "/etc"},
          {"find", "/usr/share/doc", "-name", "copyright"},
          {"bash", "-c",
           "for i in 1 2 3; do grep -c ID /etc/os-release; ls /proc/self/fd; done; id; "
           "cat /proc/sys/kernel/hostname; ps aux | wc -l"}}) {
        for (const char* mode : {"chroot", "pivot"}) {
            const Trace trace = traceRun({"--root-mode", mode}, rootfs, command);
            INFO(mode << ": " << command.front() << "\n" << trace.describe());
            CHECK(trace.run.exitCode == 0);
            CHECK(trace.verdict() == "isolated");
            CHECK(trace.findings().empty());
        }
    }
}
