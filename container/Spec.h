// What container to build: the validated result of the command line, before anything is forked.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::container {

/// How the container's root is switched. Chroot is the seed article's way.
enum class RootMode { Chroot, Pivot, None };
/// Whether a fresh procfs for the new PID namespace is mounted on /proc.
enum class ProcMode { New, None };

std::string_view rootModeName(RootMode mode);
std::string_view procModeName(ProcMode mode);

/// Everything the launcher needs. Build it, then call validate() before forking.
struct Spec {
    std::filesystem::path rootfs;       ///< as given; validate() makes it absolute and canonical
    std::vector<std::string> command;   ///< argv; command[0] as given by the user
    RootMode rootMode = RootMode::Chroot;
    ProcMode procMode = ProcMode::New;
    std::vector<std::string> env;       ///< the command's environment (validate() fills a default)
    std::vector<int> keepFds;           ///< host fds above 2 deliberately passed into the container

    // Filled by validate():
    std::string execPath;               ///< command[0] resolved to a path as seen inside the root
    std::filesystem::path hostExecPath; ///< the same on the host (for messages and checks)
};

/// Checks the spec and fills the derived fields. Throws scratch::Error with one clear line and
/// the documented exit status: rootfs missing / not a directory / empty, command not found
/// (127) or not executable (126), not root, bad fds.
void validate(Spec& spec);

/// The body of the traced launcher process: clones the container init into new PID and mount
/// namespaces, waits for it and returns the status to exit with (128+N when killed by signal N).
/// The init makes the mount tree private, switches the root, mounts /proc, closes inherited fds
/// and execs the command; a failure there is written to stderr as one line and gives 125/126/127.
int launcherMain(const Spec& spec);

}  // namespace scratch::container
