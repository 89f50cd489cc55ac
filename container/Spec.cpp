// Spec names and validate(): every check runs before anything is forked, so a bad input costs
// one clear line and no half-built container.
#include "container/Spec.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/Error.h"
#include "common/UniqueFd.h"
#include "container/EnvOverrides.h"
#include "container/SpecChecks.h"
#include "container/privileges/SeccompProfile.h"
#include "container/privileges/UserLookup.h"
#include "container/rootfs/CommandLookup.h"
#include "container/rootfs/OverlayDirs.h"
#include "container/rootfs/PathInRoot.h"
#include "container/runtime/Namespaces.h"

namespace scratch::container {

std::string_view devModeName(DevMode mode) {
    switch (mode) {
        case DevMode::Auto:
            return "auto";
        case DevMode::Minimal:
            return "minimal";
        case DevMode::None:
            return "none";
    }
    return "unknown";
}

namespace {

/// --ns (or the default pid+mount), uts for --hostname, and a user namespace when not root
/// (rootless) or asked for: root inside maps to the caller's own uid and gid, one id each, so
/// an unprivileged caller needs no setuid helper (newuidmap) and root keeps its file access
/// but holds capabilities only over the container's own namespaces.
void chooseNamespaces(Spec& spec) {
    spec.namespaces = spec.namespaceList.empty() ? requiredNamespaceFlags()
                                                 : parseNamespaceList(spec.namespaceList);
    if (!spec.hostname.empty()) spec.namespaces |= CLONE_NEWUTS;
    if (spec.userns || ::geteuid() != 0) spec.namespaces |= CLONE_NEWUSER;
    spec.mapUid = ::geteuid();
    spec.mapGid = ::getegid();
}

/// The option combinations that make no sense: usage errors (2), before any file is looked at.
void checkOptionCombinations(Spec& spec) {
    const bool rootSwitch = spec.rootMode != RootMode::None;
    if (spec.devMode == DevMode::Auto) spec.devMode = rootSwitch ? DevMode::Minimal : DevMode::None;
    if (spec.devMode == DevMode::Minimal && !rootSwitch) {
        throw Error("--dev minimal needs a root switch (--root-mode chroot or pivot)", kExitUsage);
    }
    if (!spec.keepChanges.empty()) spec.overlay = true;
    if (spec.overlay && !rootSwitch) {
        throw Error("--overlay needs a root switch (--root-mode chroot or pivot)", kExitUsage);
    }
    if (spec.tty && spec.devMode != DevMode::Minimal) {
        throw Error("--tty needs --dev minimal: the terminal is made in the container's own devpts",
                    kExitUsage);
    }
    if (!spec.hostname.empty()) checkHostname(spec.hostname);
    chooseNamespaces(spec);
    if (!spec.workdir.empty()) checkWorkdirSyntax(spec.workdir);
    spec.lastCap = runningLastCap();
    // In a user namespace the init holds every capability of that namespace, whatever
    // scratch-trace holds on the host (nothing, when rootless).
    spec.heldCapabilities = hasUserNamespace(spec)
                                ? allCapabilities(spec.lastCap)
                                : ownPermittedCapabilities() & allCapabilities(spec.lastCap);
    const CapChoice caps =
        chooseCapabilities(spec.capAdd, spec.capDrop, spec.lastCap, spec.heldCapabilities);
    spec.capabilities = caps.set;
    spec.ambientCapabilities = caps.added;
    spec.maskedPaths.clear();
    spec.readonlyPaths.clear();
    if (spec.defaultMasks && spec.procMode == ProcMode::New) {
        for (const char* path : kDefaultMaskedPaths) spec.maskedPaths.emplace_back(path);
        for (const char* path : kDefaultReadonlyPaths) spec.readonlyPaths.emplace_back(path);
    }
    for (const std::string& path : spec.masks) {
        std::string normal = checkMaskPath(path);
        if (std::find(spec.maskedPaths.begin(), spec.maskedPaths.end(), normal) ==
            spec.maskedPaths.end()) {
            spec.maskedPaths.push_back(std::move(normal));
        }
    }
}

/// --user and the environment: the user's home from the root's /etc/passwd is the default HOME,
/// and --env changes the result (a --env PATH is the PATH the command is looked up in).
void resolveIdentity(Spec& spec, const LookupRoot& root) {
    std::string home = "/root";
    spec.uid = 0;
    spec.gid = 0;
    spec.groups.clear();
    if (!spec.user.empty()) {
        const UserIdentity identity =
            resolveUser(spec.user, readFileInRoot(root.fd, "/etc/passwd", root.label),
                        readFileInRoot(root.fd, "/etc/group", root.label), root.label);
        spec.uid = identity.uid;
        spec.gid = identity.gid;
        spec.groups = identity.groups;
        home = !identity.home.empty() ? identity.home : identity.uid == 0 ? "/root" : "/";
    }
    // Ambient capabilities exist for non-root users; root gets its set from the bounding set
    // at execve, and its inheritable set stays empty (CVE-2022-24769).
    if (spec.uid == 0) spec.ambientCapabilities = 0;
    if (spec.env.empty() && !spec.clearEnv) spec.env = defaultEnvironment(home);
    spec.envOverrideCount = applyEnvOverrides(
        spec.env, spec.envOverrides,
        [](const std::string& key) { return static_cast<const char*>(std::getenv(key.c_str())); });
}

/// The profile --seccomp names (none, or "default": the built-in one; "unconfined": none at
/// all; anything else: a file), compiled for the capabilities the command gets.
std::vector<sock_filter> compileSeccomp(const Spec& spec) {
    if (spec.seccompProfile == kSeccompUnconfined) return {};
    if (spec.seccompProfile.empty() || spec.seccompProfile == kSeccompDefault) {
        return compileSeccompText(defaultSeccompProfileText(), std::string(kSeccompDefault),
                                  spec.capabilities);
    }
    return compileSeccompProfile(spec.seccompProfile, spec.capabilities);
}

}  // namespace

void validate(Spec& spec) {
    if (spec.command.empty())
        throw Error("run needs a COMMAND to run in the container", kExitUsage);
    checkOptionCombinations(spec);
    spec.rootfs = checkRootfsDir(spec.rootfs);
    checkKeepFds(spec.keepFds);
    spec.seccompProgram = compileSeccomp(spec);

    const UniqueFd rootFd(::open(spec.rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!rootFd) {
        throw Error("rootfs " + printablePath(spec.rootfs.string()) + ": " + std::strerror(errno),
                    kExitFailure);
    }
    if (struct stat st{}; ::fstat(rootFd.get(), &st) == 0) {
        spec.rootDev = st.st_dev;
        spec.rootIno = st.st_ino;
    }
    if (spec.procMode == ProcMode::New && spec.rootMode != RootMode::None) {
        checkProcMountPoint(rootFd.get(), spec.rootfs);
    }
    if (spec.devMode == DevMode::Minimal) checkDevMountPoint(rootFd.get(), spec.rootfs);

    // With --root-mode none the command runs on the host's root: look it up there, the way
    // its execve will; the rootfs was still checked and is still recorded.
    LookupRoot root;
    if (spec.rootMode == RootMode::None) {
        root.fd = AT_FDCWD;
        root.label = "the host's root (--root-mode none)";
    } else {
        root.fd = rootFd.get();
        root.label = "the rootfs " + printablePath(spec.rootfs.string());
    }
    resolveIdentity(spec, root);
    // The user namespace maps one id each (root inside to the caller outside): another uid
    // or group would make setresuid/setresgid/setgroups fail with EINVAL/EPERM in the init.
    if (hasUserNamespace(spec) && (spec.uid != 0 || spec.gid != 0 || !spec.groups.empty())) {
        throw Error("--user " + spec.user +
                        ": only root (0:0) is mapped in the user namespace (rootless or --userns)",
                    kExitUsage);
    }
    if (!spec.workdir.empty()) {
        std::vector<std::string> mounted;
        if (spec.procMode == ProcMode::New) mounted.emplace_back("/proc");
        if (spec.devMode == DevMode::Minimal) mounted.emplace_back("/dev");
        checkWorkdirInRoot(root.fd, spec.workdir, root.label, mounted);
    }
    const ResolvedCommand found =
        lookupCommand(root, spec.command[0], pathFromEnvironment(spec.env));
    spec.execPath = found.execPath;
    spec.hostExecPath = found.hostPath;

    // Last, because it is the only step that changes anything on disk.
    spec.overlayDirs.reset();
    if (spec.overlay) spec.overlayDirs = OverlayDirs::create(spec.rootfs, spec.keepChanges);
}

void releaseRunResources(Spec& spec) {
    if (spec.overlayDirs) spec.overlayDirs->release();
}

std::vector<std::string> namespaceNames(const Spec& spec) {
    return namespaceNamesOf(spec.namespaces);
}

bool hasUserNamespace(const Spec& spec) { return (spec.namespaces & CLONE_NEWUSER) != 0; }

std::vector<std::string> setupSummary(const Spec& spec) {
    std::vector<std::string> out;
    out.push_back("dev=" + std::string(devModeName(spec.devMode)));
    out.push_back("masks=" + std::to_string(spec.maskedPaths.size()));
    out.push_back("readonly=" + std::to_string(spec.readonlyPaths.size()));
    if (spec.overlayDirs) {
        out.push_back("overlay=" + (spec.overlayDirs->keepsUpper()
                                        ? spec.overlayDirs->upper().string()
                                        : std::string("tmp")));
    }
    if (!spec.hostname.empty()) out.push_back("hostname=" + spec.hostname);
    out.push_back("user=" + std::to_string(spec.uid) + ":" + std::to_string(spec.gid));
    if (spec.capabilities == defaultCapabilities()) {
        out.emplace_back("caps=default");
    } else if (spec.capabilities == spec.heldCapabilities) {
        out.emplace_back("caps=all");
    } else {
        out.push_back("caps=" + std::to_string(__builtin_popcountll(spec.capabilities)));
    }
    out.emplace_back(spec.noNewPrivs ? "nnp=1" : "nnp=0");
    out.push_back("seccomp=" + (spec.seccompProfile.empty() ? std::string(kSeccompDefault)
                                                            : spec.seccompProfile));
    if (!spec.workdir.empty()) out.push_back("workdir=" + spec.workdir);
    if (spec.envOverrideCount > 0) out.push_back("env=" + std::to_string(spec.envOverrideCount));
    for (std::string& limit : limitsSummary(spec.limits)) out.push_back(std::move(limit));
    if (hasUserNamespace(spec)) {
        out.push_back("userns=0:" + std::to_string(spec.mapUid) + ":" +
                      std::to_string(spec.mapGid));
    }
    if ((spec.namespaces & CLONE_NEWNET) != 0) out.emplace_back("net=lo");
    if (spec.tty) out.emplace_back("tty=1");
    return out;
}

}  // namespace scratch::container
