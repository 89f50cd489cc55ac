// The container's init: the child cloned into the new PID and mount namespaces. It runs
// between clone and execve, so it allocates nothing and touches only what InitPlan prepared.
#pragma once

#include <cstddef>
#include <cstdint>

#include "container/Spec.h"

namespace scratch::container {

/// Which step of the init failed; sent to the launcher, which words the message.
enum class InitStage : int32_t {
    DeathSignal,    ///< prctl(PR_SET_PDEATHSIG)
    PrivateMounts,  ///< mount(NULL, "/", MS_REC|MS_PRIVATE)
    BindRootfs,     ///< pivot: bind-mount the rootfs onto itself
    ChdirRootfs,    ///< pivot: chdir(rootfs)
    PivotRoot,      ///< pivot: pivot_root(".", ".")
    DetachOldRoot,  ///< pivot: umount2(".", MNT_DETACH)
    Chroot,         ///< chroot(rootfs)
    ChdirRoot,      ///< chdir("/")
    MountProc,      ///< mount("proc", "/proc", "proc")
    KeepFd,         ///< fcntl(fd, F_SETFD, 0) on a --keep-fd
    CloseFds,       ///< close_range
    Execve,         ///< execve(execPath)
};

/// What the init writes to the error pipe before _exit. Fixed size: one write, one read.
struct InitFailure {
    InitStage stage;
    int32_t error;  ///< errno
    int32_t fd;     ///< the fd of a KeepFd failure, else -1
};

/// Everything the init needs, prepared by the launcher before clone (no allocation after).
struct InitPlan {
    RootMode rootMode = RootMode::Chroot;
    ProcMode procMode = ProcMode::New;
    const char* rootfs = nullptr;    ///< absolute host path
    const char* execPath = nullptr;  ///< as seen inside the new root
    char* const* argv = nullptr;
    char* const* envp = nullptr;
    const int* keepFds = nullptr;  ///< sorted, unique, all > 2: the user's --keep-fd
    size_t keepCount = 0;
    int errorFd = -1;  ///< the pipe's close-on-exec write end
};

/// The clone entry point; arg is an InitPlan*. Returns only through execve or _exit.
int containerInit(void* arg);

/// The status the launcher exits with when the init failed at stage with errno error:
/// 127 for execve's ENOENT, 126 for a file execve refused, 125 for everything else.
int initFailureExitCode(InitStage stage, int error);

}  // namespace scratch::container
