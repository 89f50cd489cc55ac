// Which of the few calls the project treats specially (fd bookkeeping, resolution-cache
// invalidation, symlink following, the isolation checks) a syscall is. A fact of the call's
// table row (SyscallInfo::facts, set where the row is written in tracer/SyscallTable.cpp), so a
// stop reads a field instead of comparing the name against dozens of strings.
#pragma once

#include <cstdint>

namespace scratch::tracer {

/// The calls the session and the checks treat specially, as written on their rows. Other: none
/// of them.
enum class SpecialCall : uint8_t {
    Other,
    Open,
    Openat,
    Openat2,
    Creat,
    Linkat,
    NameToHandleAt,
    Umount2,
    Sendfile,    ///< sendfile, sendfile64: write the first fd, read the second
    SpliceLike,  ///< splice, copy_file_range, tee: read the first fd, write the second
    Fcntl,       ///< fcntl, fcntl64
    Dup,
    Dup2,   ///< dup2, dup3
    Ioctl,  ///< ioctl: FIOCLEX and FIONCLEX change an fd's close-on-exec flag
    Close,
    CloseRange,
    Pipe,  ///< pipe, pipe2
    Socketpair,
    Symlink,  ///< symlink, symlinkat: the first path is content
    Mount,
    Fsopen,
    Fsmount,
    Clone,
    Clone3,
    Execve,
    Execveat,
    IoUringSetup,
    IoUringEnter,
    IoUringRegister,
    Mmap,     ///< mmap (x86_64): maps io_uring rings
    Connect,  ///< connect: its peer is identified at the exit (tracer/SocketPeer.h)
    Accept,   ///< accept, accept4: the same for the returned fd
    Bind,     ///< bind: an AF_UNIX path is created
    Fork,     ///< fork: its return is a pid that must be a traced task
    Vfork,    ///< vfork: the same
    /// unshare: CLONE_FS and CLONE_FILES give the caller its own fs struct or fd table.
    Unshare,
    /// Returns an fd to an object that may already exist (open_by_handle_at, accept, accept4,
    /// pidfd_getfd, memfd_create, memfd_secret): attributed from /proc at the exit.
    FdFromKernel,
    Recvmsg,      ///< recvmsg: SCM_RIGHTS may install fds
    Recvmmsg,     ///< recvmmsg, recvmmsg_time64: the same, per message
    Bpf,          ///< bpf: BPF_OBJ_GET opens a pinned object by path
    Chdir,        ///< chdir, fchdir: only the working directory moves (mount tables stay)
    Chroot,       ///< chroot: the root moves, the mount tables stay
    PivotRoot,    ///< pivot_root: the root moves and the mount tree changes
    Setns,        ///< setns: joins another namespace (an isolation warning)
    Mknod,        ///< mknod, mknodat: may make a device node (an isolation warning)
    Sethostname,  ///< sethostname: a step of the container's setup
};

/// Property bits of a syscall that the session (and the checks) read at every stop.
enum CallFactFlag : uint8_t {
    kFactNoFollowFinal = 1U << 0,  ///< never follows a final symlink (lstat, unlink, mkdir, ...)
    kFactChangesNames = 1U << 1,   ///< success may make a path name another object (rename, ...)
    kFactMovesRoots = 1U << 2,     ///< success changes a root, cwd or namespace (chdir, setns...)
    kFactChangesMounts = 1U << 3,  ///< success changes the mount tree (mount, umount2, ...)
    /// opens a file from a handle, not a path (open_by_handle_at): the root does not apply.
    kFactByHandle = 1U << 4,
    /// the session must stop at it even when -e filters what it shows (the seccomp stop filter,
    /// tracer/StopFilter.h): it follows tasks, moves roots, cwds or mounts, or is checked.
    kFactAlwaysStops = 1U << 5,
};

/// The special-call facts of one table row: which call it is and its property bits.
struct CallFacts {
    SpecialCall id = SpecialCall::Other;
    uint8_t flags = 0;
};

}  // namespace scratch::tracer
