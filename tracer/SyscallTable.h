// The one syscall table, the only place that knows a syscall: names, argument and return roles,
// strace-style classes, the access each implies and the special-call facts (CallFacts.h).
// Everything else reads a row (by row index or by (arch, nr), never by its name). Numbers are
// never written by hand: they come from libseccomp for the arch the kernel reports
// (tracer/SyscallNumbers.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tracer/CallFacts.h"

namespace scratch::tracer {

/// The syscall ABI of one stop, as PTRACE_GET_SYSCALL_INFO reports it (AUDIT_ARCH_*).
enum class Arch : uint8_t { X86_64, I386, X32, Unknown };

/// Maps AUDIT_ARCH_* (from ptrace_syscall_info.arch) to Arch.
Arch archFromAudit(uint32_t auditArch);

/// strace's syscall classes (`-e trace=%file` ...) plus two of our own for the isolation checks.
enum StraceClass : uint32_t {
    kClassFile = 1U << 0,        ///< takes a file name (strace TF)
    kClassProcess = 1U << 1,     ///< process lifecycle (TP)
    kClassNetwork = 1U << 2,     ///< network (TN)
    kClassDesc = 1U << 3,        ///< takes or returns a file descriptor (TD)
    kClassMemory = 1U << 4,      ///< memory mapping (TM)
    kClassSignal = 1U << 5,      ///< signals (TS)
    kClassIpc = 1U << 6,         ///< SysV IPC (TI)
    kClassCreds = 1U << 7,       ///< credentials (TC)
    kClassClock = 1U << 8,       ///< clocks (TCL)
    kClassStat = 1U << 9,        ///< stat family (TST / TLST / TFST)
    kClassMount = 1U << 10,      ///< mount table changes (ours)
    kClassNamespace = 1U << 11,  ///< namespace changes (ours)
};

/// What an argument is, so the decoder knows how to show it and the resolver which to resolve.
enum class ArgRole : uint8_t {
    None,         ///< not present
    Int,          ///< signed decimal
    Uint,         ///< unsigned decimal
    Hex,          ///< 0x...
    Ptr,          ///< an address shown as 0x... or NULL
    Fd,           ///< a file descriptor, shown with its path (strace -y)
    DirFd,        ///< AT_FDCWD or a directory fd; pairs with the next Path argument
    Path,         ///< a NUL-terminated path string in tracee memory
    String,       ///< a NUL-terminated string that is not a path (e.g. mount fstype)
    Buffer,       ///< a buffer of the size given by the next argument (write) or the return (read)
    OpenFlags,    ///< O_* flags
    Mode,         ///< octal mode
    AtFlags,      ///< AT_* flags
    CloneFlags,   ///< CLONE_* flags (clone, unshare, setns)
    MountFlags,   ///< MS_* flags
    UmountFlags,  ///< MNT_* / UMOUNT_* flags
    Signal,       ///< a signal number shown as SIGxxx
    Argv,         ///< char *const argv[]
    Envp,         ///< char *const envp[] (shown as a count unless asked for)
    Clone3Args,   ///< struct clone_args * (size in the next argument)
    OpenHow,      ///< struct open_how * (size in the next argument)
    AccessMode,   ///< F_OK / R_OK / W_OK / X_OK
    WaitOptions,  ///< WNOHANG | ...
    Whence,       ///< SEEK_*
    ProtFlags,    ///< PROT_*
    MapFlags,     ///< MAP_*
    Fcntl,        ///< F_* command
    SockFamily,   ///< AF_*
    SockType,     ///< SOCK_*
    IoctlCmd,     ///< ioctl request
    Prctl,        ///< PR_*
    Rlimit,       ///< RLIMIT_*
    ClockId,      ///< CLOCK_*
    Sigprocmask,  ///< SIG_BLOCK ...
    Ptrace,       ///< PTRACE_*
    SeccompOp,    ///< SECCOMP_SET_MODE_* ...
    StatxMask,    ///< STATX_*
    RenameFlags,  ///< RENAME_*
    FsopenFlags,  ///< FSOPEN_* flags of fsopen
    // Shapes strace gives one call's arguments: each role's renderer may read the call's other
    // arguments (an option, a command, flags) to decide how, or whether, its own is shown.
    LinkTarget,      ///< symlink's target: a string shown uncut like a path, but not one it uses
    OutBuffer,       ///< a buffer the kernel fills (read): shown at the exit up to the return
    LinkOut,         ///< readlink's buffer: shown at the exit up to the return, uncut
    CwdOut,          ///< getcwd's buffer: the string the kernel wrote, shown at the exit
    RandomOut,       ///< getrandom's buffer: shown at the exit as \xNN bytes
    OpenFlagBits,    ///< O_* flags without an access mode (pipe2, dup3)
    OpenMode,        ///< the mode of an open: shown only with O_CREAT or O_TMPFILE before it
    MqAttr,          ///< mq_open's struct mq_attr *: shown only with O_CREAT, like the mode
    StatxAtFlags,    ///< statx's AT_* flags: the sync type has a name at zero
    EaccessAtFlags,  ///< faccessat2's AT_* flags: AT_EACCESS shares AT_REMOVEDIR's bit
    MoveMountFlags,  ///< MOVE_MOUNT_* flags
    OpenTreeFlags,   ///< open_tree's OPEN_TREE_* / AT_* flags
    FsmountFlags,    ///< FSMOUNT_* flags
    FspickFlags,     ///< FSPICK_* flags
    /// clone's arguments, shown named in strace's order (child_stack, flags, parent_tid, tls,
    /// child_tidptr): the role of every slot of the row, each read from the register the ABI
    /// puts it in (i386 swaps tls and child_tid), shown only when the flags use it.
    CloneArg,
    MountFsType,         ///< mount's filesystem type: an address when the flags ignore it
    MountData,           ///< mount's data string: an address when the flags ignore it
    FcntlArg,            ///< fcntl's third argument, shaped by its command (none for getters)
    FutexOp,             ///< FUTEX_* operation
    FutexArg,            ///< a futex operand after the op: which are shown depends on the op
    ArchPrctlCode,       ///< ARCH_* code of arch_prctl
    PrctlArg,            ///< a prctl operand: which are shown, and how, depends on the option
    EpollCreateFlags,    ///< EPOLL_CLOEXEC
    InotifyInitFlags,    ///< IN_CLOEXEC | IN_NONBLOCK
    EventfdFlags,        ///< EFD_*
    SignalfdFlags,       ///< SFD_*
    TimerfdCreateFlags,  ///< TFD_CLOEXEC | TFD_NONBLOCK of timerfd_create
    MemfdFlags,          ///< MFD_*
    UserfaultfdFlags,    ///< O_CLOEXEC | O_NONBLOCK of userfaultfd
    /// a signal mask given to the kernel (rt_sigprocmask, rt_sigsuspend), its size in the
    /// call's last argument
    SigmaskIn,
    SigmaskOut,     ///< the old signal mask the kernel fills: shown at the exit
    MadviseAdvice,  ///< MADV_*
    FadviseAdvice,  ///< POSIX_FADV_*
    GrndFlags,      ///< GRND_*
    WaitStatusOut,  ///< int *status of wait4/waitpid: shown decoded at the exit
    PipeFdsOut,     ///< int[2] the kernel fills with a pipe's fds: shown at the exit
    /// A struct sockaddr the call gives the kernel, its length in the next argument (connect,
    /// bind, sendto); an AF_UNIX path in it is a path the call uses.
    SockaddrIn,
    /// A struct sockaddr the kernel fills (accept, getsockname, recvfrom), its socklen_t * in
    /// the next argument: shown at the exit stop.
    SockaddrOut,
    SocklenPtr,    ///< socklen_t * of an out-sockaddr: "[110]" in, "[110 => 2]" after the call
    MsgHdr,        ///< struct msghdr * given to the kernel (sendmsg)
    MsgFlags,      ///< MSG_* flags of send and receive calls
    StatOut,       ///< struct stat * the kernel fills (tracer/StructDecoders.h)
    StatxOut,      ///< struct statx * the kernel fills
    TimespecIn,    ///< const struct timespec * given to the kernel
    TimespecOut,   ///< struct timespec * the kernel fills
    RlimitIn,      ///< const struct rlimit * given to the kernel
    RlimitOut,     ///< struct rlimit * the kernel fills
    UtsnameOut,    ///< struct utsname * the kernel fills
    DirentsOut,    ///< getdents buffer: shown with its entry count at the exit
    SigactionIn,   ///< const struct sigaction * (the kernel's layout) given to the kernel
    SigactionOut,  ///< struct sigaction * the kernel fills with the old action
    // Issue 21's depth (tracer/StructRoleDispatch.h renders them all).
    StatfsOut,        ///< struct statfs * the kernel fills
    TimerFlags,       ///< TIMER_ABSTIME (clock_nanosleep, timer_settime)
    TimerfdSetFlags,  ///< TFD_TIMER_* (timerfd_settime)
    TimevalIn,        ///< const struct timeval * given to the kernel
    TimevalOut,       ///< struct timeval * the kernel fills
    ItimerWhich,      ///< ITIMER_*
    ItimervalIn,      ///< const struct itimerval *
    ItimervalOut,     ///< struct itimerval * the kernel fills
    ItimerspecIn,     ///< const struct itimerspec *
    ItimerspecOut,    ///< struct itimerspec * the kernel fills
    SigeventIn,       ///< const struct sigevent * (timer_create)
    IntOut,           ///< int * the kernel fills: "[0]" after the call
    SleepRemOut,      ///< a sleep's remaining time: shown only when a signal cut the sleep
    PollFds,          ///< struct pollfd[], its count in the next argument; revents in the return
    FdSet,            ///< fd_set * of select/pselect6 (nfds in the first argument)
    PselectSigmask,   ///< pselect6's {sigmask, sigsetsize} pair
    EpollCtlOp,       ///< EPOLL_CTL_*
    EpollEventIn,     ///< const struct epoll_event * (epoll_ctl)
    EpollEventsOut,   ///< struct epoll_event[] the kernel fills, as many as the return
    IovecIn,          ///< const struct iovec[], its count in the next argument
    IovecOut,         ///< struct iovec[] filled: the data shown up to the return
    StackIn,          ///< const stack_t * (sigaltstack)
    StackOut,         ///< stack_t * the kernel fills
    RusageWho,        ///< RUSAGE_*
    RusageOut,        ///< struct rusage * the kernel fills
    SysinfoOut,       ///< struct sysinfo * the kernel fills
    TmsOut,           ///< struct tms * the kernel fills
    CapHeader,        ///< cap_user_header_t (capget, capset)
    CapDataIn,        ///< const cap_user_data_t (capset; version from the header argument)
    CapDataOut,       ///< cap_user_data_t the kernel fills (capget)
    GroupsIn,         ///< const gid_t[], its count in the previous argument (setgroups)
    GroupsOut,        ///< gid_t[] the kernel fills, as many as the return (getgroups)
    CpuSetIn,         ///< a cpu set, its size in the previous argument (sched_setaffinity)
    CpuSetOut,        ///< a cpu set the kernel fills, as many bytes as the return
    SchedAttrIn,      ///< const struct sched_attr *
    SchedAttrOut,     ///< struct sched_attr * the kernel fills
    SockProtocol,     ///< socket's protocol, named by the family in the first argument
    SockoptLevel,     ///< SOL_*
    SockoptName,      ///< SO_* / TCP_* by the level in the previous argument
    SockoptIn,        ///< setsockopt's value, its length in the next argument
    SockoptOut,       ///< getsockopt's value, its socklen_t * in the next argument
    MremapFlags,      ///< MREMAP_*, with the new address (the next register) under MREMAP_FIXED
    /// rt_sigreturn's signal frame: the tracer puts the stack pointer in this argument, the
    /// frame's saved mask is shown as strace does ({mask=[...]}).
    SigreturnFrame,
    IoctlRequest,  ///< ioctl's request, named as strace names it (tracer/IoctlDecoder.h)
    IoctlArg,      ///< ioctl's third argument, shaped by the request (left out for some)
    // The i386 calls' structs whose layout the stop's arch does not pick alone
    // (tracer/StructLayouts32.h): each is shown as the role it is the twin of.
    Stat64Out,        ///< struct stat64 * the kernel fills (i386's own packing; as StatOut)
    Statfs64Out,      ///< struct statfs64 *, its size in the previous argument (as StatfsOut)
    Timespec64In,     ///< const struct __kernel_timespec * (a *_time64 call: 64-bit time_t)
    Timespec64Out,    ///< struct __kernel_timespec * the kernel fills
    SleepRem64Out,    ///< clock_nanosleep_time64's remaining time (as SleepRemOut)
    Rlimit64In,       ///< const struct rlimit64 * (prlimit64: 64-bit on every arch)
    Rlimit64Out,      ///< struct rlimit64 * the kernel fills
    Itimerspec64In,   ///< const struct __kernel_itimerspec * (timer_settime64, ...)
    Itimerspec64Out,  ///< struct __kernel_itimerspec * the kernel fills
    OldSigactionIn,   ///< const struct old_sigaction * (i386 sigaction: a 32-bit mask)
    OldSigactionOut,  ///< struct old_sigaction * the kernel fills
    // Issue 21's message headers (tracer/MsghdrDecoder.h renders them).
    /// recvmsg's struct msghdr *: {msg_namelen=N} at the entry, in full at the exit (the data
    /// as far as the return, the control messages the kernel wrote, msg_flags)
    MsgHdrOut,
    /// sendmmsg's struct mmsghdr[], its count in the next argument: each msg_len at the exit
    MmsgHdrIn,
    /// recvmmsg's struct mmsghdr[]: an address at the entry, as many as the return at the exit
    MmsgHdrOut,
    ShutdownHow,  ///< SHUT_RD / SHUT_WR / SHUT_RDWR (shutdown)
    // Issue 21's remaining common calls (tracer/CallDepthRoles.h renders them all).
    WaitIdType,     ///< waitid's P_* id type
    WaitId,         ///< waitid's id: an fd under P_PIDFD, else a number
    SiginfoIn,      ///< const siginfo_t * given to the kernel (rt_sigqueueinfo)
    SiginfoOut,     ///< siginfo_t * the kernel fills (waitid, rt_sigtimedwait): shown at the exit
    UtimensPair,    ///< utimensat's struct timespec[2]: UTIME_NOW, UTIME_OMIT, dates as comments
    UtimesPair,     ///< struct timeval[2] of futimesat and utimes, dates as comments
    Utimbuf,        ///< utime's struct utimbuf
    InotifyMask,    ///< IN_* of inotify_add_watch
    FanMarkFlags,   ///< FAN_MARK_* of fanotify_mark
    FanEventMask,   ///< FAN_* events of fanotify_mark
    XattrValueIn,   ///< setxattr's value, its size in the next argument
    XattrValueOut,  ///< getxattr's value: shown at the exit, as many bytes as the return
    XattrListOut,   ///< listxattr's names: shown at the exit, as many bytes as the return
    XattrFlags,     ///< XATTR_CREATE / XATTR_REPLACE
    OffsetLowHigh,  ///< an offset split over two registers (preadv2): the low half, joined on i386
    OffsetHigh,     ///< the high half of a split offset: never shown on its own
    RwfFlags,       ///< RWF_* of preadv2 / pwritev2
    OffsetIn,       ///< loff_t * given to the kernel (splice, copy_file_range): "[1]"
    OffsetInOut,    ///< sendfile's off_t *: "[0] => [5]" when the call moved data
    SpliceFlags,    ///< SPLICE_F_*
    IntIn,          ///< int * given to the kernel (struct sched_param as strace shows it): "[0]"
    SchedPolicy,    ///< SCHED_* (SCHED_RESET_ON_FORK is not named, as in strace)
    MqAttrIn,       ///< const struct mq_attr * (mq_getsetattr's new attributes)
    MqAttrOut,      ///< struct mq_attr * the kernel fills (mq_getsetattr's old attributes)
    FutexWaiters,   ///< futex_waitv's struct futex_waitv[], its count in the next argument
    FanInitFlags,   ///< fanotify_init's FAN_CLASS_* and FAN_* flags
    // The i386 calls whose arguments differ from the x86_64 call of the same name (the rows of
    // i386Shapes(), tracer/SyscallTable.cpp).
    OldSelectArgs,  ///< i386 select's struct sel_arg_struct * (n, inp, outp, exp, tvp): shown
                    ///< as select's five arguments, NULL alone
    Groups16In,     ///< const old_gid_t[] (16-bit), its count in the previous argument
    Groups16Out,    ///< old_gid_t[] the kernel fills, as many as the return
    Id16Out,        ///< old_uid_t * / old_gid_t * the kernel fills (16-bit getresuid, getresgid)
    IdOut,          ///< uid_t * / gid_t * the kernel fills: unsigned, -1 for the all-ones id
    /// sendto's buffer: netlink messages on a netlink socket (the first argument), else Buffer
    SockBuffer,
    /// recvfrom's buffer: netlink messages on a netlink socket, else OutBuffer
    SockOutBuffer,
};

/// What kind of access a path argument of the syscall is (bit set).
enum Access : uint8_t {
    kAccessNone = 0,
    kAccessRead = 1U << 0,
    kAccessWrite = 1U << 1,
    kAccessExec = 1U << 2,
    kAccessCreate = 1U << 3,
    kAccessDelete = 1U << 4,
    kAccessStat = 1U << 5,
    kAccessList = 1U << 6,
};

/// How the return value is shown.
enum class RetRole : uint8_t {
    Int,             ///< decimal or -1 ERRNO
    Fd,              ///< a new file descriptor, shown with its path
    Hex,             ///< an address (mmap, brk)
    Pid,             ///< a pid (fork, clone, wait4)
    NoReturn,        ///< exit, exit_group: "= ?"
    Mode,            ///< an octal mode (umask)
    FcntlRet,        ///< fcntl's: an fd for F_DUPFD, flags for F_GETFD and F_GETFL, else a number
    PrctlRet,        ///< prctl's: PR_GET_DUMPABLE's value named, else a number
    SignalRet,       ///< a signal number (rt_sigtimedwait): "10 (SIGUSR1)"
    SchedPolicyRet,  ///< a scheduling policy (sched_getscheduler): "0 (SCHED_OTHER)"
};

/// One row of the table. Names and roles are arch-independent; numbers are resolved per arch.
struct SyscallInfo {
    std::string_view name;
    uint8_t nargs = 0;
    ArgRole args[6] = {};
    RetRole ret = RetRole::Int;
    uint32_t classes = 0;
    /// Access kind implied for the path or fd arguments (open's is refined from its flags).
    uint8_t access = kAccessNone;
    /// True for names that only the i386 ABI has (stat64, socketcall, ...): no x86_64 number.
    bool i386Only = false;
    /// Which special call this is for the session and the checks, and its property bits.
    CallFacts facts;
};

/// The special-call facts of a row (its `facts`).
inline CallFacts callFacts(const SyscallInfo& info) { return info.facts; }

/// The index of the row's first argument of `role`, or -1: where a role whose shape depends on
/// another argument finds it (FcntlArg its command), and where a check finds a value (a mode).
int argOfRole(const SyscallInfo& info, ArgRole role);

/// Whether `role` holds AT_* flags (AT_SYMLINK_NOFOLLOW decides symlink following).
bool isAtFlagsRole(ArgRole role);

/// Looks up the row for (arch, nr). Always a row: a number the table does not name gets a
/// generic row of its own (six Hex arguments), named as libseccomp names it or, when nobody does,
/// as strace does: "syscall_0xN" (N in hex: syscall_0x1c9 for 457). The same (arch, nr) gives
/// the same row in every process, which is how an event names a generic row (Events.h).
const SyscallInfo& lookupSyscall(Arch arch, int64_t nr);

/// The arch whose numbering applies to nr: an X86_64 stop whose nr carries __X32_SYSCALL_BIT
/// (0x40000000) is an x32 syscall (the kernel reports x32 calls with AUDIT_ARCH_X86_64).
Arch effectiveArch(Arch arch, int64_t nr);

/// Name of (arch, nr): the table's name, or "syscall_0xN".
std::string syscallName(Arch arch, int64_t nr);

/// The row for a name, or nullptr when the table has no such name.
const SyscallInfo* findSyscall(std::string_view name);

/// Every row of the table (for tests, filters and the seccomp filter builder).
std::span<const SyscallInfo> allSyscalls();

/// The i386 shapes of calls both arches name but i386 passes differently (the old select's
/// one struct pointer, the 16-bit getgroups/setgroups/getresuid/getresgid): lookupSyscall(I386,
/// nr) gives these rows; findSyscall and allSyscalls() the x86_64 one of the same name. An event
/// names one as a generic row does (by arch and number, tracer/Events.h).
std::span<const SyscallInfo> i386Shapes();

/// The index of `info` in allSyscalls(), or nullopt for a generic row (a number the table
/// does not name): per-row facts derived once can then live in an array beside the table.
std::optional<size_t> tableRowIndex(const SyscallInfo& info);

/// The syscall number of `name` on `arch` according to libseccomp, if it has one there.
std::optional<int> syscallNumber(Arch arch, std::string_view name);

}  // namespace scratch::tracer
