// Spec names and validate(): every check runs before anything is forked, so a bad input costs
// one clear line and no half-built container.
#include "container/Spec.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "common/Error.h"
#include "container/CommandLookup.h"
#include "container/PathInRoot.h"
#include "common/UniqueFd.h"
#include "container/SpecChecks.h"

namespace scratch::container {

std::string_view rootModeName(RootMode mode) {
    switch (mode) {
        case RootMode::Chroot:
            return "chroot";
        case RootMode::Pivot:
            return "pivot";
        case RootMode::None:
            return "none";
    }
    return "unknown";
}

std::string_view procModeName(ProcMode mode) {
    switch (mode) {
        case ProcMode::New:
            return "new";
        case ProcMode::None:
            return "none";
    }
    return "unknown";
}

void validate(Spec& spec) {
    checkRunningAsRoot();
    if (spec.command.empty())
        throw Error("run needs a COMMAND to run in the container", kExitUsage);
    spec.rootfs = checkRootfsDir(spec.rootfs);
    checkKeepFds(spec.keepFds);
    if (spec.env.empty()) spec.env = defaultEnvironment();

    const UniqueFd rootFd(::open(spec.rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!rootFd) {
        throw Error("rootfs " + printablePath(spec.rootfs.string()) + ": " + std::strerror(errno),
                    kExitFailure);
    }
    if (spec.procMode == ProcMode::New && spec.rootMode != RootMode::None) {
        checkProcMountPoint(rootFd.get(), spec.rootfs);
    }

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
    const ResolvedCommand found =
        lookupCommand(root, spec.command[0], pathFromEnvironment(spec.env));
    spec.execPath = found.execPath;
    spec.hostExecPath = found.hostPath;
}

}  // namespace scratch::container
