// launcherMain: the traced launcher. Everything it does shows up in the trace, so it makes few
// syscalls: pipe2, clone (clone3 for a time namespace), close_range, read, close, wait4, the user
// namespace's three /proc/PID map files when there is one (and one write on failure).
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "common/Error.h"
#include "container/Spec.h"
#include "container/rootfs/OverlayDirs.h"
#include "container/rootfs/PathInRoot.h"
#include "container/runtime/ContainerInit.h"
#include "container/runtime/Namespaces.h"

namespace scratch::container {
namespace {

/// The init's stack. Static (.bss) rather than mmap'd so that it costs no traced syscall; the
/// init gets its own copy-on-write copy, since the clone has no CLONE_VM.
constexpr size_t kInitStackSize = size_t{256} * 1024;
alignas(64) char gInitStack[kInitStackSize];

/// "CAP_NAME" of a capability number the init sent, or "capability N".
std::string capName(int cap) {
    const std::string_view name = cap >= 0 ? container::capName(static_cast<unsigned>(cap)) : "";
    return name.empty() ? "capability " + std::to_string(cap) : "CAP_" + std::string(name);
}

/// One line to stderr in one write(), so that it cannot interleave with the container's output.
void printLine(const std::string& text) {
    const std::string line = "scratch-trace: " + text + "\n";
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

/// The entry `index` of list, for a message; "?" when the init sent something out of range.
template <typename List>
std::string entryOf(const List& list, int index) {
    if (index < 0 || static_cast<size_t>(index) >= std::size(list)) return "?";
    return printablePath(std::string(list[static_cast<size_t>(index)]));
}

std::string describe(const Spec& spec, const InitFailure& failure) {
    const std::string rootfs = printablePath(spec.rootfs.string());
    switch (failure.stage) {
        case InitStage::UserMaps:
            return "waiting for the user namespace's id maps";
        case InitStage::Loopback:
            return "bringing lo up in the new network namespace";
        case InitStage::DevNodeSource:
            return std::string("taking the host's ") +
                   (failure.fd >= 0 && static_cast<size_t>(failure.fd) < std::size(kDevNodes)
                        ? kDevNodes[failure.fd].path
                        : "?") +
                   " to bind into /dev (open_tree)";
        case InitStage::Hostname:
            return "setting the hostname " + printablePath(spec.hostname);
        case InitStage::Overlay:
            return "mounting the overlay on " + rootfs +
                   (spec.overlayDirs ? " (upper " + printablePath(spec.overlayDirs->upper()) + ")"
                                     : std::string());
        case InitStage::OpenDevNull:
            return "opening the host's /dev/null for the masks";
        case InitStage::DevTmpfs:
            return "mounting a tmpfs on /dev (--dev minimal)";
        case InitStage::DevNode:
            return std::string("mknod ") +
                   (failure.fd >= 0 && static_cast<size_t>(failure.fd) < std::size(kDevNodes)
                        ? kDevNodes[failure.fd].path
                        : "?");
        case InitStage::DevLink:
            return std::string("symlink ") +
                   (failure.fd >= 0 && static_cast<size_t>(failure.fd) < std::size(kDevLinks)
                        ? kDevLinks[failure.fd][0]
                        : "?");
        case InitStage::DevDir:
            return std::string("mkdir ") +
                   (failure.fd >= 0 && static_cast<size_t>(failure.fd) < std::size(kDevDirs)
                        ? kDevDirs[failure.fd].path
                        : "?");
        case InitStage::DevPts:
            return "mounting a private devpts on /dev/pts";
        case InitStage::MaskPath:
            return "masking " + entryOf(spec.maskedPaths, failure.fd) +
                   (spec.devMode != DevMode::Minimal && spec.procMode == ProcMode::None
                        ? " (--dev none --proc none: no /dev/null to bind over files)"
                        : "");
        case InitStage::ReadonlyPath:
            return "making " + entryOf(spec.readonlyPaths, failure.fd) + " read-only";
        case InitStage::DeathSignal:
            return "prctl(PR_SET_PDEATHSIG)";
        case InitStage::NewSession:
            return "setsid (a session of the container's own)";
        case InitStage::NodevRootfs:
            return "remounting the rootfs nodev (" + rootfs + ")";
        case InitStage::StatRootfs:
            return "stat of the rootfs " + rootfs;
        case InitStage::RootOutside:
            return "after the root switch the kernel's root or working directory is not " + rootfs +
                   ": refused";
        case InitStage::WorkdirOutside:
            return "--workdir " + printablePath(spec.workdir) +
                   " leads outside the container (the kernel cannot reach it from the "
                   "container's root: a host directory through /proc/self/fd?): refused";
        case InitStage::Terminal:
            return "making the container's terminal (--tty: /dev/ptmx in its devpts)";
        case InitStage::DevShm:
            return "mounting a tmpfs on /dev/shm";
        case InitStage::PrivateMounts:
            return "making the mount tree private (mount / MS_REC|MS_PRIVATE)";
        case InitStage::BindRootfs:
            return "bind-mounting the rootfs onto itself (" + rootfs + ")";
        case InitStage::ChdirRootfs:
            return "chdir " + rootfs;
        case InitStage::PivotRoot:
            return "pivot_root into " + rootfs;
        case InitStage::DetachOldRoot:
            return "detaching the old root (umount2 MNT_DETACH)";
        case InitStage::Chroot:
            return "chroot " + rootfs;
        case InitStage::ChdirRoot:
            return "chdir / in the new root";
        case InitStage::MountProc:
            return "mounting a fresh proc on /proc";
        case InitStage::KeepFd:
            return "putting --keep-fd " + std::to_string(failure.fd) + " in place (dup3)";
        case InitStage::CloseFds:
            return "closing inherited file descriptors (close_range)";
        case InitStage::Workdir:
            return "chdir --workdir " + printablePath(spec.workdir) + " in the container";
        case InitStage::KeepCaps:
            return "prctl(PR_SET_KEEPCAPS) before switching to --user " + printablePath(spec.user);
        case InitStage::CapBoundingDrop:
            return "dropping " + capName(failure.fd) + " from the bounding set (PR_CAPBSET_DROP)";
        case InitStage::SetGroups:
            return "setgroups (" + std::to_string(spec.groups.size()) + " supplementary groups)";
        case InitStage::SetGid:
            return "setresgid " + std::to_string(spec.gid);
        case InitStage::SetUid:
            return "setresuid " + std::to_string(spec.uid);
        case InitStage::CapSet:
            return "capset of the command's capabilities";
        case InitStage::CapAmbient:
            return "raising the ambient capability " + capName(failure.fd);
        case InitStage::NoNewPrivs:
            return "prctl(PR_SET_NO_NEW_PRIVS)";
        case InitStage::Seccomp:
            return "applying the --seccomp profile";
        case InitStage::Execve:
            return "execve " + printablePath(spec.execPath);
    }
    return "container init";
}

/// Closes every fd above 2 except readFd: what the tracer had open is none of the launcher's
/// business, and the pipe's write end must go or the read below would never see EOF.
void closeAllExcept(int readFd, int writeFd) {
    if (readFd >= 3) {
        if (readFd > 3) ::syscall(SYS_close_range, 3U, static_cast<unsigned>(readFd) - 1, 0U);
        ::syscall(SYS_close_range, static_cast<unsigned>(readFd) + 1, ~0U, 0U);
    } else {
        ::syscall(SYS_close_range, 3U, ~0U, 0U);
    }
    if (writeFd < 3) ::close(writeFd);  // only when the tracer ran with stdio closed
}

/// CLONE_NEWTIME shares its value with CSIGNAL's bits, so clone() cannot take it: clone3
/// can, and puts the child itself into the new time namespace (unshare would only move
/// the launcher's later children).
constexpr uint64_t kCloneNewTime = 0x00000080;

/// clone3's argument (the kernel's struct clone_args, version 0: 64 bytes).
struct CloneArgs {
    uint64_t flags;
    uint64_t pidfd;
    uint64_t childTid;
    uint64_t parentTid;
    uint64_t exitSignal;
    uint64_t stack;
    uint64_t stackSize;
    uint64_t tls;
};

/// Clones the init into new namespaces with a SIGCHLD exit signal (an ordinary child to
/// waitpid). No CLONE_VM: the init gets a copy of memory like fork, so plan and its arrays
/// stay valid there whatever the launcher does. clone() with the static stack normally;
/// clone3 without a stack (fork-like: the child goes on on its copy of this stack) when a
/// time namespace is asked for.
pid_t cloneInit(uint64_t namespaces, InitPlan& plan) {
    if ((namespaces & kCloneNewTime) == 0) {
        return ::clone(containerInit, gInitStack + kInitStackSize,
                       static_cast<int>(namespaces) | SIGCHLD, &plan);
    }
    CloneArgs args{};
    args.flags = namespaces;
    args.exitSignal = SIGCHLD;
    const long pid = ::syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) ::_exit(containerInit(&plan));
    return static_cast<pid_t>(pid);
}

/// A hint for a refused clone: what usually causes it.
std::string whyCloneFailed(const Spec& spec, int err) {
    if (err == EPERM && !hasUserNamespace(spec)) return " (needs root, or --userns)";
    if ((err == EPERM || err == ENOSPC || err == EUSERS) && hasUserNamespace(spec)) {
        return " (user namespaces disabled? see /proc/sys/user/max_user_namespaces)";
    }
    if (err == EINVAL) return " (a namespace this kernel does not have?)";
    return "";
}

/// Writes text to /proc/PID/FILE in one write; "" on success, else what went wrong.
std::string writeProcFile(pid_t pid, const char* file, const std::string& text) {
    const std::string path = "/proc/" + std::to_string(pid) + "/" + file;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return path + ": " + std::strerror(errno);
    const ssize_t n = ::write(fd, text.data(), text.size());
    const int err = errno;
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size())) return path + ": " + std::strerror(err);
    return "";
}

/// Maps root inside to mapUid:mapGid outside, one id each. setgroups must be denied before
/// an unprivileged process may write gid_map (user_namespaces(7)); as root it is denied too,
/// so that the container can never drop a supplementary group to get past a deny rule.
std::string writeUserMaps(pid_t init, const Spec& spec) {
    std::string problem = writeProcFile(init, "setgroups", "deny");
    if (problem.empty()) {
        problem = writeProcFile(init, "uid_map", "0 " + std::to_string(spec.mapUid) + " 1\n");
    }
    if (problem.empty()) {
        problem = writeProcFile(init, "gid_map", "0 " + std::to_string(spec.mapGid) + " 1\n");
    }
    return problem;
}

}  // namespace

int launcherMain(const Spec& spec) {
    // Everything the init needs is built here, before clone: the init must not allocate
    // (the copied heap may be mid-update in theory, and every brk/mmap would be traced).
    std::vector<char*> argv;
    argv.reserve(spec.command.size() + 1);
    for (const std::string& arg : spec.command) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    envp.reserve(spec.env.size() + 1);
    for (const std::string& var : spec.env) envp.push_back(const_cast<char*>(var.c_str()));
    envp.push_back(nullptr);
    std::vector<int> keep;
    for (const int fd : spec.keepFds) {
        if (fd > 2) keep.push_back(fd);
    }
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    std::vector<const char*> masked;
    for (const std::string& path : spec.maskedPaths) masked.push_back(path.c_str());
    std::vector<const char*> readonly;
    for (const std::string& path : spec.readonlyPaths) readonly.push_back(path.c_str());
    // In a user namespace overlayfs cannot write its trusted.* attributes: user.* ones instead.
    const std::string overlayOptions = spec.overlayDirs
                                           ? spec.overlayDirs->mountOptions(spec.rootfs) +
                                                 (hasUserNamespace(spec) ? ",userxattr" : "")
                                           : std::string();

    // The init reports a failure through this pipe; close-on-exec, so a successful execve
    // closes the init's end and the launcher's read returns 0.
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        printLine(std::string("pipe2: ") + std::strerror(errno));
        return kExitFailure;
    }

    InitPlan plan;
    plan.rootMode = spec.rootMode;
    plan.procMode = spec.procMode;
    plan.devMode = spec.devMode == DevMode::Minimal ? DevMode::Minimal : DevMode::None;
    plan.rootfs = spec.rootfs.c_str();
    plan.overlayOptions = spec.overlayDirs ? overlayOptions.c_str() : nullptr;
    if (!spec.hostname.empty()) {
        plan.hostname = spec.hostname.c_str();
        plan.hostnameLen = spec.hostname.size();
    }
    plan.masked = masked.data();
    plan.maskedCount = masked.size();
    plan.readonly = readonly.data();
    plan.readonlyCount = readonly.size();
    plan.execPath = spec.execPath.c_str();
    plan.argv = argv.data();
    plan.envp = envp.data();
    plan.keepFds = keep.data();
    plan.keepCount = keep.size();
    plan.errorFd = pipeFds[1];
    // The init starts by closing everything but what it needs; a --keep-fd travels as a
    // close-on-exec copy, put in place only right before execve.
    std::vector<int> stash;
    for (const int fd : keep) {
        const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (copy < 0) {
            printLine("--keep-fd " + std::to_string(fd) + ": " + std::strerror(errno));
            return kExitFailure;
        }
        stash.push_back(copy);
    }
    plan.keepStash = stash.data();
    plan.rootDev = spec.overlayDirs ? 0 : spec.rootDev;
    plan.rootIno = spec.overlayDirs ? 0 : spec.rootIno;
    plan.nodevRoot = spec.rootMode != RootMode::None && spec.devMode == DevMode::Minimal &&
                     (spec.capabilities & capBit(CAP_MKNOD)) == 0;
    if (!spec.workdir.empty()) plan.workdir = spec.workdir.c_str();
    plan.privileges.uid = spec.uid;
    plan.privileges.gid = spec.gid;
    plan.privileges.groups = spec.groups.data();
    plan.privileges.groupCount = spec.groups.size();
    plan.privileges.capabilities = spec.capabilities;
    plan.privileges.ambient = spec.ambientCapabilities;
    plan.privileges.lastCap = spec.lastCap;
    plan.privileges.noNewPrivs = spec.noNewPrivs;
    plan.privileges.setGroups = !hasUserNamespace(spec);
    sock_fprog seccompProgram{};
    if (!spec.seccompProgram.empty()) {
        seccompProgram.len = static_cast<unsigned short>(spec.seccompProgram.size());
        seccompProgram.filter = const_cast<sock_filter*>(spec.seccompProgram.data());
        plan.seccomp = &seccompProgram;
    }

    // User namespace: the init waits on this pipe until the launcher has written its maps.
    int syncFds[2] = {-1, -1};
    if (hasUserNamespace(spec) && ::pipe2(syncFds, O_CLOEXEC) != 0) {
        printLine(std::string("pipe2: ") + std::strerror(errno));
        return kExitFailure;
    }
    plan.syncFd = syncFds[0];
    plan.syncWriteFd = syncFds[1];
    plan.loopbackUp = (spec.namespaces & CLONE_NEWNET) != 0;
    std::vector<int> initFds = stash;
    plan.ttySocket = spec.tty ? spec.ttySocket : -1;
    for (const int fd : {pipeFds[1], syncFds[0], syncFds[1], plan.ttySocket}) {
        if (fd >= 0) initFds.push_back(fd);
    }
    std::sort(initFds.begin(), initFds.end());
    plan.initFds = initFds.data();
    plan.initFdCount = initFds.size();
    plan.bindDevNodes = hasUserNamespace(spec);

    const pid_t init = cloneInit(spec.namespaces, plan);
    if (init < 0) {
        const int err = errno;
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        printLine((spec.namespaces & kCloneNewTime ? "clone3(" : "clone(") +
                  cloneFlagsText(spec.namespaces) + "): " + std::strerror(err) +
                  whyCloneFailed(spec, err));
        return kExitFailure;
    }
    if (hasUserNamespace(spec)) {
        ::close(syncFds[0]);
        const std::string problem = writeUserMaps(init, spec);
        if (!problem.empty()) {
            // Without maps the init would run as nobody with no way to set anything up.
            ::close(syncFds[1]);
            ::kill(init, SIGKILL);
            while (::waitpid(init, nullptr, 0) < 0 && errno == EINTR) {
            }
            ::close(pipeFds[0]);
            ::close(pipeFds[1]);
            printLine("writing the user namespace's id maps: " + problem);
            return kExitFailure;
        }
        [[maybe_unused]] const ssize_t n = ::write(syncFds[1], "1", 1);
        ::close(syncFds[1]);
    }

    closeAllExcept(pipeFds[0], pipeFds[1]);
    InitFailure failure{};
    size_t got = 0;
    while (got < sizeof failure) {
        const ssize_t n =
            ::read(pipeFds[0], reinterpret_cast<char*>(&failure) + got, sizeof failure - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<size_t>(n);
    }
    ::close(pipeFds[0]);

    int status = 0;
    while (::waitpid(init, &status, 0) < 0) {
        if (errno != EINTR) {
            printLine(std::string("waitpid on the container init: ") + std::strerror(errno));
            return kExitFailure;
        }
    }

    if (got == sizeof failure) {
        // A refusal is its own reason; anything else failed with an errno.
        printLine(isOutsideRefusal(failure.stage)
                      ? describe(spec, failure)
                      : describe(spec, failure) + ": " + std::strerror(failure.error));
        return initFailureExitCode(failure.stage, failure.error);
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return kExitFailure;
}

}  // namespace scratch::container
