// The single checks that validate() is made of. Each throws scratch::Error with one line and
// its documented exit status; none needs root, so unit tests call them directly.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace scratch::container {

/// The PATH a container gets by default (the one Docker and runc use).
inline constexpr const char* kDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// rootfs must be an existing, non-empty directory (125). Returns it absolute and canonical,
/// so that every later message and check names the directory the kernel will use.
std::filesystem::path checkRootfsDir(const std::filesystem::path& rootfs);

/// A fresh procfs is mounted on the rootfs' own /proc, which must be a directory there (125):
/// creating it would modify the user's rootfs behind their back.
void checkProcMountPoint(int rootFd, const std::filesystem::path& rootfs);

/// A minimal /dev is mounted on the rootfs' own /dev, which must be a directory there (125),
/// for the same reason as /proc.
void checkDevMountPoint(int rootFd, const std::filesystem::path& rootfs);

/// runc's default maskedPaths: kernel interfaces that leak host information (kcore is the
/// host's memory, keys its keyrings, timer_list and sched_debug its tasks) or do nothing good.
inline constexpr const char* kDefaultMaskedPaths[] = {
    "/proc/acpi",
    "/proc/asound",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
};
/// runc's default readonlyPaths: writable host-wide knobs (/proc/sys is shared with the host
/// outside the namespaced parts; sysrq-trigger reboots the machine).
inline constexpr const char* kDefaultReadonlyPaths[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

/// A --mask PATH: absolute, no "." or ".." component (2). Returns it lexically normal.
std::string checkMaskPath(const std::string& path);

/// A --hostname: 1 to 64 bytes, printable, no '/' (2).
void checkHostname(const std::string& name);

/// A --workdir must be an absolute path (2).
void checkWorkdirSyntax(const std::string& workdir);

/// A --workdir must be a directory inside the root (rootFd; AT_FDCWD for the host), looked up
/// as the init's chdir will, symlinks resolved inside the root (125). Paths on the /proc or /dev
/// the init mounts (mountedDirs) are left for the init, which reports a failure the same way.
void checkWorkdirInRoot(int rootFd, const std::string& workdir, const std::string& rootLabel,
                        const std::vector<std::string>& mountedDirs);

/// Every fd the user asked to pass in must be open now (125); 0-2 are always passed.
void checkKeepFds(const std::vector<int>& fds);

/// The environment of a command that was given none: PATH, HOME (home, /root by default), and
/// the host's TERM when set (so that interactive tools draw correctly), nothing else of the host's.
std::vector<std::string> defaultEnvironment(const std::string& home = "/root");

/// The value of the first PATH= entry of env, or kDefaultPath when there is none.
std::string pathFromEnvironment(const std::vector<std::string>& env);

}  // namespace scratch::container
