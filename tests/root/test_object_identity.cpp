// Objects classified by what they are, in both root modes, with the default capabilities and with
// every one: memfd, secretmem, the task's own namespace files, pipes and sockets are anonymous
// (never a leak); a host fd kept with --keep-fd, received over SCM_RIGHTS or opened with
// open_by_handle_at is the host's, with its host path, also under pivot_root where d_path strings
// look like the container's; a second procfs carries its magic and its path inside procfs; a
// block device node its mode and device number; rootfs, container /proc and /dev as such.
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kModes = {"chroot", "pivot"};

/// Every path entry of the workload's syscalls named `name` ("" for all).
std::vector<std::pair<json, json>> workloadPaths(const Trace& trace, const std::string& name = "") {
    std::vector<std::pair<json, json>> out;
    for (const json& call : trace.syscalls(name)) {
        if (str(call, "phase") != "workload") continue;
        for (const json& p : call.value("paths", json::array())) out.emplace_back(call, p);
    }
    return out;
}

bool hasLeak(const Trace& trace) {
    for (const json& f : trace.findings()) {
        if (str(f, "severity") == "leak") return true;
    }
    return false;
}

/// A handle of `path` as open_by_handle_at takes it: "TYPE HEX".
std::pair<std::string, std::string> handleOf(const std::string& path) {
    struct {
        file_handle head;
        unsigned char bytes[MAX_HANDLE_SZ];
    } handle{};
    handle.head.handle_bytes = MAX_HANDLE_SZ;
    int mountId = 0;
    REQUIRE(name_to_handle_at(AT_FDCWD, path.c_str(), &handle.head, &mountId, 0) == 0);
    std::string hex;
    char byte[3];
    // The bytes through the struct's own array: f_handle is a zero-length array, and indexing
    // it trips -Warray-bounds.
    for (unsigned i = 0; i < handle.head.handle_bytes && i < MAX_HANDLE_SZ; ++i) {
        snprintf(byte, sizeof byte, "%02x", handle.bytes[i]);
        hex += byte;
    }
    return {std::to_string(handle.head.handle_type), hex};
}

}  // namespace

TEST_CASE("memfd, secretmem, own namespace files, pipes and sockets are anonymous",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "anon_objects");
    forEachContainerSetting([&](const ContainerSetting& setting) {
        const Trace trace = traceRun(setting.options(), rootfs, {prog});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "memfd: hello"));
        const bool secret = has(trace.run.out, "memfd_secret: yes");
        int memfd = 0;
        int secretmem = 0;
        int ns = 0;
        int pipes = 0;
        int sockets = 0;
        int queues = 0;
        int huge = 0;
        for (const auto& [call, p] : workloadPaths(trace)) {
            const std::string resolved = str(p, "resolved");
            const bool anonymous = str(p, "where") == "anonymous";
            INFO(call.dump());
            if (resolved.starts_with("/memfd:scratch-memfd")) {
                CHECK(anonymous);
                CHECK(p["host"].is_null());
                CHECK(num(p, "fs_magic") == TMPFS_MAGIC);
                ++memfd;
            } else if (resolved.starts_with("/secretmem")) {
                CHECK(anonymous);
                ++secretmem;
            } else if (resolved.starts_with("uts:[") || resolved.starts_with("net:[")) {
                CHECK(anonymous);
                CHECK(num(p, "fs_magic") == NSFS_MAGIC);
                ++ns;
            } else if (resolved.starts_with("pipe:[")) {
                CHECK(anonymous);
                ++pipes;
            } else if (resolved.starts_with("socket:[")) {
                CHECK(anonymous);
                ++sockets;
            } else if (resolved == "/scratch-anon") {
                CHECK(anonymous);
                ++queues;
            } else if (resolved.starts_with("/memfd:scratch-huge")) {
                CHECK(anonymous);
                ++huge;
            }
        }
        CHECK(memfd >= 3);  // write, lseek, read
        if (secret) CHECK(secretmem >= 2);
        CHECK(ns >= 3);
        CHECK(pipes >= 2);
        CHECK(sockets >= 2);
        if (has(trace.run.out, "mqueue: ok")) CHECK(queues >= 2);
        if (has(trace.run.out, "hugetlb memfd: yes")) CHECK(huge >= 1);
        CHECK(trace.verdict() == "isolated");
        CHECK_FALSE(hasLeak(trace));
    });
}

TEST_CASE(
    "a host directory fd, kept or received over SCM_RIGHTS, reaches the host in both "
    "root modes",
    "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    ScratchOptions withFd7;
    withFd7.passFds = {{7, "/"}};
    for (const char* name : {"host_fd", "scm_rights_fd"}) {
        const std::string prog = copyProgIntoRootfs(rootfs, name);
        forEachContainerSetting([&](const ContainerSetting& setting) {
            INFO(name);
            // (--keep-fd takes several values: an option after it ends the list.)
            std::vector<std::string> options = setting.options();
            options.insert(options.begin(), {"--keep-fd", "7"});
            const Trace trace = traceRun(options, rootfs, {prog, "7"}, withFd7);
            INFO(trace.describe());
            REQUIRE(trace.run.exitCode == 0);
            REQUIRE(has(trace.run.out, "openat(etc/passwd) = opened"));
            bool hostPasswd = false;
            for (const auto& [call, p] : workloadPaths(trace, "openat")) {
                if (givenPath(p) != "etc/passwd") continue;
                INFO(call.dump());
                CHECK(str(p, "where") == "host");
                CHECK(str(p, "host") == "/etc/passwd");
                hostPasswd = true;
            }
            CHECK(hostPasswd);
            CHECK(trace.verdict() == "leak");
            CHECK_FALSE(trace.findings("outside-rootfs").empty());
        });
    }
}

TEST_CASE("open_by_handle_at of a host file is the host's, with its host path",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "handle_open");
    // Next to the rootfs, so on the same filesystem as the container's root mount.
    const std::string secret = (fs::path(rootfs).parent_path() / "handle-secret.txt").string();
    std::ofstream(secret) << "host secret\n";
    const auto [type, hex] = handleOf(secret);
    for (const std::string& mode : kModes) {
        INFO("--root-mode " << mode);
        const Trace trace =
            traceRun({"--root-mode", mode, "--cap-add", "ALL"}, rootfs, {prog, type, hex});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        if (!has(trace.run.out, "host secret")) skipTest("open_by_handle_at refused here");
        bool read = false;
        for (const auto& [call, p] : workloadPaths(trace, "read")) {
            if (str(p, "host") != secret) continue;
            CHECK(str(p, "where") == "host");
            read = true;
        }
        CHECK(read);
        CHECK(trace.verdict() == "leak");

        // The handle of the host directory that holds it, then a relative open from there:
        // the start lies outside the root though its d_path looks inside.
        const auto [dirType, dirHex] = handleOf(fs::path(secret).parent_path().string());
        const Trace viaDir = traceRun({"--root-mode", mode, "--cap-add", "ALL"}, rootfs,
                                      {prog, dirType, dirHex, "handle-secret.txt"});
        INFO(viaDir.describe());
        REQUIRE(has(viaDir.run.out, "host secret"));
        bool opened = false;
        for (const auto& [call, p] : workloadPaths(viaDir, "openat")) {
            if (givenPath(p) != "handle-secret.txt") continue;
            CHECK(str(p, "where") == "host");
            CHECK(str(p, "host") == secret);
            opened = true;
        }
        CHECK(opened);
    }
    fs::remove(secret);
}

TEST_CASE("a second procfs carries procfs's magic and the path inside procfs", "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "second_procfs");
    for (const std::string& mode : kModes) {
        INFO("--root-mode " << mode);
        const Trace trace = traceRun({"--root-mode", mode, "--cap-add", "ALL"}, rootfs, {prog});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        REQUIRE(has(trace.run.out, "drop_caches opened"));
        int seen = 0;
        for (const auto& [call, p] : workloadPaths(trace, "openat")) {
            const std::string given = givenPath(p);
            if (!given.starts_with("/mnt/p/sys/")) continue;
            INFO(call.dump());
            CHECK(num(p, "fs_magic") == PROC_SUPER_MAGIC);
            CHECK(str(p, "fs_path") == given.substr(6));
            CHECK(str(p, "where") == "container-procfs");
            CHECK(num(p, "mnt_id") > 0);
            ++seen;
        }
        CHECK(seen == 2);
    }
}

TEST_CASE("a block device node carries its mode and device number", "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "block_node");
    for (const std::string& mode : kModes) {
        INFO("--root-mode " << mode);
        const Trace trace =
            traceRun({"--root-mode", mode, "--cap-add", "ALL"}, rootfs, {prog, "7", "0"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        REQUIRE_FALSE(has(trace.run.out, "mknod"));
        bool stat = false;
        for (const auto& [call, p] : workloadPaths(trace, "newfstatat")) {
            if (givenPath(p) != "/tmp/plain-name") continue;
            CHECK(S_ISBLK(num(p, "mode")));
            CHECK(num(p, "rdev") == static_cast<int64_t>(makedev(7, 0)));
            stat = true;
        }
        CHECK(stat);
    }
}

TEST_CASE(
    "rootfs files, the container's /proc and /dev, and a host /proc fd, in both root "
    "modes",
    "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "host_fd");
    ScratchOptions withProc;
    withProc.passFds = {{7, "/proc"}};
    forEachContainerSetting([&](const ContainerSetting& setting) {
        std::vector<std::string> options = setting.options();
        options.insert(options.begin(), {"--keep-fd", "7"});
        const Trace trace = traceRun(
            options, rootfs,
            {"/bin/sh", "-c",
             "cat /etc/passwd /proc/self/stat > /dev/null; head -c1 /dev/zero >/dev/null; " + prog +
                 " 7"},
            withProc);
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        std::map<std::string, std::string> where;
        std::map<std::string, std::string> host;
        for (const auto& [call, p] : workloadPaths(trace)) {
            where[givenPath(p)] = str(p, "where");
            host[givenPath(p)] = str(p, "host");
            if (givenPath(p) == "fd 7") CHECK(p.value("host_procfs", false));
        }
        CHECK(where["/etc/passwd"] == "rootfs");
        CHECK(host["/etc/passwd"] == rootfs + "/etc/passwd");
        CHECK(where["/proc/self/stat"] == "container-procfs");
        CHECK(where["/dev/zero"] == "container-mount");
        CHECK(where["fd 7"] == "host");
        CHECK(host["fd 7"] == "/proc");
    });
}

TEST_CASE("a workload's own mount namespace and its mounts stay the container's",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "own_mount_ns");
    for (const std::string& mode : kModes) {
        INFO("--root-mode " << mode);
        const Trace trace = traceRun({"--root-mode", mode, "--cap-add", "ALL"}, rootfs, {prog});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        REQUIRE(has(trace.run.out, "passwd 1 status 1 mnt/f 1"));
        std::map<std::string, std::string> where;
        for (const auto& [call, p] : workloadPaths(trace, "openat"))
            where[givenPath(p)] = str(p, "where");
        CHECK(where["/etc/passwd"] == "rootfs");
        CHECK(where["/proc/self/status"] == "container-procfs");
        CHECK(where["/mnt/f"] == "container-mount");
        CHECK(trace.verdict() == "isolated");
    }
}

TEST_CASE("after a chroot escape, host files on any filesystem are the host's",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "escape_read");
    // A host tmpfs file: the container's namespace holds a copy of that mount, in no table the
    // tracer reads, and it is still no anonymous object.
    std::string shm = "/dev/shm/scratch-escape-" + std::to_string(getpid());
    if (!fs::is_directory("/dev/shm")) shm = "/run/scratch-escape-" + std::to_string(getpid());
    std::ofstream(shm) << "host tmpfs file\n";
    const Trace trace = traceRun({"--root-mode", "chroot"}, rootfs, {prog, shm, "/etc/hostname"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    fs::remove(shm);
    REQUIRE(has(trace.run.out, "escape_read: " + shm + " 16"));
    bool seen = false;
    for (const auto& [call, p] : workloadPaths(trace, "openat")) {
        // The rootfs' own filesystem outside the rootfs directory (the namespace's copy of the
        // host mount that holds it) is the host's too.
        if (givenPath(p) == "/etc/hostname" && fs::exists("/etc/hostname")) {
            CHECK(str(p, "where") == "host");
            CHECK(str(p, "host") == "/etc/hostname");
        }
        if (givenPath(p) != shm) continue;
        CHECK(str(p, "where") == "host");
        CHECK(str(p, "host") == shm);
        seen = true;
    }
    CHECK(seen);
    CHECK(trace.verdict() == "leak");
}

TEST_CASE("sysfs and a bind of a part of it carry the path inside sysfs", "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    for (const std::string& mode : kModes) {
        INFO("--root-mode " << mode);
        const Trace trace =
            traceRun({"--root-mode", mode, "--cap-add", "ALL"}, rootfs,
                     {"/bin/sh", "-c",
                      "mount -t sysfs s /sys && cat /sys/kernel/uevent_seqnum >/dev/null && "
                      "mkdir -p /tmp/k && mount --bind /sys/kernel /tmp/k && "
                      "cat /tmp/k/uevent_seqnum >/dev/null; umount /tmp/k; umount /sys"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        int seen = 0;
        for (const auto& [call, p] : workloadPaths(trace, "openat")) {
            const std::string given = givenPath(p);
            if (given != "/sys/kernel/uevent_seqnum" && given != "/tmp/k/uevent_seqnum") continue;
            INFO(call.dump());
            CHECK(num(p, "fs_magic") == SYSFS_MAGIC);
            CHECK(str(p, "fs_path") == "/kernel/uevent_seqnum");
            ++seen;
        }
        CHECK(seen == 2);
    }
}
