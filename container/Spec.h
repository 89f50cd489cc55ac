// What container to build: the validated result of the command line, before anything is forked.
#pragma once

#include <linux/filter.h>
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/IsolationModes.h"
#include "container/cgroup/CgroupLimits.h"
#include "container/privileges/Capabilities.h"

namespace scratch::container {

// The root switch and the /proc mode, with their names (common/IsolationModes.h: the reports
// read them too).
using scratch::ProcMode;
using scratch::procModeName;
using scratch::RootMode;
using scratch::rootModeName;

/// What the container gets on /dev. Auto: Minimal with a root switch, None without one.
enum class DevMode { Auto, Minimal, None };

std::string_view devModeName(DevMode mode);

class OverlayDirs;

/// Everything the launcher needs. Build it, then call validate() before forking.
/// The fields follow the options, not their sizes: one Spec per run, 32 bytes of padding.
// NOLINTNEXTLINE(clang-analyzer-optin.performance.Padding): see above
struct Spec {
    std::filesystem::path rootfs;      ///< as given; validate() makes it absolute and canonical
    std::vector<std::string> command;  ///< argv; command[0] as given by the user
    RootMode rootMode = RootMode::Chroot;
    ProcMode procMode = ProcMode::New;
    std::vector<std::string> env;       ///< the command's environment (validate() fills a default)
    std::vector<int> keepFds;           ///< host fds above 2 deliberately passed into the container
    DevMode devMode = DevMode::Auto;    ///< validate() turns Auto into Minimal or None
    bool defaultMasks = true;           ///< runc's masked and read-only /proc paths (--proc new)
    std::vector<std::string> masks;     ///< --mask: more container paths to hide
    bool overlay = false;               ///< run on an overlayfs whose lower layer is the rootfs
    std::filesystem::path keepChanges;  ///< --keep-changes: the overlay's upper layer goes here
    std::string hostname;               ///< non-empty: a new UTS namespace with this hostname
    /// --seccomp: "" or "default" (the built-in profile, profiles/default.json), "unconfined"
    /// (none), or the path of an OCI profile; applied right before execve.
    std::string seccompProfile;
    std::vector<std::string> envOverrides;  ///< --env KEY=VALUE or KEY (the host's value)
    bool clearEnv = false;                  ///< --clear-env: start from no variable at all
    std::string workdir;                    ///< --workdir: absolute, inside the container
    std::string user;                       ///< --user UID[:GID] or NAME[:GROUP]; "" is root
    std::vector<std::string> capAdd;        ///< --cap-add NAME|ALL
    std::vector<std::string> capDrop;       ///< --cap-drop NAME|ALL
    bool noNewPrivs = true;                 ///< false with --allow-new-privs
    CgroupLimits limits;        ///< --memory, --pids, --cpus: enforced by the run's cgroup (cli/)
    std::string namespaceList;  ///< --ns: "pid,mount,net,..."; empty: the default set
    bool userns = false;        ///< --userns: a user namespace even when run as root
    bool tty = false;           ///< --tty: the command gets a fresh pty of the container's own
    int ttySocket = -1;         ///< --tty: TerminalRelay::initEnd(), set by the caller of launch

    // Filled by validate():
    std::string execPath;                ///< command[0] resolved to a path as seen inside the root
    std::filesystem::path hostExecPath;  ///< the same on the host (for messages and checks)
    std::vector<std::string> maskedPaths;  ///< hidden: /dev/null over files, empty tmpfs over dirs
    std::vector<std::string> readonlyPaths;   ///< bound onto themselves read-only
    std::vector<sock_filter> seccompProgram;  ///< the compiled profile; empty: unconfined
    dev_t rootDev = 0;  ///< the rootfs directory (fstat): where the init's root must land
    ino_t rootIno = 0;
    size_t envOverrideCount = 0;  ///< distinct keys --env named
    uid_t uid = 0;                ///< --user resolved in the rootfs
    gid_t gid = 0;
    std::vector<gid_t> groups;        ///< supplementary groups (from the rootfs' /etc/group)
    CapMask capabilities = 0;         ///< the command's bounding/permitted/effective set
    CapMask ambientCapabilities = 0;  ///< --cap-add'ed ones, raised for a non-root --user
    unsigned lastCap = 0;             ///< the running kernel's cap_last_cap
    CapMask heldCapabilities = 0;     ///< scratch-trace's own permitted set: "all" there is
    uint64_t namespaces = 0;          ///< the CLONE_NEW* flags the init is cloned with
    /// With a user namespace: the host uid and gid that root inside maps to (one id each).
    uid_t mapUid = 0;
    gid_t mapGid = 0;
    /// The overlay's upper and work directories, made by validate() as its very last step and
    /// removed (the work dir always, the upper dir unless --keep-changes) when the last copy of
    /// the spec dies in the process that made them, or earlier by releaseRunResources().
    std::shared_ptr<OverlayDirs> overlayDirs;
};

/// Checks the spec and fills the derived fields. Throws scratch::Error with one clear line and
/// the documented exit status: rootfs missing / not a directory / empty, command not found
/// (127) or not executable (126), bad --ns, bad fds.
void validate(Spec& spec);

/// Removes what validate() made for the run (the overlay's scratch directories) now, rather
/// than when the spec dies. Call it after the trace ended; harmless to call twice.
void releaseRunResources(Spec& spec);

/// The namespaces the container gets, by name (after validate(): see Spec::namespaces).
std::vector<std::string> namespaceNames(const Spec& spec);

/// Whether the container gets a user namespace (its root mapped to mapUid:mapGid).
bool hasUserNamespace(const Spec& spec);

/// What the init sets up besides the root switch and /proc, one short "key=value" each
/// (dev=minimal, masks=7, readonly=4, overlay=tmp|DIR, hostname=NAME, user=UID:GID,
/// caps=default|all|N, nnp=1|0, workdir=DIR, env=N, memory=64MiB, pids=20, cpus=0.5),
/// for the start record.
std::vector<std::string> setupSummary(const Spec& spec);

/// The body of the traced launcher process: clones the container init into new PID and mount
/// namespaces, waits for it and returns the status to exit with (128+N when killed by signal N).
/// The init makes the mount tree private, switches the root, mounts /proc, closes inherited fds
/// and execs the command; a failure there is written to stderr as one line and gives 125/126/127.
int launcherMain(const Spec& spec);

}  // namespace scratch::container
