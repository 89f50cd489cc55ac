// The values the tracer hands to its listeners: one per finished syscall and one per task
// lifecycle change. They carry data only; how they look in a report is reports/' business.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tracer/SyscallTable.h"

namespace scratch::tracer {

/// `setup` is the container runtime's own work before the command's execve; `workload` is after.
enum class Phase : uint8_t { Setup, Workload };
/// "setup" or "workload" (its table and inverse: tracer/EventNames.h).
std::string_view phaseName(Phase phase);

/// Where the object a path or fd reached lives, decided from the object (device, mount), never
/// from the path string.
enum class Where : uint8_t {
    Rootfs,           ///< inside the container's root filesystem directory
    ContainerProcfs,  ///< a procfs mounted for the container's own PID namespace
    ContainerMount,   ///< another mount private to the container (tmpfs, devpts, ...)
    Host,             ///< a host object outside the rootfs: a leak when the workload reaches it
    HostProcfs,       ///< a procfs of another (the host's) PID namespace
    /// No host path at all: pipes, sockets, memfd, secretmem, anonymous inodes, the container's
    /// own namespace files. Never a leak by itself.
    Anonymous,
    Unknown,  ///< not resolvable (the task vanished before it could be asked, ...)
};
/// The JSON spelling: rootfs, container-procfs, container-mount, host, anonymous, unknown
/// (HostProcfs is spelled "host"; the finding class tells host-procfs apart). Its table, the
/// human label and the inverse: tracer/EventNames.h.
std::string_view whereName(Where where);

/// One path or fd that a syscall used or returned, attributed to the host object it reached.
struct PathRef {
    std::string given;     ///< the path as the process gave it, or "fd N" / "<returned fd N>"
    std::string host;      ///< absolute host path the kernel used; empty when there is none
    std::string resolved;  ///< canonical path as the task itself sees it (from its own root)
    Where where = Where::Unknown;
    uint8_t access = kAccessNone;  ///< Access bits of this use
    int fd = -1;                   ///< the fd this entry is about, or -1 for a path argument
    bool exists = true;            ///< false when the object did not exist (e.g. ENOENT)
    uint64_t dev = 0;              ///< st_dev of the object (0 if unknown)
    uint64_t ino = 0;              ///< st_ino of the object (0 if unknown)
    uint32_t mode = 0;             ///< st_mode of the object (0 if unknown)
    uint64_t rdev = 0;             ///< st_rdev of a device node (0 otherwise)
    uint32_t fsMagic = 0;          ///< statfs f_type of the object's filesystem (0 if unknown)
    uint64_t mntId = 0;            ///< the kernel's mount id of the object (0 if unknown)
    /// The object's path inside its own filesystem, from that mount's root ("/sys/vm/drop_caches"
    /// for a procfs wherever it is mounted); filled for kernel interfaces (procfs, sysfs, ...).
    std::string fsPath;
    /// One of the standard streams (fd 0-2, not a directory) that the runtime handed over, as
    /// every runtime does: using it is not a leak. A directory there would be.
    bool stdio = false;
};

/// The process at the other end of a connected socket, as the kernel names it (issue 24;
/// tracer/SocketPeer.h finds it at the exit of connect and accept).
struct SocketPeer {
    /// Which side of the isolation the peer is on.
    enum class Side : uint8_t {
        None,       ///< no peer recorded: not a connection, or nobody local at the other end
        Container,  ///< a traced task, or a process in the container's PID namespace
        Host,       ///< a process outside the container
    };
    /// How the socket reached the peer.
    enum class Via : uint8_t {
        UnixPath,      ///< a unix socket file, found through the filesystem
        UnixAbstract,  ///< an abstract unix name: the network namespace's, not a file
        UnixUnnamed,   ///< a unix socket without a name (socketpair, an accepted client)
        Inet,          ///< TCP or UDP to an address of this network namespace (loopback, ...)
    };
    Side side = Side::None;
    Via via = Via::UnixPath;
    bool accepted = false;  ///< the call was an accept: the peer connected to the container
    pid_t pid = 0;          ///< the peer's host pid (0 when not found)
    std::string comm;       ///< its command name (/proc/PID/comm)
    /// The address the connection was made on (the listener's): "/run/x.sock", "@name",
    /// "127.0.0.1:80".
    std::string address;
};

/// One finished (or interrupted) syscall. The tracer reuses these objects between stops, so a
/// listener that wants to keep anything must copy it.
struct SyscallEvent {
    uint64_t seq = 0;        ///< global order of syscall entries, from 1
    int64_t tsNs = 0;        ///< entry time, ns since the session started (CLOCK_MONOTONIC)
    int64_t durationNs = 0;  ///< exit time minus entry time
    pid_t tid = 0;           ///< host thread id
    pid_t tgid = 0;          ///< host thread-group id
    pid_t nspid = 0;         ///< the tid inside the container's PID namespace, 0 when none
    Phase phase = Phase::Setup;
    Arch arch = Arch::X86_64;
    int64_t nr = 0;
    /// The table row that describes the call, as a value that means the same in every process
    /// (an event crosses from the tracer process to the writer's, where an address of the
    /// tracer's would point into another heap): its index in allSyscalls(), kGenericRow for a
    /// number the table does not name (the row is lookupSyscall(arch, nr)'s in any process), or
    /// kNoRow (none: a replayed name the table lacks). Read it through info().
    uint32_t row = kNoRow;
    std::string name;  ///< table name, or syscall_0xN (strace's, N in hex)
    uint64_t rawArgs[6] = {};
    std::vector<std::string> args;  ///< decoded arguments, strace-style
    int64_t ret = 0;                ///< raw return value (negative errno on failure)
    int err = 0;                    ///< errno on failure, else 0
    std::string retText;    ///< the return value as shown ("3</etc/passwd>", "-1 ENOENT (...)")
    bool finished = true;   ///< false when the task vanished before the syscall returned
    bool noReturn = false;  ///< exit/exit_group/a successful execve from a thread: "= ?"
    std::vector<PathRef> paths;
    /// args and retText are still to be made from decodeCapture (tracer/DecodeCapture.h): the
    /// tracer recorded at the stops what decoding reads, and completeDecoding renders it (on the
    /// output thread, at the exit stop without one, or in a replay). The capture stays after
    /// rendering: the JSON record saves it ("capture"); empty when the call was not decoded.
    bool decodeDeferred = false;
    std::string decodeCapture;
    /// connect, accept: the process at the other end (Side::None for every other call).
    SocketPeer peer;

    static constexpr uint32_t kNoRow = UINT32_MAX;           ///< `row`: no row
    static constexpr uint32_t kGenericRow = UINT32_MAX - 1;  ///< `row`: lookupSyscall(arch, nr)

    /// The call's row in this process, or nullptr for kNoRow: an array index either way (no
    /// allocation on the per-stop path).
    const SyscallInfo* info() const;
    /// Sets `row` from a row lookupSyscall(arch, nr) or findSyscall gave (nullptr: none). A
    /// generic row is found again from the event's arch and nr, which must be the ones it was
    /// looked up with.
    void setInfo(const SyscallInfo* info);
};

/// A task lifecycle change.
struct ProcessEvent {
    enum class Kind : uint8_t { Spawn, Exec, Exit };
    Kind kind = Kind::Spawn;
    int64_t tsNs = 0;
    pid_t tid = 0;
    pid_t tgid = 0;
    pid_t nspid = 0;
    pid_t parentTid = 0;      ///< Spawn: the task that created it
    bool isThread = false;    ///< Spawn: a new thread (CLONE_THREAD) rather than a process
    uint64_t cloneFlags = 0;  ///< Spawn: the flags of the clone that made it, when known
    Phase phase = Phase::Setup;
    std::string exe;                ///< Exec: the host path of the new program
    std::vector<std::string> argv;  ///< Exec: its argv
    int exitCode = 0;               ///< Exit: exit status, or 128+signal
    int termSignal = 0;             ///< Exit: the killing signal, or 0
    uint64_t seq = 0;               ///< the seq of the syscall that caused it, when there is one
    bool coreDumped = false;        ///< Exit: killed by a signal that dumped core (WCOREDUMP)
    /// Exec by a thread that was not the leader: its tid before it took the leader's (strace's
    /// `+++ superseded by execve in pid N +++`); 0 when the leader itself exec'd.
    pid_t formerTid = 0;
};

/// An observation the tracer itself makes that the checks need (e.g. a CLONE_UNTRACED it
/// prevented). Isolation checks turn these into findings.
struct TracerNote {
    enum class Kind : uint8_t {
        UntracedCloneBlocked,  ///< a clone asked for CLONE_UNTRACED; the tracer removed the flag
        TaskLost,              ///< a task left the tracer's sight (detached, or never attached)
        InheritedFd,           ///< at the command's execve, an fd above 2 was open (path in detail)
        HostMountAdded,        ///< after the run, the host mount table had a mount it lacked before
        /// The kernel's view of a task after a change (chroot, chdir, fchdir, pivot_root, setns,
        /// unshare, execve, clone): its root or cwd (detail says which) is outside the container.
        EscapedRoot,
        /// A clone-family call returned a pid that is not a traced task, or a clone3 whose
        /// arguments could not be read was refused (detail says which).
        UntracedTask,
        /// Something the verdict depends on could not be seen (detail: the reason, e.g. an
        /// io_uring opcode not decoded, an SQPOLL ring, an argument the tracer could not read).
        BlindSpot,
        /// A connected socket's peer is a process outside the container (issue 24): host is the
        /// socket's path or address, detail names the process at the other end.
        HostPeer,
    };
    Kind kind;
    pid_t tid = 0;
    pid_t nspid = 0;
    uint64_t seq = 0;
    int fd = -1;       ///< InheritedFd: the fd
    std::string host;  ///< the host path involved, when any
    Where where = Where::Unknown;
    std::string detail;
    SocketPeer peer;  ///< HostPeer: the host process at the other end
};

/// A signal about to be delivered to a task (a signal-delivery stop), as strace shows it:
/// `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---`. The tracer only copies the
/// kernel's siginfo; the output side renders it (tracer/SiginfoText.h).
struct SignalEvent {
    int64_t tsNs = 0;
    pid_t tid = 0;
    pid_t tgid = 0;
    pid_t nspid = 0;
    Phase phase = Phase::Setup;
    int signo = 0;
    /// What PTRACE_GETSIGINFO returned; valid when hasSiginfo.
    siginfo_t raw{};
    bool hasSiginfo = false;
    /// The siginfo as strace prints it, "{si_signo=SIGUSR1, si_code=SI_USER, ...}": empty until
    /// the output side renders `raw` (a replay reads it from the trace instead).
    std::string siginfo;
    /// Not a delivery but the group-stop it caused (SIGSTOP, SIGTSTP, ...): strace's
    /// `--- stopped by SIGSTOP ---`, without a siginfo.
    bool groupStop = false;
};

/// One kind of namespace of the container next to the host's: the inodes of /proc/INIT/ns/LINK
/// and of the tracer's own /proc/self/ns/LINK. Equal inodes: the container shares the host's.
struct NamespaceInode {
    std::string name;        ///< pid, mount, uts, ipc, net, user, cgroup, time
    uint64_t container = 0;  ///< 0 when it could not be read
    uint64_t host = 0;       ///< 0 when it could not be read
    bool isNew = false;      ///< the clone that made the init asked for a new one
};

/// The container's namespaces, read once when its init appears (the launcher's child in a new
/// PID namespace, held at its creation: its namespaces exist, its command does not yet). Only
/// the init's /proc entry shows them, and only the tracer sees that moment: the event carries
/// them to the reports like every other observation (tracer/InitNamespaces.h).
struct NamespacesEvent {
    pid_t init = 0;  ///< host tid of the container's init
    std::vector<NamespaceInode> namespaces;
};

}  // namespace scratch::tracer
