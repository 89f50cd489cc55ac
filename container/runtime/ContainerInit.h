// The container's init: the child cloned into the new PID and mount namespaces. It runs
// between clone and execve, so it allocates nothing and touches only what InitPlan prepared.
#pragma once

#include <linux/filter.h>

#include <cstddef>
#include <cstdint>

#include "container/Spec.h"
#include "container/privileges/PrivilegePlan.h"

namespace scratch::container {

/// Which step of the init failed; sent to the launcher, which words the message.
enum class InitStage : int32_t {
    DeathSignal,      ///< prctl(PR_SET_PDEATHSIG)
    NewSession,       ///< setsid: never the operator's session or controlling terminal
    UserMaps,         ///< waiting for the launcher to write the user namespace's id maps
    PrivateMounts,    ///< mount(NULL, "/", MS_REC|MS_PRIVATE)
    Loopback,         ///< bringing lo up in the new network namespace (SIOCSIFFLAGS)
    Hostname,         ///< sethostname in the new UTS namespace
    Overlay,          ///< mount("overlay", rootfs) with the rootfs as lower layer
    OpenDevNull,      ///< open the host's /dev/null before the root switch (--dev none masks)
    BindRootfs,       ///< bind-mount the rootfs onto itself (pivot; chroot for nodev)
    NodevRootfs,      ///< remount that bind nodev (no CAP_MKNOD: no devices but /dev's)
    StatRootfs,       ///< stat of the rootfs (overlay: the root the switch must land in)
    RootOutside,      ///< after the switch, "/" is not the rootfs: refused (120)
    ChdirRootfs,      ///< pivot: chdir(rootfs)
    PivotRoot,        ///< pivot: pivot_root(".", ".")
    DetachOldRoot,    ///< pivot: umount2(".", MNT_DETACH)
    Chroot,           ///< chroot(rootfs)
    ChdirRoot,        ///< chdir("/")
    MountProc,        ///< mount("proc", "/proc", "proc")
    DevTmpfs,         ///< mount("tmpfs", "/dev", "tmpfs")
    DevNodeSource,    ///< user namespace: open_tree of the host's kDevNodes[fd] (no mknod there)
    DevNode,          ///< mknod of kDevNodes[fd], or the bind mount of the host's node
    DevLink,          ///< symlink of kDevLinks[fd]
    DevDir,           ///< mkdir of kDevDirs[fd]
    DevPts,           ///< mount("devpts", "/dev/pts", "devpts", "newinstance")
    DevShm,           ///< mount("shm", "/dev/shm", "tmpfs", nosuid|nodev|noexec)
    MaskPath,         ///< masking maskedPaths[fd]
    ReadonlyPath,     ///< making readonlyPaths[fd] read-only
    Workdir,          ///< chdir(--workdir) inside the new root
    WorkdirOutside,   ///< the cwd is outside the root after that chdir: refused (120)
    Terminal,         ///< --tty: the pty in the container's devpts, sent to the runtime
    KeepFd,           ///< dup3 of a --keep-fd from its stash into place, right before execve
    CloseFds,         ///< close_range, first thing after clone
    KeepCaps,         ///< prctl(PR_SET_KEEPCAPS) before a change to a non-root uid
    CapBoundingDrop,  ///< prctl(PR_CAPBSET_DROP) of capability number fd
    SetGroups,        ///< setgroups (supplementary groups of --user)
    SetGid,           ///< setresgid (--user's group)
    SetUid,           ///< setresuid (--user)
    CapSet,           ///< capset of the command's capabilities
    CapAmbient,       ///< prctl(PR_CAP_AMBIENT_RAISE) of capability number fd
    NoNewPrivs,       ///< prctl(PR_SET_NO_NEW_PRIVS)
    Seccomp,          ///< prctl(PR_SET_SECCOMP) of the --seccomp profile
    Execve,           ///< execve(execPath)
};

/// What the init writes to the error pipe before _exit. Fixed size: one write, one read.
struct InitFailure {
    InitStage stage;
    int32_t error;  ///< errno
    int32_t fd;     ///< the fd of a KeepFd failure, the index of a Dev*, Mask or Readonly one
};

/// Whether stage is one of the init's refusals of a root or working directory outside the
/// container (the kernel's view contradicts the plan): exit kExitOutsideContainer.
bool isOutsideRefusal(InitStage stage);

/// A character device node of the minimal /dev, made with mknod on the container's tmpfs.
struct DevNode {
    const char* path;
    unsigned major;
    unsigned minor;
};
/// runc's default devices: harmless ones that programs expect to open.
inline constexpr DevNode kDevNodes[] = {
    {"/dev/null", 1, 3},   {"/dev/zero", 1, 5},    {"/dev/full", 1, 7},
    {"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
};
/// The symlinks of the minimal /dev: {path, target}.
inline constexpr const char* kDevLinks[][2] = {
    {"/dev/fd", "/proc/self/fd"},       {"/dev/stdin", "/proc/self/fd/0"},
    {"/dev/stdout", "/proc/self/fd/1"}, {"/dev/stderr", "/proc/self/fd/2"},
    {"/dev/ptmx", "pts/ptmx"},
};
/// Directories of the minimal /dev: {path, mode}.
struct DevDir {
    const char* path;
    unsigned mode;
};
inline constexpr DevDir kDevDirs[] = {{"/dev/pts", 0755}, {"/dev/shm", 01777}};

/// Everything the init needs, prepared by the launcher before clone (no allocation after).
struct InitPlan {
    RootMode rootMode = RootMode::Chroot;
    ProcMode procMode = ProcMode::New;
    DevMode devMode = DevMode::None;       ///< Minimal or None (Auto was resolved by validate)
    const char* rootfs = nullptr;          ///< absolute host path
    const char* overlayOptions = nullptr;  ///< "lowerdir=...,upperdir=...,workdir=..." or null
    const char* hostname = nullptr;        ///< set in the new UTS namespace, or null
    size_t hostnameLen = 0;
    const char* const* masked = nullptr;  ///< container paths to mask
    size_t maskedCount = 0;
    const char* const* readonly = nullptr;  ///< container paths to make read-only
    size_t readonlyCount = 0;
    const char* execPath = nullptr;  ///< as seen inside the new root
    char* const* argv = nullptr;
    char* const* envp = nullptr;
    const int* keepFds = nullptr;  ///< sorted, unique, all > 2: the user's --keep-fd
    /// keepStash[i] is a close-on-exec copy of keepFds[i] the launcher made before clone; the
    /// init holds only the copy and dup3s it into place right before execve.
    const int* keepStash = nullptr;
    size_t keepCount = 0;
    /// Every fd the init keeps at its first step (sorted, unique): the pipes' ends and the
    /// stashes. Everything else above 2 is closed before any path is resolved.
    const int* initFds = nullptr;
    size_t initFdCount = 0;
    /// The directory the root switch must land in (validate()'s fstat of the rootfs), or
    /// 0:0 when the init takes it itself (an overlay is mounted on the rootfs first).
    dev_t rootDev = 0;
    ino_t rootIno = 0;
    bool nodevRoot = false;  ///< bind the rootfs onto itself nodev (the command lacks CAP_MKNOD)
    /// --tty: the socket the init sends the master of the command's pty on (the runtime's
    /// TerminalRelay); -1 without a terminal.
    int ttySocket = -1;
    int errorFd = -1;               ///< the pipe's close-on-exec write end
    const char* workdir = nullptr;  ///< --workdir: chdir here after the mounts, or null
    PrivilegePlan privileges;       ///< user, groups, capabilities, no_new_privs
    /// User namespace: the read end of a pipe on which the launcher writes one byte once the
    /// uid/gid maps are written (until then the init is nobody inside and must not start);
    /// -1 without one. syncWriteFd is the launcher's end, which the init closes first.
    int syncFd = -1;
    int syncWriteFd = -1;
    bool loopbackUp = false;    ///< a new network namespace: bring lo up
    bool bindDevNodes = false;  ///< user namespace: bind the host's nodes instead of mknod
    const sock_fprog* seccomp = nullptr;  ///< --seccomp: loaded last, right before execve
};

/// The clone entry point; arg is an InitPlan*. Returns only through execve or _exit.
int containerInit(void* arg);

/// The status the launcher exits with when the init failed at stage with errno error:
/// 127 for execve's ENOENT, 126 for a file execve refused, 125 for everything else.
int initFailureExitCode(InitStage stage, int error);

}  // namespace scratch::container
