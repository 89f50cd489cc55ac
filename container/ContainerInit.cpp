#include "container/ContainerInit.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "common/Error.h"

// The init runs on the static stack Launcher.cpp hands to clone(). Under ASan, every call of a
// noreturn function (_exit, fail) asks ASan to unpoison "the stack", which it cannot find for
// a stack it did not create: it prints a warning to the container's stderr. The init does no
// memory work worth checking, so it is simply not instrumented.
#if defined(__SANITIZE_ADDRESS__)
#define SCRATCH_INIT_NO_ASAN __attribute__((no_sanitize("address")))
#else
#define SCRATCH_INIT_NO_ASAN
#endif

namespace scratch::container {
namespace {

SCRATCH_INIT_NO_ASAN [[noreturn]] void fail(const InitPlan& plan, InitStage stage, int error,
                                            int fd = -1) {
    const InitFailure failure{stage, error, fd};
    // A pipe write of this size is atomic; if even this fails there is nobody to tell.
    [[maybe_unused]] const ssize_t n = ::write(plan.errorFd, &failure, sizeof failure);
    ::_exit(initFailureExitCode(stage, error));
}

/// close_range(first, last), falling back to close() one by one on kernels before 5.9.
int closeRange(unsigned first, unsigned last) {
    if (first > last) return 0;
    if (::syscall(SYS_close_range, first, last, 0) == 0) return 0;
    if (errno != ENOSYS) return -1;
    const long max = ::sysconf(_SC_OPEN_MAX);
    const unsigned end =
        max > 0 && static_cast<unsigned long>(max) <= last ? static_cast<unsigned>(max - 1) : last;
    for (unsigned fd = first; fd <= end; ++fd) ::close(static_cast<int>(fd));
    return 0;
}

/// Closes every fd above 2 except the kept ones and the error pipe (close-on-exec: it goes
/// away at execve, which is how the launcher learns that execve succeeded).
int closeInheritedFds(const InitPlan& plan) {
    unsigned next = 3;
    size_t k = 0;
    for (;;) {
        // The smallest kept fd >= next, merging the sorted keep list with the pipe fd.
        int keep = -1;
        while (k < plan.keepCount && static_cast<unsigned>(plan.keepFds[k]) < next) ++k;
        if (k < plan.keepCount) keep = plan.keepFds[k];
        if (plan.errorFd >= static_cast<int>(next) && (keep < 0 || plan.errorFd < keep)) {
            keep = plan.errorFd;
        }
        if (keep < 0) return closeRange(next, ~0U);
        if (closeRange(next, static_cast<unsigned>(keep) - 1) != 0) return -1;
        next = static_cast<unsigned>(keep) + 1;
    }
}

}  // namespace

int initFailureExitCode(InitStage stage, int error) {
    if (stage != InitStage::Execve) return kExitFailure;
    if (error == ENOENT || error == ENOTDIR) return kExitNotFound;
    if (error == EACCES || error == ENOEXEC || error == EPERM || error == EISDIR ||
        error == ELOOP || error == ETXTBSY) {
        return kExitNotExecutable;
    }
    return kExitFailure;
}

SCRATCH_INIT_NO_ASAN int containerInit(void* arg) {
    const InitPlan& plan = *static_cast<const InitPlan*>(arg);

    // If the launcher dies (tracer killed it, or it crashed), take the whole container along:
    // the init is PID 1 of its namespace, so its death kills every other process in it.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(plan, InitStage::DeathSignal, errno);

    // The new mount namespace starts as a copy whose mounts still share propagation with the
    // host (systemd makes / shared): without this, the proc mount below would appear there.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        fail(plan, InitStage::PrivateMounts, errno);
    }

    switch (plan.rootMode) {
        case RootMode::Chroot:
            // The seed article's way. The old root stays reachable (chroot is not a jail
            // for a process with CAP_SYS_CHROOT); pivot mode detaches it instead.
            if (::chroot(plan.rootfs) != 0) fail(plan, InitStage::Chroot, errno);
            if (::chdir("/") != 0) fail(plan, InitStage::ChdirRoot, errno);
            break;
        case RootMode::Pivot:
            // runc's sequence: pivot_root needs the new root to be a mount point, so bind it
            // onto itself; pivot_root(".", ".") stacks the old root on top of the new one,
            // and the lazy unmount of "." then removes it from this namespace entirely.
            if (::mount(plan.rootfs, plan.rootfs, nullptr, MS_BIND | MS_REC, nullptr) != 0) {
                fail(plan, InitStage::BindRootfs, errno);
            }
            if (::chdir(plan.rootfs) != 0) fail(plan, InitStage::ChdirRootfs, errno);
            if (::syscall(SYS_pivot_root, ".", ".") != 0) fail(plan, InitStage::PivotRoot, errno);
            if (::umount2(".", MNT_DETACH) != 0) fail(plan, InitStage::DetachOldRoot, errno);
            if (::chdir("/") != 0) fail(plan, InitStage::ChdirRoot, errno);
            break;
        case RootMode::None:
            break;  // the seed's first, leaky stage: the host's root and cwd
    }

    // A procfs mounted by a process in the new PID namespace shows that namespace only.
    // After the root switch "/proc" is the rootfs' proc directory; with no root switch it
    // covers the host's /proc, but only in this private mount namespace.
    if (plan.procMode == ProcMode::New &&
        ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
        fail(plan, InitStage::MountProc, errno);
    }

    for (size_t i = 0; i < plan.keepCount; ++i) {
        if (::fcntl(plan.keepFds[i], F_SETFD, 0) != 0) {
            fail(plan, InitStage::KeepFd, errno, plan.keepFds[i]);
        }
    }
    if (closeInheritedFds(plan) != 0) fail(plan, InitStage::CloseFds, errno);

    ::execve(plan.execPath, plan.argv, plan.envp);
    fail(plan, InitStage::Execve, errno);
}

}  // namespace scratch::container
