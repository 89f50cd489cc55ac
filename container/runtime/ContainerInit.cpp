#include "container/runtime/ContainerInit.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "common/Error.h"
#include "container/privileges/DropPrivileges.h"
#include "container/runtime/InitGuards.h"

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

/// "/proc/self/fd/N" into buf without allocating (the init must not).
SCRATCH_INIT_NO_ASAN void procSelfFdPath(int fd, char (&buf)[32]) {
    static constexpr char kPrefix[] = "/proc/self/fd/";
    size_t n = 0;
    for (; kPrefix[n] != '\0'; ++n) buf[n] = kPrefix[n];
    char digits[12];
    size_t d = 0;
    auto v = static_cast<unsigned>(fd);
    do {
        digits[d++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0 && d < sizeof digits);
    while (d > 0) buf[n++] = digits[--d];
    buf[n] = '\0';
}

constexpr size_t kDevNodeCount = sizeof kDevNodes / sizeof kDevNodes[0];

/// User namespace: blocks until the launcher has written the id maps (one byte), or exits
/// quietly when it closed the pipe without (it failed, and says so itself).
SCRATCH_INIT_NO_ASAN void waitForUserMaps(const InitPlan& plan) {
    ::close(plan.syncWriteFd);  // else our own copy would keep the read below from seeing EOF
    char byte = 0;
    ssize_t n = 0;
    do {
        n = ::read(plan.syncFd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) fail(plan, InitStage::UserMaps, n < 0 ? errno : EPIPE);
    ::close(plan.syncFd);
}

/// A new network namespace has only lo, and it is down: bring it up (what `ip link set lo up`
/// does), so that programs that talk to localhost work and nothing else is reachable.
SCRATCH_INIT_NO_ASAN void bringLoopbackUp(const InitPlan& plan) {
    const int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) fail(plan, InitStage::Loopback, errno);
    ifreq request{};
    request.ifr_name[0] = 'l';
    request.ifr_name[1] = 'o';
    if (::ioctl(sock, SIOCGIFFLAGS, &request) != 0) fail(plan, InitStage::Loopback, errno);
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    if (::ioctl(sock, SIOCSIFFLAGS, &request) != 0) fail(plan, InitStage::Loopback, errno);
    ::close(sock);
}

/// User namespace: mknod is refused there, so the minimal /dev gets the host's nodes bound
/// onto empty files instead (what runc rootless and bubblewrap do). The nodes are detached
/// copies taken now, before the root switch hides the host's /dev; they are attached later.
SCRATCH_INIT_NO_ASAN void openHostDevNodes(const InitPlan& plan, int (&fds)[kDevNodeCount]) {
    for (size_t i = 0; i < kDevNodeCount; ++i) {
        fds[i] = static_cast<int>(
            ::syscall(SYS_open_tree, AT_FDCWD, kDevNodes[i].path, OPEN_TREE_CLONE | O_CLOEXEC));
        if (fds[i] < 0) fail(plan, InitStage::DevNodeSource, errno, static_cast<int>(i));
    }
}

/// The minimal /dev (runc's): a small tmpfs, device nodes (made with mknod by real root, so
/// every node lives on the container's own tmpfs; in a user namespace, the host's nodes from
/// hostNodes bound onto empty files), the usual symlinks, and a private devpts instance.
/// Runs after the root switch: "/dev" is the rootfs' own, looked up inside the new root.
SCRATCH_INIT_NO_ASAN void setUpDev(const InitPlan& plan, const int (&hostNodes)[kDevNodeCount]) {
    if (::mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=65536k") != 0) {
        fail(plan, InitStage::DevTmpfs, errno);
    }
    // mknod and mkdir modes are filtered by the umask inherited from the host's shell.
    const mode_t oldMask = ::umask(0);
    for (size_t i = 0; i < sizeof kDevNodes / sizeof kDevNodes[0]; ++i) {
        const DevNode& node = kDevNodes[i];
        if (plan.bindDevNodes) {
            const int file = ::open(node.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (file < 0) fail(plan, InitStage::DevNode, errno, static_cast<int>(i));
            ::close(file);
            if (::syscall(SYS_move_mount, hostNodes[i], "", AT_FDCWD, node.path,
                          MOVE_MOUNT_F_EMPTY_PATH) != 0) {
                fail(plan, InitStage::DevNode, errno, static_cast<int>(i));
            }
            ::close(hostNodes[i]);
        } else if (::mknod(node.path, S_IFCHR | 0666, makedev(node.major, node.minor)) != 0) {
            fail(plan, InitStage::DevNode, errno, static_cast<int>(i));
        }
    }
    for (size_t i = 0; i < sizeof kDevLinks / sizeof kDevLinks[0]; ++i) {
        if (::symlink(kDevLinks[i][1], kDevLinks[i][0]) != 0) {
            fail(plan, InitStage::DevLink, errno, static_cast<int>(i));
        }
    }
    for (size_t i = 0; i < sizeof kDevDirs / sizeof kDevDirs[0]; ++i) {
        if (::mkdir(kDevDirs[i].path, kDevDirs[i].mode) != 0) {
            fail(plan, InitStage::DevDir, errno, static_cast<int>(i));
        }
    }
    ::umask(oldMask);
    // newinstance: the container's ptys are its own, not the host's /dev/pts.
    if (::mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620") != 0) {
        fail(plan, InitStage::DevPts, errno);
    }
    // Docker's /dev/shm: its own tmpfs, nodev like everything the container may write to.
    if (::mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "mode=1777,size=65536k") != 0) {
        fail(plan, InitStage::DevShm, errno);
    }
}

/// runc's maskedPaths and readonlyPaths. A path that does not exist is skipped, as runc does
/// (a kernel without /proc/sched_debug, a rootfs without /sys mounted).
SCRATCH_INIT_NO_ASAN void applyMasks(const InitPlan& plan, const char* nullSource) {
    for (size_t i = 0; i < plan.maskedCount; ++i) {
        const char* path = plan.masked[i];
        struct stat st {};
        if (::stat(path, &st) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) continue;
            fail(plan, InitStage::MaskPath, errno, static_cast<int>(i));
        }
        // A directory gets an empty read-only tmpfs; anything else /dev/null bound over it.
        const int rc = S_ISDIR(st.st_mode)
                           ? ::mount("tmpfs", path, "tmpfs",
                                     MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=555")
                           : ::mount(nullSource, path, nullptr, MS_BIND, nullptr);
        if (rc != 0) fail(plan, InitStage::MaskPath, errno, static_cast<int>(i));
    }
    for (size_t i = 0; i < plan.readonlyCount; ++i) {
        const char* path = plan.readonly[i];
        // A bind mount's flags are its own: bind the path onto itself, then remount that
        // bind read-only (the flags of the procfs underneath stay as they were).
        if (::mount(path, path, nullptr, MS_BIND | MS_REC, nullptr) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) continue;
            fail(plan, InitStage::ReadonlyPath, errno, static_cast<int>(i));
        }
        if (::mount(nullptr, path, nullptr,
                    MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    nullptr) != 0) {
            fail(plan, InitStage::ReadonlyPath, errno, static_cast<int>(i));
        }
    }
}

/// --tty: a pty of the container's own devpts (/dev/ptmx -> pts/ptmx), its slave made the
/// controlling terminal of the init's new session and the command's stdio, its master sent to
/// the runtime (SCM_RIGHTS), which relays the operator's terminal to it.
SCRATCH_INIT_NO_ASAN void setUpTerminal(const InitPlan& plan) {
    const int master = ::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) fail(plan, InitStage::Terminal, errno);
    int unlock = 0;
    if (::ioctl(master, TIOCSPTLCK, &unlock) != 0) fail(plan, InitStage::Terminal, errno);
    // The peer by fd, not by a path in /dev/pts (kernel 4.13).
    const int slave = ::ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (slave < 0) fail(plan, InitStage::Terminal, errno);
    if (::ioctl(slave, TIOCSCTTY, 0) != 0) fail(plan, InitStage::Terminal, errno);
    char byte = 't';
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    __builtin_memcpy(CMSG_DATA(cmsg), &master, sizeof master);
    if (::sendmsg(plan.ttySocket, &msg, MSG_NOSIGNAL) != 1) fail(plan, InitStage::Terminal, errno);
    ::close(master);
    ::close(plan.ttySocket);
    for (int fd = 0; fd <= 2; ++fd) {
        if (::dup2(slave, fd) < 0) fail(plan, InitStage::Terminal, errno);
    }
    if (slave > 2) ::close(slave);
}

/// A procfs mounted by a process in the new PID namespace shows that namespace only.
SCRATCH_INIT_NO_ASAN void mountProc(const InitPlan& plan) {
    if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
        fail(plan, InitStage::MountProc, errno);
    }
}

}  // namespace

bool isOutsideRefusal(InitStage stage) {
    return stage == InitStage::RootOutside || stage == InitStage::WorkdirOutside;
}

int initFailureExitCode(InitStage stage, int error) {
    if (isOutsideRefusal(stage)) return kExitOutsideContainer;
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

    // First, before any path is resolved: no host fd but the ones the init needs (the pipes,
    // the --keep-fd stashes), or a --workdir through /proc/self/fd/N could start on the host.
    if (closeFdsExcept(plan.initFds, plan.initFdCount) != 0) fail(plan, InitStage::CloseFds, errno);

    // If the launcher dies (tracer killed it, or it crashed), take the whole container along:
    // the init is PID 1 of its namespace, so its death kills every other process in it.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(plan, InitStage::DeathSignal, errno);
    if (plan.syncFd >= 0) waitForUserMaps(plan);
    // A session of its own: the operator's terminal is not the container's controlling
    // terminal (no TIOCSTI into the operator's shell, /dev/tty is ENXIO).
    if (::setsid() < 0) fail(plan, InitStage::NewSession, errno);

    // The new mount namespace starts as a copy whose mounts still share propagation with the
    // host (systemd makes / shared): without this, the proc mount below would appear there.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        fail(plan, InitStage::PrivateMounts, errno);
    }

    if (plan.loopbackUp) bringLoopbackUp(plan);

    // CLONE_NEWUTS gave the init its own copy of the host's names: rename only that copy.
    if (plan.hostname != nullptr && ::sethostname(plan.hostname, plan.hostnameLen) != 0) {
        fail(plan, InitStage::Hostname, errno);
    }

    // The overlay goes on top of the rootfs directory itself (the lower layer was looked up
    // before it was covered), so the root switch below enters the overlay by the same path.
    if (plan.overlayOptions != nullptr &&
        ::mount("overlay", plan.rootfs, "overlay", 0, plan.overlayOptions) != 0) {
        fail(plan, InitStage::Overlay, errno);
    }

    // With --dev none, file masks bind the host's /dev/null (the rootfs may have none, or a
    // plain file by that name): opened now, reached after the root switch through /proc.
    char nullSource[32] = "/dev/null";
    if (plan.maskedCount > 0 && plan.devMode != DevMode::Minimal) {
        const int nullFd = ::open("/dev/null", O_PATH | O_CLOEXEC);
        if (nullFd < 0) fail(plan, InitStage::OpenDevNull, errno);
        procSelfFdPath(nullFd, nullSource);
    }

    bool procMounted = false;
    int hostNodes[kDevNodeCount];
    for (int& fd : hostNodes) fd = -1;
    if (plan.bindDevNodes && plan.devMode == DevMode::Minimal) openHostDevNodes(plan, hostNodes);

    // No CAP_MKNOD: the rootfs is bound onto itself nodev, so a device node it carries (an
    // extracted tarball's, say) cannot be opened; only the minimal /dev's can.
    const bool bindRoot = plan.rootMode == RootMode::Pivot || plan.nodevRoot;
    if (plan.rootMode != RootMode::None && bindRoot) {
        if (::mount(plan.rootfs, plan.rootfs, nullptr, MS_BIND | MS_REC, nullptr) != 0) {
            fail(plan, InitStage::BindRootfs, errno);
        }
        if (plan.nodevRoot) {
            if (const int err = remountNodev(plan.rootfs); err != 0) {
                fail(plan, InitStage::NodevRootfs, err);
            }
        }
    }
    // The directory the switch must land in: validate()'s, or the overlay's root.
    dev_t rootDev = plan.rootDev;
    ino_t rootIno = plan.rootIno;
    if (plan.rootMode != RootMode::None && rootDev == 0 && rootIno == 0) {
        struct stat st {};
        if (::stat(plan.rootfs, &st) != 0) fail(plan, InitStage::StatRootfs, errno);
        rootDev = st.st_dev;
        rootIno = st.st_ino;
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
            if (::chdir(plan.rootfs) != 0) fail(plan, InitStage::ChdirRootfs, errno);
            if (::syscall(SYS_pivot_root, ".", ".") != 0) fail(plan, InitStage::PivotRoot, errno);
            // The fresh procfs goes on before the old root is detached: in a user namespace
            // the kernel allows a proc mount only while a fully visible one exists in the
            // mount namespace (the host's, still there on the old root). "/" already is the
            // new root, so "/proc" is the rootfs' own.
            if (plan.procMode == ProcMode::New) {
                mountProc(plan);
                procMounted = true;
            }
            if (::umount2(".", MNT_DETACH) != 0) fail(plan, InitStage::DetachOldRoot, errno);
            if (::chdir("/") != 0) fail(plan, InitStage::ChdirRoot, errno);
            break;
        case RootMode::None:
            break;  // the seed's first, leaky stage: the host's root and cwd
    }
    // The kernel's view, not the plan's: "/" must be the rootfs and the cwd under it.
    if (plan.rootMode != RootMode::None && (!rootIs(rootDev, rootIno) || !cwdInsideRoot())) {
        fail(plan, InitStage::RootOutside, EXDEV);
    }

    // A procfs mounted by a process in the new PID namespace shows that namespace only.
    // After the root switch "/proc" is the rootfs' proc directory; with no root switch it
    // covers the host's /proc, but only in this private mount namespace.
    if (plan.procMode == ProcMode::New && !procMounted) mountProc(plan);
    if (plan.devMode == DevMode::Minimal) setUpDev(plan, hostNodes);
    applyMasks(plan, nullSource);
    // Last of the filesystem steps, so that the directory may be on the new /proc or /dev; as
    // root still, like runc, so a directory the --user cannot search can still be the start.
    if (plan.workdir != nullptr) {
        if (::chdir(plan.workdir) != 0) fail(plan, InitStage::Workdir, errno);
        // A symlink to /proc/self/fd/N, or /dev/fd/N itself, is a magic link to whatever fd
        // N is: the kernel says whether the directory it reached is under the root.
        if (plan.rootMode != RootMode::None && !cwdInsideRoot()) {
            fail(plan, InitStage::WorkdirOutside, EXDEV);
        }
    }

    if (plan.ttySocket >= 0) setUpTerminal(plan);

    // Without no_new_privs the kernel loads a filter only with CAP_SYS_ADMIN, which the drop
    // below may remove: then the profile goes on first, as runc does (it must allow the drop's
    // syscalls; the default profile does). With no_new_privs, last: it governs only the
    // command (profiles written by `report --format seccomp` always allow execve).
    const bool seccompFirst = !plan.privileges.noNewPrivs;
    if (seccompFirst && plan.seccomp != nullptr &&
        ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, plan.seccomp, 0, 0) != 0) {
        fail(plan, InitStage::Seccomp, errno);
    }
    // The command's user, capabilities and no_new_privs.
    if (InitFailure failure{}; !dropPrivileges(plan.privileges, failure)) {
        fail(plan, failure.stage, failure.error, failure.fd);
    }
    // The user's --keep-fd, from the close-on-exec stash into the number they asked for, now
    // that no path will be resolved any more; the stash goes away at execve.
    for (size_t i = 0; i < plan.keepCount; ++i) {
        if (::dup3(plan.keepStash[i], plan.keepFds[i], 0) < 0) {
            fail(plan, InitStage::KeepFd, errno, plan.keepFds[i]);
        }
    }
    if (!seccompFirst && plan.seccomp != nullptr &&
        ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, plan.seccomp, 0, 0) != 0) {
        fail(plan, InitStage::Seccomp, errno);
    }

    ::execve(plan.execPath, plan.argv, plan.envp);
    fail(plan, InitStage::Execve, errno);
}

}  // namespace scratch::container
