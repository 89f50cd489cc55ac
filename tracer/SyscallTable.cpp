// The syscall table: one row per name, the only place that knows a syscall (its argument and
// return roles, strace classes, the access it implies, the special-call facts the session and
// the checks read). Numbers are never written here: tracer/SyscallNumbers.cpp gets them from
// libseccomp for the arch the kernel reports.
#include "tracer/SyscallTable.h"

#include <initializer_list>
#include <string>
#include <utility>

namespace scratch::tracer {

namespace {

using A = ArgRole;
using Ret = RetRole;

// strace classes, abbreviated as strace spells them in its syscallent tables.
constexpr uint32_t TD = kClassDesc;
constexpr uint32_t TF = kClassFile;
constexpr uint32_t TP = kClassProcess;
constexpr uint32_t TN = kClassNetwork;
constexpr uint32_t TM = kClassMemory;
constexpr uint32_t TS = kClassSignal;
constexpr uint32_t TI = kClassIpc;
constexpr uint32_t TC = kClassCreds;
constexpr uint32_t TCL = kClassClock;
constexpr uint32_t TST = kClassStat;
constexpr uint32_t MNT = kClassMount;
constexpr uint32_t NS = kClassNamespace;

constexpr uint8_t aR = kAccessRead;
constexpr uint8_t aW = kAccessWrite;
constexpr uint8_t aX = kAccessExec;
constexpr uint8_t aC = kAccessCreate;
constexpr uint8_t aD = kAccessDelete;
constexpr uint8_t aS = kAccessStat;
constexpr uint8_t aL = kAccessList;

using Id = SpecialCall;

// Property bits of tracer/CallFacts.h, short for the rows.
constexpr uint8_t kNoFollow = kFactNoFollowFinal;
constexpr uint8_t kRenames = kFactChangesNames;
constexpr uint8_t kRoots = kFactMovesRoots;
constexpr uint8_t kMounts = kFactChangesMounts;
constexpr uint8_t kByHandle = kFactByHandle;
constexpr uint8_t kStop = kFactAlwaysStops;

/// A row being written: row(...) gives the arguments, return, classes and access; .is() and
/// .with() add, on the rows that have them, the special-call facts of tracer/CallFacts.h.
struct Row : SyscallInfo {
    /// The row is the special call `id`.
    constexpr Row is(SpecialCall id) const {
        Row r = *this;
        r.facts.id = id;
        return r;
    }
    /// The row has these CallFactFlag bits.
    constexpr Row with(uint8_t flags) const {
        Row r = *this;
        r.facts.flags |= flags;
        return r;
    }
};

constexpr Row row(std::string_view name, std::initializer_list<ArgRole> args,
                  RetRole ret = Ret::Int, uint32_t classes = 0, uint8_t access = 0,
                  bool i386Only = false) {
    Row info{};
    info.name = name;
    uint8_t n = 0;
    for (ArgRole role : args) {
        if (n < 6) info.args[n++] = role;
    }
    info.nargs = n;
    info.ret = ret;
    info.classes = classes;
    info.access = access;
    info.i386Only = i386Only;
    return info;
}

// i386-only row.
constexpr Row row32(std::string_view name, std::initializer_list<ArgRole> args,
                    RetRole ret = Ret::Int, uint32_t classes = 0, uint8_t access = 0) {
    return row(name, args, ret, classes, access, true);
}

// Argument shapes are the x86_64 ones; on i386 a few calls split 64-bit offsets over two
// registers (pread64, fallocate, ...), which then show as two numbers.
constexpr SyscallInfo kTable[] = {
    // --- files and descriptors ---
    row("read", {A::Fd, A::OutBuffer, A::Uint}, Ret::Int, TD, aR),
    row("write", {A::Fd, A::Buffer, A::Uint}, Ret::Int, TD, aW),
    row("open", {A::Path, A::OpenFlags, A::OpenMode}, Ret::Fd, TD | TF, aR).is(Id::Open),
    row("close", {A::Fd}, Ret::Int, TD).is(Id::Close),
    row("stat", {A::Path, A::StatOut}, Ret::Int, TF | TST, aS),
    row("fstat", {A::Fd, A::StatOut}, Ret::Int, TD | TST, aS),
    row("lstat", {A::Path, A::StatOut}, Ret::Int, TF | TST, aS).with(kNoFollow),
    row("poll", {A::PollFds, A::Uint, A::Int}, Ret::Int, TD),
    row("lseek", {A::Fd, A::Int, A::Whence}, Ret::Int, TD),
    row("mmap", {A::Ptr, A::Uint, A::ProtFlags, A::MapFlags, A::Fd, A::Hex}, Ret::Hex, TD | TM)
        .is(Id::Mmap),
    row("mprotect", {A::Ptr, A::Uint, A::ProtFlags}, Ret::Int, TM),
    row("munmap", {A::Ptr, A::Uint}, Ret::Int, TM),
    row("brk", {A::Ptr}, Ret::Hex, TM),
    row("rt_sigaction", {A::Signal, A::SigactionIn, A::SigactionOut, A::Uint}, Ret::Int, TS),
    row("rt_sigprocmask", {A::Sigprocmask, A::SigmaskIn, A::SigmaskOut, A::Uint}, Ret::Int, TS),
    row("rt_sigreturn", {A::SigreturnFrame}, Ret::Int, TS),
    row("ioctl", {A::Fd, A::IoctlRequest, A::IoctlArg}, Ret::Int, TD).is(Id::Ioctl),
    row("pread64", {A::Fd, A::OutBuffer, A::Uint, A::Int}, Ret::Int, TD, aR),
    row("pwrite64", {A::Fd, A::Buffer, A::Uint, A::Int}, Ret::Int, TD, aW),
    row("readv", {A::Fd, A::IovecOut, A::Uint}, Ret::Int, TD, aR),
    row("writev", {A::Fd, A::IovecIn, A::Uint}, Ret::Int, TD, aW),
    row("access", {A::Path, A::AccessMode}, Ret::Int, TF, aS),
    row("pipe", {A::PipeFdsOut}, Ret::Int, TD).is(Id::Pipe),
    row("select", {A::Int, A::FdSet, A::FdSet, A::FdSet, A::TimevalIn}, Ret::Int, TD),
    row("sched_yield", {}),
    // new_address (the fifth register) is shown by MremapFlags under MREMAP_FIXED, as strace does.
    row("mremap", {A::Ptr, A::Uint, A::Uint, A::MremapFlags}, Ret::Hex, TM),
    row("msync", {A::Ptr, A::Uint, A::Hex}, Ret::Int, TM),
    row("mincore", {A::Ptr, A::Uint, A::Ptr}, Ret::Int, TM),
    row("madvise", {A::Ptr, A::Uint, A::MadviseAdvice}, Ret::Int, TM),
    row("shmget", {A::Hex, A::Uint, A::Hex}, Ret::Int, TI),
    row("shmat", {A::Int, A::Ptr, A::Hex}, Ret::Hex, TI | TM),
    row("shmctl", {A::Int, A::Int, A::Ptr}, Ret::Int, TI),
    row("dup", {A::Fd}, Ret::Fd, TD).is(Id::Dup),
    row("dup2", {A::Fd, A::Fd}, Ret::Fd, TD).is(Id::Dup2),
    row("pause", {}, Ret::Int, TS),
    row("nanosleep", {A::TimespecIn, A::SleepRemOut}),
    row("getitimer", {A::ItimerWhich, A::ItimervalOut}),
    row("alarm", {A::Uint}),
    row("setitimer", {A::ItimerWhich, A::ItimervalIn, A::ItimervalOut}),
    row("getpid", {}, Ret::Pid),
    row("sendfile", {A::Fd, A::Fd, A::OffsetInOut, A::Uint}, Ret::Int, TD | TN, aR | aW)
        .is(Id::Sendfile),
    row("socket", {A::SockFamily, A::SockType, A::SockProtocol}, Ret::Fd, TN),
    row("connect", {A::Fd, A::SockaddrIn, A::Uint}, Ret::Int, TN).is(Id::Connect).with(kStop),
    row("accept", {A::Fd, A::SockaddrOut, A::SocklenPtr}, Ret::Fd, TN).is(Id::Accept).with(kStop),
    row("sendto", {A::Fd, A::SockBuffer, A::Uint, A::MsgFlags, A::SockaddrIn, A::Uint}, Ret::Int,
        TN, aW),
    row("recvfrom", {A::Fd, A::SockOutBuffer, A::Uint, A::MsgFlags, A::SockaddrOut, A::SocklenPtr},
        Ret::Int, TN, aR),
    row("sendmsg", {A::Fd, A::MsgHdr, A::MsgFlags}, Ret::Int, TN, aW),
    row("recvmsg", {A::Fd, A::MsgHdrOut, A::MsgFlags}, Ret::Int, TN, aR).is(Id::Recvmsg),
    row("shutdown", {A::Fd, A::ShutdownHow}, Ret::Int, TN),
    row("bind", {A::Fd, A::SockaddrIn, A::Uint}, Ret::Int, TN).is(Id::Bind).with(kRenames),
    row("listen", {A::Fd, A::Int}, Ret::Int, TN),
    row("getsockname", {A::Fd, A::SockaddrOut, A::SocklenPtr}, Ret::Int, TN),
    row("getpeername", {A::Fd, A::SockaddrOut, A::SocklenPtr}, Ret::Int, TN),
    row("socketpair", {A::SockFamily, A::SockType, A::SockProtocol, A::PipeFdsOut}, Ret::Int, TN)
        .is(Id::Socketpair),
    row("setsockopt", {A::Fd, A::SockoptLevel, A::SockoptName, A::SockoptIn, A::Uint}, Ret::Int,
        TN),
    row("getsockopt", {A::Fd, A::SockoptLevel, A::SockoptName, A::SockoptOut, A::SocklenPtr},
        Ret::Int, TN),
    // clone's registers (x86_64): flags, stack, parent_tid, child_tid, tls; strace shows them
    // named and in another order, which CloneArg's renderer follows slot by slot.
    row("clone", {A::CloneArg, A::CloneArg, A::CloneArg, A::CloneArg, A::CloneArg}, Ret::Pid,
        TP | NS)
        .is(Id::Clone)
        .with(kStop),
    row("fork", {}, Ret::Pid, TP).is(Id::Fork).with(kStop),
    row("vfork", {}, Ret::Pid, TP).is(Id::Vfork).with(kStop),
    row("execve", {A::Path, A::Argv, A::Envp}, Ret::Int, TF | TP, aX).is(Id::Execve).with(kStop),
    row("exit", {A::Int}, Ret::NoReturn, TP),
    row("wait4", {A::Int, A::WaitStatusOut, A::WaitOptions, A::RusageOut}, Ret::Pid, TP),
    row("kill", {A::Int, A::Signal}, Ret::Int, TS | TP),
    row("uname", {A::UtsnameOut}),
    row("semget", {A::Hex, A::Int, A::Hex}, Ret::Int, TI),
    row("semop", {A::Int, A::Ptr, A::Uint}, Ret::Int, TI),
    row("semctl", {A::Int, A::Int, A::Int, A::Hex}, Ret::Int, TI),
    row("shmdt", {A::Ptr}, Ret::Int, TI | TM),
    row("msgget", {A::Hex, A::Hex}, Ret::Int, TI),
    row("msgsnd", {A::Int, A::Ptr, A::Uint, A::Hex}, Ret::Int, TI),
    row("msgrcv", {A::Int, A::Ptr, A::Uint, A::Int, A::Hex}, Ret::Int, TI),
    row("msgctl", {A::Int, A::Int, A::Ptr}, Ret::Int, TI),
    row("fcntl", {A::Fd, A::Fcntl, A::FcntlArg}, Ret::FcntlRet, TD).is(Id::Fcntl),
    row("flock", {A::Fd, A::Int}, Ret::Int, TD),
    row("fsync", {A::Fd}, Ret::Int, TD, aW),
    row("fdatasync", {A::Fd}, Ret::Int, TD, aW),
    row("truncate", {A::Path, A::Int}, Ret::Int, TF, aW),
    row("ftruncate", {A::Fd, A::Int}, Ret::Int, TD, aW),
    row("getdents", {A::Fd, A::Ptr, A::Uint}, Ret::Int, TD, aL),
    row("getcwd", {A::CwdOut, A::Uint}, Ret::Int, TF),
    row("chdir", {A::Path}, Ret::Int, TF, aS).is(Id::Chdir).with(kRoots).with(kStop),
    row("fchdir", {A::Fd}, Ret::Int, TD, aS).is(Id::Chdir).with(kRoots).with(kStop),
    row("rename", {A::Path, A::Path}, Ret::Int, TF, aC | aD).with(kNoFollow | kRenames),
    row("mkdir", {A::Path, A::Mode}, Ret::Int, TF, aC).with(kNoFollow | kRenames),
    row("rmdir", {A::Path}, Ret::Int, TF, aD).with(kNoFollow | kRenames),
    row("creat", {A::Path, A::Mode}, Ret::Fd, TD | TF, aC | aW).is(Id::Creat).with(kRenames),
    row("link", {A::Path, A::Path}, Ret::Int, TF, aC).with(kNoFollow | kRenames),
    row("unlink", {A::Path}, Ret::Int, TF, aD).with(kNoFollow | kRenames),
    row("symlink", {A::LinkTarget, A::Path}, Ret::Int, TF, aC)
        .is(Id::Symlink)
        .with(kNoFollow | kRenames),
    row("readlink", {A::Path, A::LinkOut, A::Uint}, Ret::Int, TF, aR).with(kNoFollow),
    row("chmod", {A::Path, A::Mode}, Ret::Int, TF, aW),
    row("fchmod", {A::Fd, A::Mode}, Ret::Int, TD, aW),
    row("chown", {A::Path, A::Int, A::Int}, Ret::Int, TF, aW),
    row("fchown", {A::Fd, A::Int, A::Int}, Ret::Int, TD, aW),
    row("lchown", {A::Path, A::Int, A::Int}, Ret::Int, TF, aW).with(kNoFollow),
    row("umask", {A::Mode}, Ret::Mode, 0),
    row("gettimeofday", {A::TimevalOut, A::Ptr}, Ret::Int, TCL),
    row("getrlimit", {A::Rlimit, A::RlimitOut}),
    row("getrusage", {A::RusageWho, A::RusageOut}),
    row("sysinfo", {A::SysinfoOut}),
    row("times", {A::TmsOut}),
    row("ptrace", {A::Ptrace, A::Int, A::Ptr, A::Hex}).with(kStop),
    row("getuid", {}, Ret::Int, TC),
    row("syslog", {A::Int, A::Ptr, A::Int}),
    row("getgid", {}, Ret::Int, TC),
    row("setuid", {A::Int}, Ret::Int, TC),
    row("setgid", {A::Int}, Ret::Int, TC),
    row("geteuid", {}, Ret::Int, TC),
    row("getegid", {}, Ret::Int, TC),
    row("setpgid", {A::Int, A::Int}),
    row("getppid", {}, Ret::Pid),
    row("getpgrp", {}, Ret::Pid),
    row("setsid", {}, Ret::Pid),
    row("setreuid", {A::Int, A::Int}, Ret::Int, TC),
    row("setregid", {A::Int, A::Int}, Ret::Int, TC),
    row("getgroups", {A::Int, A::GroupsOut}, Ret::Int, TC),
    row("setgroups", {A::Int, A::GroupsIn}, Ret::Int, TC),
    row("setresuid", {A::Int, A::Int, A::Int}, Ret::Int, TC),
    row("getresuid", {A::IdOut, A::IdOut, A::IdOut}, Ret::Int, TC),
    row("setresgid", {A::Int, A::Int, A::Int}, Ret::Int, TC),
    row("getresgid", {A::IdOut, A::IdOut, A::IdOut}, Ret::Int, TC),
    row("getpgid", {A::Int}, Ret::Pid),
    row("setfsuid", {A::Int}, Ret::Int, TC),
    row("setfsgid", {A::Int}, Ret::Int, TC),
    row("getsid", {A::Int}, Ret::Pid),
    row("capget", {A::CapHeader, A::CapDataOut}, Ret::Int, TC),
    row("capset", {A::CapHeader, A::CapDataIn}, Ret::Int, TC),
    row("rt_sigpending", {A::Ptr, A::Uint}, Ret::Int, TS),
    row("rt_sigtimedwait", {A::SigmaskIn, A::SiginfoOut, A::TimespecIn, A::Uint}, Ret::SignalRet,
        TS),
    row("rt_sigqueueinfo", {A::Int, A::Signal, A::SiginfoIn}, Ret::Int, TS | TP),
    row("rt_sigsuspend", {A::SigmaskIn, A::Uint}, Ret::Int, TS),
    row("sigaltstack", {A::StackIn, A::StackOut}, Ret::Int, TS),
    row("utime", {A::Path, A::Utimbuf}, Ret::Int, TF, aW),
    row("mknod", {A::Path, A::Mode, A::Hex}, Ret::Int, TF, aC)
        .is(Id::Mknod)
        .with(kNoFollow | kRenames),
    row("uselib", {A::Path}, Ret::Int, TF, aR | aX),
    row("personality", {A::Hex}),
    row("ustat", {A::Hex, A::Ptr}),
    row("statfs", {A::Path, A::StatfsOut}, Ret::Int, TF, aS),
    row("fstatfs", {A::Fd, A::StatfsOut}, Ret::Int, TD, aS),
    row("sysfs", {A::Int, A::Hex, A::Hex}),
    row("getpriority", {A::Int, A::Int}),
    row("setpriority", {A::Int, A::Int, A::Int}),
    row("sched_setparam", {A::Int, A::IntIn}),
    row("sched_getparam", {A::Int, A::IntOut}),
    row("sched_setscheduler", {A::Int, A::SchedPolicy, A::IntIn}),
    row("sched_getscheduler", {A::Int}, Ret::SchedPolicyRet),
    row("sched_get_priority_max", {A::SchedPolicy}),
    row("sched_get_priority_min", {A::SchedPolicy}),
    row("sched_rr_get_interval", {A::Int, A::TimespecOut}),
    row("mlock", {A::Ptr, A::Uint}, Ret::Int, TM),
    row("munlock", {A::Ptr, A::Uint}, Ret::Int, TM),
    row("mlockall", {A::Hex}, Ret::Int, TM),
    row("munlockall", {}, Ret::Int, TM),
    row("vhangup", {}),
    row("modify_ldt", {A::Int, A::Ptr, A::Uint}),
    row("pivot_root", {A::Path, A::Path}, Ret::Int, TF | MNT, aS)
        .is(Id::PivotRoot)
        .with(kRoots)
        .with(kStop),
    row("_sysctl", {A::Ptr}),
    row("prctl", {A::Prctl, A::PrctlArg, A::PrctlArg, A::PrctlArg, A::PrctlArg}, Ret::PrctlRet, TC),
    row("arch_prctl", {A::ArchPrctlCode, A::Ptr}),
    row("adjtimex", {A::Ptr}, Ret::Int, TCL),
    row("setrlimit", {A::Rlimit, A::RlimitIn}),
    row("chroot", {A::Path}, Ret::Int, TF, aS).is(Id::Chroot).with(kRoots).with(kStop),
    row("sync", {}),
    row("acct", {A::Path}, Ret::Int, TF, aW),
    row("settimeofday", {A::TimevalIn, A::Ptr}, Ret::Int, TCL),
    row("mount", {A::Path, A::Path, A::MountFsType, A::MountFlags, A::MountData}, Ret::Int,
        TF | MNT, aS)
        .is(Id::Mount)
        .with(kMounts)
        .with(kStop),
    row("umount2", {A::Path, A::UmountFlags}, Ret::Int, TF | MNT, aS)
        .is(Id::Umount2)
        .with(kMounts)
        .with(kStop),
    row("swapon", {A::Path, A::Hex}, Ret::Int, TF, aW),
    row("swapoff", {A::Path}, Ret::Int, TF, aW),
    row("reboot", {A::Hex, A::Hex, A::Hex, A::Ptr}),
    row("sethostname", {A::String, A::Uint}).is(Id::Sethostname),
    row("setdomainname", {A::String, A::Uint}),
    row("iopl", {A::Int}),
    row("ioperm", {A::Hex, A::Hex, A::Int}),
    row("create_module", {A::String, A::Uint}),
    row("init_module", {A::Ptr, A::Uint, A::String}),
    row("delete_module", {A::String, A::Hex}),
    row("get_kernel_syms", {A::Ptr}),
    row("query_module", {A::String, A::Int, A::Ptr, A::Uint, A::Ptr}),
    row("quotactl", {A::Hex, A::Path, A::Int, A::Ptr}, Ret::Int, TF),
    row("nfsservctl", {A::Int, A::Ptr, A::Ptr}),
    row("getpmsg", {A::Hex, A::Hex, A::Hex, A::Hex, A::Hex}, Ret::Int, TN),
    row("putpmsg", {A::Hex, A::Hex, A::Hex, A::Hex, A::Hex}, Ret::Int, TN),
    row("afs_syscall", {A::Hex, A::Hex, A::Hex, A::Hex, A::Hex}),
    row("tuxcall", {A::Hex, A::Hex, A::Hex}),
    row("security", {A::Hex, A::Hex, A::Hex}),
    row("gettid", {}, Ret::Pid),
    row("readahead", {A::Fd, A::Int, A::Uint}, Ret::Int, TD, aR),
    row("setxattr", {A::Path, A::String, A::XattrValueIn, A::Uint, A::XattrFlags}, Ret::Int, TF,
        aW),
    row("lsetxattr", {A::Path, A::String, A::XattrValueIn, A::Uint, A::XattrFlags}, Ret::Int, TF,
        aW)
        .with(kNoFollow),
    row("fsetxattr", {A::Fd, A::String, A::XattrValueIn, A::Uint, A::XattrFlags}, Ret::Int, TD, aW),
    row("getxattr", {A::Path, A::String, A::XattrValueOut, A::Uint}, Ret::Int, TF, aS),
    row("lgetxattr", {A::Path, A::String, A::XattrValueOut, A::Uint}, Ret::Int, TF, aS)
        .with(kNoFollow),
    row("fgetxattr", {A::Fd, A::String, A::XattrValueOut, A::Uint}, Ret::Int, TD, aS),
    row("listxattr", {A::Path, A::XattrListOut, A::Uint}, Ret::Int, TF, aS),
    row("llistxattr", {A::Path, A::XattrListOut, A::Uint}, Ret::Int, TF, aS).with(kNoFollow),
    row("flistxattr", {A::Fd, A::XattrListOut, A::Uint}, Ret::Int, TD, aS),
    row("removexattr", {A::Path, A::String}, Ret::Int, TF, aW),
    row("lremovexattr", {A::Path, A::String}, Ret::Int, TF, aW).with(kNoFollow),
    row("fremovexattr", {A::Fd, A::String}, Ret::Int, TD, aW),
    row("tkill", {A::Int, A::Signal}, Ret::Int, TS | TP),
    row("time", {A::Ptr}, Ret::Int, TCL),
    row("futex", {A::Ptr, A::FutexOp, A::FutexArg, A::FutexArg, A::FutexArg, A::FutexArg}),
    row("sched_setaffinity", {A::Int, A::Uint, A::CpuSetIn}),
    row("sched_getaffinity", {A::Int, A::Uint, A::CpuSetOut}),
    row("set_thread_area", {A::Ptr}),
    row("io_setup", {A::Uint, A::Ptr}, Ret::Int, TM),
    row("io_destroy", {A::Hex}, Ret::Int, TM),
    row("io_getevents", {A::Hex, A::Int, A::Int, A::Ptr, A::Ptr}),
    row("io_submit", {A::Hex, A::Int, A::Ptr}),
    row("io_cancel", {A::Hex, A::Ptr, A::Ptr}),
    row("get_thread_area", {A::Ptr}),
    row("lookup_dcookie", {A::Hex, A::Ptr, A::Uint}),
    row("epoll_create", {A::Int}, Ret::Fd, TD),
    row("epoll_ctl_old", {A::Hex, A::Hex, A::Hex, A::Hex}),
    row("epoll_wait_old", {A::Hex, A::Hex, A::Hex, A::Hex}),
    row("remap_file_pages", {A::Ptr, A::Uint, A::ProtFlags, A::Uint, A::MapFlags}, Ret::Int, TM),
    row("getdents64", {A::Fd, A::DirentsOut, A::Uint}, Ret::Int, TD, aL),
    row("set_tid_address", {A::Ptr}, Ret::Pid),
    row("restart_syscall", {}),
    row("semtimedop", {A::Int, A::Ptr, A::Uint, A::Ptr}, Ret::Int, TI),
    row("fadvise64", {A::Fd, A::Int, A::Uint, A::FadviseAdvice}, Ret::Int, TD),
    row("timer_create", {A::ClockId, A::SigeventIn, A::IntOut}),
    row("timer_settime", {A::Int, A::TimerFlags, A::ItimerspecIn, A::ItimerspecOut}),
    row("timer_gettime", {A::Int, A::ItimerspecOut}),
    row("timer_getoverrun", {A::Int}),
    row("timer_delete", {A::Int}),
    row("clock_settime", {A::ClockId, A::TimespecIn}, Ret::Int, TCL),
    row("clock_gettime", {A::ClockId, A::TimespecOut}, Ret::Int, TCL),
    row("clock_getres", {A::ClockId, A::TimespecOut}, Ret::Int, TCL),
    row("clock_nanosleep", {A::ClockId, A::TimerFlags, A::TimespecIn, A::SleepRemOut}),
    row("exit_group", {A::Int}, Ret::NoReturn, TP),
    row("epoll_wait", {A::Fd, A::EpollEventsOut, A::Int, A::Int}, Ret::Int, TD),
    row("epoll_ctl", {A::Fd, A::EpollCtlOp, A::Fd, A::EpollEventIn}, Ret::Int, TD),
    row("tgkill", {A::Int, A::Int, A::Signal}, Ret::Int, TS | TP),
    row("utimes", {A::Path, A::UtimesPair}, Ret::Int, TF, aW),
    row("vserver", {A::Hex, A::Hex, A::Hex, A::Hex, A::Hex}),
    row("mbind", {A::Ptr, A::Uint, A::Int, A::Ptr, A::Uint, A::Hex}, Ret::Int, TM),
    row("set_mempolicy", {A::Int, A::Ptr, A::Uint}, Ret::Int, TM),
    row("get_mempolicy", {A::Ptr, A::Ptr, A::Uint, A::Ptr, A::Hex}, Ret::Int, TM),
    row("mq_open", {A::String, A::OpenFlags, A::OpenMode, A::MqAttr}, Ret::Fd, TD),
    row("mq_unlink", {A::String}),
    row("mq_timedsend", {A::Fd, A::Buffer, A::Uint, A::Uint, A::TimespecIn}, Ret::Int, TD),
    row("mq_timedreceive", {A::Fd, A::OutBuffer, A::Uint, A::IntOut, A::TimespecIn}, Ret::Int, TD),
    row("mq_notify", {A::Fd, A::SigeventIn}, Ret::Int, TD),
    row("mq_getsetattr", {A::Fd, A::MqAttrIn, A::MqAttrOut}, Ret::Int, TD),
    row("kexec_load", {A::Hex, A::Uint, A::Ptr, A::Hex}),
    row("waitid", {A::WaitIdType, A::WaitId, A::SiginfoOut, A::WaitOptions, A::RusageOut}, Ret::Int,
        TP),
    row("add_key", {A::String, A::String, A::Ptr, A::Uint, A::Int}),
    row("request_key", {A::String, A::String, A::String, A::Int}),
    row("keyctl", {A::Int, A::Hex, A::Hex, A::Hex, A::Hex}),
    row("ioprio_set", {A::Int, A::Int, A::Int}),
    row("ioprio_get", {A::Int, A::Int}),
    row("inotify_init", {}, Ret::Fd, TD),
    row("inotify_add_watch", {A::Fd, A::Path, A::InotifyMask}, Ret::Int, TD | TF, aR),
    row("inotify_rm_watch", {A::Fd, A::Int}, Ret::Int, TD),
    row("migrate_pages", {A::Int, A::Uint, A::Ptr, A::Ptr}, Ret::Int, TM),
    row("openat", {A::DirFd, A::Path, A::OpenFlags, A::OpenMode}, Ret::Fd, TD | TF, aR)
        .is(Id::Openat),
    row("mkdirat", {A::DirFd, A::Path, A::Mode}, Ret::Int, TD | TF, aC).with(kNoFollow | kRenames),
    row("mknodat", {A::DirFd, A::Path, A::Mode, A::Hex}, Ret::Int, TD | TF, aC)
        .is(Id::Mknod)
        .with(kNoFollow | kRenames),
    row("fchownat", {A::DirFd, A::Path, A::Int, A::Int, A::AtFlags}, Ret::Int, TD | TF, aW),
    row("futimesat", {A::DirFd, A::Path, A::UtimesPair}, Ret::Int, TD | TF, aW),
    row("newfstatat", {A::DirFd, A::Path, A::StatOut, A::AtFlags}, Ret::Int, TD | TF | TST, aS),
    row("unlinkat", {A::DirFd, A::Path, A::AtFlags}, Ret::Int, TD | TF, aD)
        .with(kNoFollow | kRenames),
    row("renameat", {A::DirFd, A::Path, A::DirFd, A::Path}, Ret::Int, TD | TF, aC | aD)
        .with(kNoFollow | kRenames),
    row("linkat", {A::DirFd, A::Path, A::DirFd, A::Path, A::AtFlags}, Ret::Int, TD | TF, aC)
        .is(Id::Linkat)
        .with(kRenames),
    row("symlinkat", {A::LinkTarget, A::DirFd, A::Path}, Ret::Int, TD | TF, aC)
        .is(Id::Symlink)
        .with(kNoFollow | kRenames),
    row("readlinkat", {A::DirFd, A::Path, A::LinkOut, A::Uint}, Ret::Int, TD | TF, aR)
        .with(kNoFollow),
    row("fchmodat", {A::DirFd, A::Path, A::Mode}, Ret::Int, TD | TF, aW),
    row("faccessat", {A::DirFd, A::Path, A::AccessMode}, Ret::Int, TD | TF, aS),
    row("pselect6", {A::Int, A::FdSet, A::FdSet, A::FdSet, A::TimespecIn, A::PselectSigmask},
        Ret::Int, TD),
    row("ppoll", {A::PollFds, A::Uint, A::TimespecIn, A::SigmaskIn, A::Uint}, Ret::Int, TD),
    row("unshare", {A::CloneFlags}, Ret::Int, NS).is(Id::Unshare).with(kRoots).with(kStop),
    row("set_robust_list", {A::Ptr, A::Uint}),
    row("get_robust_list", {A::Int, A::Ptr, A::Ptr}),
    row("splice", {A::Fd, A::OffsetIn, A::Fd, A::OffsetIn, A::Uint, A::SpliceFlags}, Ret::Int, TD)
        .is(Id::SpliceLike),
    row("tee", {A::Fd, A::Fd, A::Uint, A::SpliceFlags}, Ret::Int, TD).is(Id::SpliceLike),
    row("sync_file_range", {A::Fd, A::Int, A::Int, A::Hex}, Ret::Int, TD),
    row("vmsplice", {A::Fd, A::IovecIn, A::Uint, A::SpliceFlags}, Ret::Int, TD),
    row("move_pages", {A::Int, A::Uint, A::Ptr, A::Ptr, A::Ptr, A::Hex}, Ret::Int, TM),
    row("utimensat", {A::DirFd, A::Path, A::UtimensPair, A::AtFlags}, Ret::Int, TD | TF, aW),
    row("epoll_pwait", {A::Fd, A::EpollEventsOut, A::Int, A::Int, A::SigmaskIn, A::Uint}, Ret::Int,
        TD),
    row("signalfd", {A::Fd, A::Ptr, A::Uint}, Ret::Fd, TD | TS),
    row("timerfd_create", {A::ClockId, A::TimerfdCreateFlags}, Ret::Fd, TD),
    row("eventfd", {A::Uint}, Ret::Fd, TD),
    row("fallocate", {A::Fd, A::Hex, A::Int, A::Int}, Ret::Int, TD, aW),
    row("timerfd_settime", {A::Fd, A::TimerfdSetFlags, A::ItimerspecIn, A::ItimerspecOut}, Ret::Int,
        TD),
    row("timerfd_gettime", {A::Fd, A::ItimerspecOut}, Ret::Int, TD),
    row("accept4", {A::Fd, A::SockaddrOut, A::SocklenPtr, A::SockType}, Ret::Fd, TN)
        .is(Id::Accept)
        .with(kStop),
    row("signalfd4", {A::Fd, A::Ptr, A::Uint, A::SignalfdFlags}, Ret::Fd, TD | TS),
    row("eventfd2", {A::Uint, A::EventfdFlags}, Ret::Fd, TD),
    row("epoll_create1", {A::EpollCreateFlags}, Ret::Fd, TD),
    row("dup3", {A::Fd, A::Fd, A::OpenFlagBits}, Ret::Fd, TD).is(Id::Dup2),
    row("pipe2", {A::PipeFdsOut, A::OpenFlagBits}, Ret::Int, TD).is(Id::Pipe),
    row("inotify_init1", {A::InotifyInitFlags}, Ret::Fd, TD),
    row("preadv", {A::Fd, A::IovecOut, A::Uint, A::OffsetLowHigh, A::OffsetHigh}, Ret::Int, TD, aR),
    row("pwritev", {A::Fd, A::IovecIn, A::Uint, A::OffsetLowHigh, A::OffsetHigh}, Ret::Int, TD, aW),
    row("rt_tgsigqueueinfo", {A::Int, A::Int, A::Signal, A::SiginfoIn}, Ret::Int, TP | TS),
    row("perf_event_open", {A::Ptr, A::Int, A::Int, A::Fd, A::Hex}, Ret::Fd, TD),
    row("recvmmsg", {A::Fd, A::MmsgHdrOut, A::Uint, A::MsgFlags, A::TimespecIn}, Ret::Int, TN, aR)
        .is(Id::Recvmmsg),
    row("fanotify_init", {A::FanInitFlags, A::OpenFlags}, Ret::Fd, TD),
    row("fanotify_mark", {A::Fd, A::FanMarkFlags, A::FanEventMask, A::DirFd, A::Path}, Ret::Int,
        TD | TF, aR),
    row("prlimit64", {A::Int, A::Rlimit, A::Rlimit64In, A::Rlimit64Out}),
    row("name_to_handle_at", {A::DirFd, A::Path, A::Ptr, A::Ptr, A::AtFlags}, Ret::Int, TD | TF, aS)
        .is(Id::NameToHandleAt)
        .with(kStop),
    row("open_by_handle_at", {A::Fd, A::Ptr, A::OpenFlags}, Ret::Fd, TD, aR)
        .is(Id::FdFromKernel)
        .with(kByHandle)
        .with(kStop),
    row("clock_adjtime", {A::ClockId, A::Ptr}, Ret::Int, TCL),
    row("syncfs", {A::Fd}, Ret::Int, TD),
    row("sendmmsg", {A::Fd, A::MmsgHdrIn, A::Uint, A::MsgFlags}, Ret::Int, TN, aW),
    row("setns", {A::Fd, A::CloneFlags}, Ret::Int, TD | NS).is(Id::Setns).with(kRoots).with(kStop),
    row("getcpu", {A::IntOut, A::IntOut, A::Ptr}),
    row("process_vm_readv", {A::Int, A::Ptr, A::Uint, A::Ptr, A::Uint, A::Hex}),
    row("process_vm_writev", {A::Int, A::Ptr, A::Uint, A::Ptr, A::Uint, A::Hex}),
    row("kcmp", {A::Int, A::Int, A::Int, A::Hex, A::Hex}),
    row("finit_module", {A::Fd, A::String, A::Hex}, Ret::Int, TD, aR),
    row("sched_setattr", {A::Int, A::SchedAttrIn, A::Hex}),
    row("sched_getattr", {A::Int, A::SchedAttrOut, A::Uint, A::Hex}),
    row("renameat2", {A::DirFd, A::Path, A::DirFd, A::Path, A::RenameFlags}, Ret::Int, TD | TF,
        aC | aD)
        .with(kNoFollow | kRenames),
    row("seccomp", {A::SeccompOp, A::Hex, A::Ptr}),
    row("getrandom", {A::RandomOut, A::Uint, A::GrndFlags}),
    row("memfd_create", {A::String, A::MemfdFlags}, Ret::Fd, TD).is(Id::FdFromKernel),
    row("kexec_file_load", {A::Fd, A::Fd, A::Uint, A::String, A::Hex}, Ret::Int, TD),
    row("bpf", {A::Int, A::Ptr, A::Uint}, Ret::Int, TD).is(Id::Bpf),
    row("execveat", {A::DirFd, A::Path, A::Argv, A::Envp, A::AtFlags}, Ret::Int, TD | TF | TP, aX)
        .is(Id::Execveat)
        .with(kStop),
    row("userfaultfd", {A::UserfaultfdFlags}, Ret::Fd, TD),
    row("membarrier", {A::Int, A::Hex, A::Int}),
    row("mlock2", {A::Ptr, A::Uint, A::Hex}, Ret::Int, TM),
    row("copy_file_range", {A::Fd, A::OffsetIn, A::Fd, A::OffsetIn, A::Uint, A::Hex}, Ret::Int, TD,
        aR | aW)
        .is(Id::SpliceLike),
    row("preadv2", {A::Fd, A::IovecOut, A::Uint, A::OffsetLowHigh, A::OffsetHigh, A::RwfFlags},
        Ret::Int, TD, aR),
    row("pwritev2", {A::Fd, A::IovecIn, A::Uint, A::OffsetLowHigh, A::OffsetHigh, A::RwfFlags},
        Ret::Int, TD, aW),
    row("pkey_mprotect", {A::Ptr, A::Uint, A::ProtFlags, A::Int}, Ret::Int, TM),
    row("pkey_alloc", {A::Hex, A::Hex}),
    row("pkey_free", {A::Int}),
    row("statx", {A::DirFd, A::Path, A::StatxAtFlags, A::StatxMask, A::StatxOut}, Ret::Int,
        TD | TF | TST, aS),
    row("io_pgetevents", {A::Hex, A::Int, A::Int, A::Ptr, A::Ptr, A::Ptr}),
    row("rseq", {A::Ptr, A::Hex, A::Hex, A::Hex}),
    row("pidfd_send_signal", {A::Fd, A::Signal, A::Ptr, A::Hex}, Ret::Int, TD | TS | TP),
    row("io_uring_setup", {A::Uint, A::Ptr}, Ret::Fd, TD).is(Id::IoUringSetup).with(kStop),
    row("io_uring_enter", {A::Fd, A::Uint, A::Uint, A::Hex, A::Ptr, A::Uint}, Ret::Int, TD | TS)
        .is(Id::IoUringEnter)
        .with(kStop),
    row("io_uring_register", {A::Fd, A::Uint, A::Ptr, A::Uint}, Ret::Int, TD | TM)
        .is(Id::IoUringRegister)
        .with(kStop),
    row("open_tree", {A::DirFd, A::Path, A::OpenTreeFlags}, Ret::Fd, TD | TF | MNT, aS).with(kStop),
    row("move_mount", {A::DirFd, A::Path, A::DirFd, A::Path, A::MoveMountFlags}, Ret::Int,
        TD | TF | MNT, aS)
        .with(kMounts)
        .with(kStop),
    row("fsopen", {A::String, A::FsopenFlags}, Ret::Fd, TD | MNT).is(Id::Fsopen),
    row("fsconfig", {A::Fd, A::Uint, A::String, A::String, A::Int}, Ret::Int, TD | TF | MNT),
    row("fsmount", {A::Fd, A::FsmountFlags, A::Hex}, Ret::Fd, TD | MNT)
        .is(Id::Fsmount)
        .with(kMounts)
        .with(kStop),
    row("fspick", {A::DirFd, A::Path, A::FspickFlags}, Ret::Fd, TD | TF | MNT, aS),
    row("pidfd_open", {A::Int, A::Hex}, Ret::Fd, TD),
    row("clone3", {A::Clone3Args, A::Uint}, Ret::Pid, TP | NS).is(Id::Clone3).with(kStop),
    row("close_range", {A::Fd, A::Fd, A::Hex}, Ret::Int, TD).is(Id::CloseRange),
    row("openat2", {A::DirFd, A::Path, A::OpenHow, A::Uint}, Ret::Fd, TD | TF, aR)
        .is(Id::Openat2)
        .with(kRenames),
    row("pidfd_getfd", {A::Fd, A::Int, A::Hex}, Ret::Fd, TD).is(Id::FdFromKernel).with(kStop),
    row("faccessat2", {A::DirFd, A::Path, A::AccessMode, A::EaccessAtFlags}, Ret::Int, TD | TF, aS),
    row("process_madvise", {A::Fd, A::Ptr, A::Uint, A::Int, A::Hex}, Ret::Int, TD),
    row("epoll_pwait2", {A::Fd, A::EpollEventsOut, A::Int, A::TimespecIn, A::SigmaskIn, A::Uint},
        Ret::Int, TD),
    row("mount_setattr", {A::DirFd, A::Path, A::AtFlags, A::Ptr, A::Uint}, Ret::Int, TD | TF | MNT,
        aS)
        .with(kMounts)
        .with(kStop),
    row("quotactl_fd", {A::Fd, A::Hex, A::Int, A::Ptr}, Ret::Int, TD),
    row("landlock_create_ruleset", {A::Ptr, A::Uint, A::Hex}, Ret::Fd, TD),
    row("landlock_add_rule", {A::Fd, A::Int, A::Ptr, A::Hex}, Ret::Int, TD),
    row("landlock_restrict_self", {A::Fd, A::Hex}, Ret::Int, TD),
    row("memfd_secret", {A::Hex}, Ret::Fd, TD).is(Id::FdFromKernel),
    row("process_mrelease", {A::Fd, A::Hex}, Ret::Int, TD),
    row("futex_waitv", {A::FutexWaiters, A::Uint, A::Hex, A::TimespecIn, A::ClockId}),
    row("set_mempolicy_home_node", {A::Ptr, A::Uint, A::Uint, A::Hex}, Ret::Int, TM),
    row("cachestat", {A::Fd, A::Ptr, A::Ptr, A::Hex}, Ret::Int, TD),
    row("fchmodat2", {A::DirFd, A::Path, A::Mode, A::AtFlags}, Ret::Int, TD | TF, aW),
    row("map_shadow_stack", {A::Ptr, A::Uint, A::Hex}, Ret::Hex, TM),
    row("futex_wake", {A::Ptr, A::Hex, A::Int, A::Hex}),
    row("futex_wait", {A::Ptr, A::Hex, A::Hex, A::Hex, A::Ptr, A::ClockId}),
    row("futex_requeue", {A::Ptr, A::Hex, A::Int, A::Int}),

    // --- i386-only names (int $0x80 from any process, or a 32-bit program) ---
    row32("waitpid", {A::Int, A::WaitStatusOut, A::WaitOptions}, Ret::Pid, TP),
    row32("umount", {A::Path}, Ret::Int, TF | MNT, aS).with(kMounts),
    row32("break", {}, Ret::Int, TM),
    row32("oldstat", {A::Path, A::Ptr}, Ret::Int, TF | TST, aS),
    row32("oldfstat", {A::Fd, A::Ptr}, Ret::Int, TD | TST, aS),
    row32("oldlstat", {A::Path, A::Ptr}, Ret::Int, TF | TST, aS),
    row32("stime", {A::Ptr}),
    row32("stty", {A::Hex, A::Hex}),
    row32("gtty", {A::Hex, A::Hex}),
    row32("nice", {A::Int}),
    row32("ftime", {}),
    row32("prof", {}),
    row32("signal", {A::Signal, A::Ptr}, Ret::Hex, TS),
    row32("lock", {}),
    row32("mpx", {}),
    row32("ulimit", {A::Int, A::Hex}),
    row32("oldolduname", {A::Ptr}),
    row32("sigaction", {A::Signal, A::OldSigactionIn, A::OldSigactionOut}, Ret::Int, TS),
    row32("sgetmask", {}, Ret::Hex, TS),
    row32("ssetmask", {A::Hex}, Ret::Hex, TS),
    row32("sigsuspend", {A::Int, A::Int, A::Hex}, Ret::Int, TS),
    row32("sigpending", {A::Ptr}, Ret::Int, TS),
    row32("readdir", {A::Fd, A::Ptr, A::Uint}, Ret::Int, TD, aL),
    row32("socketcall", {A::Int, A::Ptr}, Ret::Int, TD | TN),
    row32("olduname", {A::Ptr}),
    row32("idle", {}),
    row32("vm86old", {A::Ptr}),
    row32("ipc", {A::Uint, A::Int, A::Int, A::Int, A::Ptr, A::Hex}, Ret::Int, TI),
    row32("sigreturn", {}, Ret::Int, TS),
    row32("sigprocmask", {A::Sigprocmask, A::Ptr, A::Ptr}, Ret::Int, TS),
    row32("bdflush", {A::Int, A::Hex}),
    row32("_llseek", {A::Fd, A::Hex, A::Hex, A::Ptr, A::Whence}, Ret::Int, TD),
    row32("_newselect", {A::Int, A::FdSet, A::FdSet, A::FdSet, A::TimevalIn}, Ret::Int, TD),
    row32("vm86", {A::Hex, A::Hex}),
    row32("ugetrlimit", {A::Rlimit, A::RlimitOut}),
    row32("mmap2", {A::Ptr, A::Uint, A::ProtFlags, A::MapFlags, A::Fd, A::Hex}, Ret::Hex, TD | TM),
    row32("truncate64", {A::Path, A::Int}, Ret::Int, TF, aW),
    row32("ftruncate64", {A::Fd, A::Int}, Ret::Int, TD, aW),
    row32("stat64", {A::Path, A::Stat64Out}, Ret::Int, TF | TST, aS),
    row32("lstat64", {A::Path, A::Stat64Out}, Ret::Int, TF | TST, aS).with(kNoFollow),
    row32("fstat64", {A::Fd, A::Stat64Out}, Ret::Int, TD | TST, aS),
    row32("lchown32", {A::Path, A::Int, A::Int}, Ret::Int, TF, aW).with(kNoFollow),
    row32("getuid32", {}, Ret::Int, TC),
    row32("getgid32", {}, Ret::Int, TC),
    row32("geteuid32", {}, Ret::Int, TC),
    row32("getegid32", {}, Ret::Int, TC),
    row32("setreuid32", {A::Int, A::Int}, Ret::Int, TC),
    row32("setregid32", {A::Int, A::Int}, Ret::Int, TC),
    row32("getgroups32", {A::Int, A::GroupsOut}, Ret::Int, TC),
    row32("setgroups32", {A::Int, A::GroupsIn}, Ret::Int, TC),
    row32("fchown32", {A::Fd, A::Int, A::Int}, Ret::Int, TD, aW),
    row32("setresuid32", {A::Int, A::Int, A::Int}, Ret::Int, TC),
    row32("getresuid32", {A::IdOut, A::IdOut, A::IdOut}, Ret::Int, TC),
    row32("setresgid32", {A::Int, A::Int, A::Int}, Ret::Int, TC),
    row32("getresgid32", {A::IdOut, A::IdOut, A::IdOut}, Ret::Int, TC),
    row32("chown32", {A::Path, A::Int, A::Int}, Ret::Int, TF, aW),
    row32("setuid32", {A::Int}, Ret::Int, TC),
    row32("setgid32", {A::Int}, Ret::Int, TC),
    row32("setfsuid32", {A::Int}, Ret::Int, TC),
    row32("setfsgid32", {A::Int}, Ret::Int, TC),
    row32("fcntl64", {A::Fd, A::Fcntl, A::FcntlArg}, Ret::FcntlRet, TD).is(Id::Fcntl),
    row32("sendfile64", {A::Fd, A::Fd, A::Ptr, A::Uint}, Ret::Int, TD | TN, aR | aW)
        .is(Id::Sendfile),
    row32("statfs64", {A::Path, A::Uint, A::Statfs64Out}, Ret::Int, TF, aS),
    row32("fstatfs64", {A::Fd, A::Uint, A::Statfs64Out}, Ret::Int, TD, aS),
    row32("fadvise64_64", {A::Fd, A::Int, A::Int, A::Int}, Ret::Int, TD),
    row32("fstatat64", {A::DirFd, A::Path, A::Stat64Out, A::AtFlags}, Ret::Int, TD | TF | TST, aS),
    // 64-bit time variants of the y2038 work (i386 only among our arches).
    row32("clock_gettime64", {A::ClockId, A::Timespec64Out}, Ret::Int, TCL),
    row32("clock_settime64", {A::ClockId, A::Timespec64In}, Ret::Int, TCL),
    row32("clock_adjtime64", {A::ClockId, A::Ptr}, Ret::Int, TCL),
    row32("clock_getres_time64", {A::ClockId, A::Timespec64Out}, Ret::Int, TCL),
    row32("clock_nanosleep_time64", {A::ClockId, A::TimerFlags, A::Timespec64In, A::SleepRem64Out}),
    row32("timer_gettime64", {A::Int, A::Itimerspec64Out}),
    row32("timer_settime64", {A::Int, A::TimerFlags, A::Itimerspec64In, A::Itimerspec64Out}),
    row32("timerfd_gettime64", {A::Fd, A::Itimerspec64Out}, Ret::Int, TD),
    row32("timerfd_settime64", {A::Fd, A::TimerfdSetFlags, A::Itimerspec64In, A::Itimerspec64Out},
          Ret::Int, TD),
    row32("utimensat_time64", {A::DirFd, A::Path, A::Ptr, A::AtFlags}, Ret::Int, TD | TF, aW),
    row32("pselect6_time64",
          {A::Int, A::FdSet, A::FdSet, A::FdSet, A::Timespec64In, A::PselectSigmask}, Ret::Int, TD),
    row32("ppoll_time64", {A::PollFds, A::Uint, A::Timespec64In, A::SigmaskIn, A::Uint}, Ret::Int,
          TD),
    row32("io_pgetevents_time64", {A::Hex, A::Int, A::Int, A::Ptr, A::Ptr, A::Ptr}),
    row32("recvmmsg_time64", {A::Fd, A::MmsgHdrOut, A::Uint, A::MsgFlags, A::Ptr}, Ret::Int, TN, aR)
        .is(Id::Recvmmsg),
    row32("mq_timedsend_time64", {A::Fd, A::Ptr, A::Uint, A::Uint, A::Ptr}, Ret::Int, TD),
    row32("mq_timedreceive_time64", {A::Fd, A::Ptr, A::Uint, A::Ptr, A::Ptr}, Ret::Int, TD),
    row32("semtimedop_time64", {A::Int, A::Ptr, A::Uint, A::Ptr}, Ret::Int, TI),
    row32("rt_sigtimedwait_time64", {A::Ptr, A::Ptr, A::Ptr, A::Uint}, Ret::Int, TS),
    row32("futex_time64", {A::Ptr, A::Hex, A::Uint, A::Ptr, A::Ptr, A::Uint}),
    row32("sched_rr_get_interval_time64", {A::Int, A::Ptr}),
};

/// i386's own shapes of names x86_64 shares (SyscallTable.h, i386Shapes): the old select takes
/// one pointer to its five arguments; the un-suffixed credential calls use 16-bit ids.
constexpr SyscallInfo kI386Shapes[] = {
    row32("select", {A::OldSelectArgs}, Ret::Int, TD),
    row32("getgroups", {A::Int, A::Groups16Out}, Ret::Int, TC),
    row32("setgroups", {A::Int, A::Groups16In}, Ret::Int, TC),
    row32("getresuid", {A::Id16Out, A::Id16Out, A::Id16Out}, Ret::Int, TC),
    row32("getresgid", {A::Id16Out, A::Id16Out, A::Id16Out}, Ret::Int, TC),
};

}  // namespace

std::span<const SyscallInfo> allSyscalls() { return {kTable, std::size(kTable)}; }

std::span<const SyscallInfo> i386Shapes() { return {kI386Shapes, std::size(kI386Shapes)}; }

int argOfRole(const SyscallInfo& info, ArgRole role) {
    for (int i = 0; i < info.nargs && i < 6; ++i) {
        if (info.args[i] == role) return i;
    }
    return -1;
}

bool isAtFlagsRole(ArgRole role) {
    return role == ArgRole::AtFlags || role == ArgRole::StatxAtFlags ||
           role == ArgRole::EaccessAtFlags;
}

}  // namespace scratch::tracer
