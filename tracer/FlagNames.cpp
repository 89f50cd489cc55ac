// Flag and enumeration tables. Values are written as numbers (x86_64/i386 values, which agree for
// everything here) so the file does not depend on which libc headers define which constant.
#include "tracer/FlagNames.h"

#include <fmt/format.h>

namespace scratch::tracer {

namespace {

// strace's order (xlat/open_mode_flags.in): O_SYNC before O_DSYNC, O_TMPFILE before O_DIRECTORY,
// which is why strace prints "O_RDONLY|O_CLOEXEC|O_DIRECTORY".
constexpr FlagName kOpenFlags[] = {
    {0x40, "O_CREAT"},        {0x80, "O_EXCL"},        {0x100, "O_NOCTTY"},
    {0x200, "O_TRUNC"},       {0x400, "O_APPEND"},     {0x800, "O_NONBLOCK"},
    {0x101000, "O_SYNC"},     {0x1000, "O_DSYNC"},     {0x4000, "O_DIRECT"},
    {0x8000, "O_LARGEFILE"},  {0x20000, "O_NOFOLLOW"}, {0x40000, "O_NOATIME"},
    {0x80000, "O_CLOEXEC"},   {0x200000, "O_PATH"},    {0x410000, "O_TMPFILE"},
    {0x10000, "O_DIRECTORY"}, {0x2000, "O_ASYNC"},
};

// One table for clone and clone3. clone3 has the exit signal in a field of its own, so its flags
// may use the low byte: the kernel's CLONE_NEWTIME is 0x80 there (uapi/linux/sched.h), as for
// unshare. clone's low byte is the exit signal, so clone's table is this one without its first row.
constexpr FlagName kClone3Flags[] = {
    {0x80, "CLONE_NEWTIME"},
    {0x100, "CLONE_VM"},
    {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},
    {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"},
    {0x2000, "CLONE_PTRACE"},
    {0x4000, "CLONE_VFORK"},
    {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"},
    {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"},
    {0x80000, "CLONE_SETTLS"},
    {0x100000, "CLONE_PARENT_SETTID"},
    {0x200000, "CLONE_CHILD_CLEARTID"},
    {0x800000, "CLONE_UNTRACED"},
    {0x1000000, "CLONE_CHILD_SETTID"},
    {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},
    {0x8000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},
    {0x40000000, "CLONE_NEWNET"},
    {0x80000000, "CLONE_IO"},
    {0x100000000ULL, "CLONE_CLEAR_SIGHAND"},
    {0x200000000ULL, "CLONE_INTO_CGROUP"},
};

// unshare(2) and setns(2) take CLONE_NEW* (and a few others) where CLONE_NEWTIME is 0x80,
// because there is no exit signal in the low byte.
constexpr FlagName kNsFlags[] = {
    {0x80, "CLONE_NEWTIME"},      {0x100, "CLONE_VM"},          {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},       {0x800, "CLONE_SIGHAND"},     {0x10000, "CLONE_THREAD"},
    {0x20000, "CLONE_NEWNS"},     {0x40000, "CLONE_SYSVSEM"},   {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},  {0x8000000, "CLONE_NEWIPC"},  {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"}, {0x40000000, "CLONE_NEWNET"},
};

constexpr FlagName kMountFlags[] = {
    {0x1, "MS_RDONLY"},         {0x2, "MS_NOSUID"},         {0x4, "MS_NODEV"},
    {0x8, "MS_NOEXEC"},         {0x10, "MS_SYNCHRONOUS"},   {0x20, "MS_REMOUNT"},
    {0x40, "MS_MANDLOCK"},      {0x80, "MS_DIRSYNC"},       {0x100, "MS_NOSYMFOLLOW"},
    {0x400, "MS_NOATIME"},      {0x800, "MS_NODIRATIME"},   {0x1000, "MS_BIND"},
    {0x2000, "MS_MOVE"},        {0x4000, "MS_REC"},         {0x8000, "MS_SILENT"},
    {0x10000, "MS_POSIXACL"},   {0x20000, "MS_UNBINDABLE"}, {0x40000, "MS_PRIVATE"},
    {0x80000, "MS_SLAVE"},      {0x100000, "MS_SHARED"},    {0x200000, "MS_RELATIME"},
    {0x400000, "MS_KERNMOUNT"}, {0x800000, "MS_I_VERSION"}, {0x1000000, "MS_STRICTATIME"},
    {0x2000000, "MS_LAZYTIME"}, {0x4000000, "MS_SUBMOUNT"}, {0x8000000, "MS_NOREMOTELOCK"},
    {0x10000000, "MS_NOSEC"},   {0x20000000, "MS_BORN"},    {0x40000000, "MS_ACTIVE"},
    {0x80000000, "MS_NOUSER"},
};

constexpr FlagName kUmountFlags[] = {
    {0x1, "MNT_FORCE"},
    {0x2, "MNT_DETACH"},
    {0x4, "MNT_EXPIRE"},
    {0x8, "UMOUNT_NOFOLLOW"},
};

constexpr FlagName kAtFlags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},   {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},     {0x1000, "AT_EMPTY_PATH"}, {0x2000, "AT_STATX_FORCE_SYNC"},
    {0x4000, "AT_STATX_DONT_SYNC"}, {0x8000, "AT_RECURSIVE"},
};

constexpr FlagName kAccessModes[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}};

// In strace's order (its wait4_options table is not sorted): "WNOHANG|WEXITED|WSTOPPED".
constexpr FlagName kWaitOptions[] = {
    {0x1, "WNOHANG"},       {0x4, "WEXITED"},
    {0x2, "WSTOPPED"},      {0x8, "WCONTINUED"},
    {0x1000000, "WNOWAIT"}, {0x80000000, "__WCLONE"},
    {0x40000000, "__WALL"}, {0x20000000, "__WNOTHREAD"},
};

constexpr FlagName kWhence[] = {
    {0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"}, {3, "SEEK_DATA"}, {4, "SEEK_HOLE"},
};

constexpr FlagName kProt[] = {
    {0x1, "PROT_READ"},
    {0x2, "PROT_WRITE"},
    {0x4, "PROT_EXEC"},
    {0x8, "PROT_SEM"},
    {0x10, "PROT_BTI"},
    {0x20, "PROT_MTE"},
    {0x1000000, "PROT_GROWSDOWN"},
    {0x2000000, "PROT_GROWSUP"},
};

constexpr FlagName kMapTypes[] = {
    {1, "MAP_SHARED"},
    {2, "MAP_PRIVATE"},
    {3, "MAP_SHARED_VALIDATE"},
};

constexpr FlagName kMapFlags[] = {
    {0x10, "MAP_FIXED"},
    {0x20, "MAP_ANONYMOUS"},
    {0x40, "MAP_32BIT"},
    {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"},
    {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},
    {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"},
    {0x40000, "MAP_HUGETLB"},
    {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
    {0x4000000, "MAP_UNINITIALIZED"},
};

constexpr FlagName kFcntl[] = {
    {0, "F_DUPFD"},
    {1, "F_GETFD"},
    {2, "F_SETFD"},
    {3, "F_GETFL"},
    {4, "F_SETFL"},
    {5, "F_GETLK"},
    {6, "F_SETLK"},
    {7, "F_SETLKW"},
    {8, "F_SETOWN"},
    {9, "F_GETOWN"},
    {10, "F_SETSIG"},
    {11, "F_GETSIG"},
    {12, "F_GETLK64"},
    {13, "F_SETLK64"},
    {14, "F_SETLKW64"},
    {15, "F_SETOWN_EX"},
    {16, "F_GETOWN_EX"},
    {17, "F_GETOWNER_UIDS"},
    {36, "F_OFD_GETLK"},
    {37, "F_OFD_SETLK"},
    {38, "F_OFD_SETLKW"},
    {1024, "F_SETLEASE"},
    {1025, "F_GETLEASE"},
    {1026, "F_NOTIFY"},
    {1030, "F_DUPFD_CLOEXEC"},
    {1031, "F_SETPIPE_SZ"},
    {1032, "F_GETPIPE_SZ"},
    {1033, "F_ADD_SEALS"},
    {1034, "F_GET_SEALS"},
    {1035, "F_GET_RW_HINT"},
    {1036, "F_SET_RW_HINT"},
    {1037, "F_GET_FILE_RW_HINT"},
    {1038, "F_SET_FILE_RW_HINT"},
};

constexpr FlagName kFamilies[] = {
    {0, "AF_UNSPEC"},      {1, "AF_UNIX"},      {2, "AF_INET"},      {3, "AF_AX25"},
    {4, "AF_IPX"},         {5, "AF_APPLETALK"}, {6, "AF_NETROM"},    {7, "AF_BRIDGE"},
    {8, "AF_ATMPVC"},      {9, "AF_X25"},       {10, "AF_INET6"},    {11, "AF_ROSE"},
    {12, "AF_DECnet"},     {13, "AF_NETBEUI"},  {14, "AF_SECURITY"}, {15, "AF_KEY"},
    {16, "AF_NETLINK"},    {17, "AF_PACKET"},   {18, "AF_ASH"},      {19, "AF_ECONET"},
    {20, "AF_ATMSVC"},     {21, "AF_RDS"},      {22, "AF_SNA"},      {23, "AF_IRDA"},
    {24, "AF_PPPOX"},      {25, "AF_WANPIPE"},  {26, "AF_LLC"},      {27, "AF_IB"},
    {28, "AF_MPLS"},       {29, "AF_CAN"},      {30, "AF_TIPC"},     {31, "AF_BLUETOOTH"},
    {32, "AF_IUCV"},       {33, "AF_RXRPC"},    {34, "AF_ISDN"},     {35, "AF_PHONET"},
    {36, "AF_IEEE802154"}, {37, "AF_CAIF"},     {38, "AF_ALG"},      {39, "AF_NFC"},
    {40, "AF_VSOCK"},      {41, "AF_KCM"},      {42, "AF_QIPCRTR"},  {43, "AF_SMC"},
    {44, "AF_XDP"},        {45, "AF_MCTP"},
};

constexpr FlagName kSockTypes[] = {
    {1, "SOCK_STREAM"},    {2, "SOCK_DGRAM"}, {3, "SOCK_RAW"},     {4, "SOCK_RDM"},
    {5, "SOCK_SEQPACKET"}, {6, "SOCK_DCCP"},  {10, "SOCK_PACKET"},
};

// strace prints SOCK_CLOEXEC before SOCK_NONBLOCK.
constexpr FlagName kSockFlags[] = {{0x80000, "SOCK_CLOEXEC"}, {0x800, "SOCK_NONBLOCK"}};

constexpr FlagName kIoctls[] = {
    {0x5401, "TCGETS"},       {0x5402, "TCSETS"},     {0x5403, "TCSETSW"},
    {0x5404, "TCSETSF"},      {0x5409, "TCSBRK"},     {0x540b, "TCFLSH"},
    {0x540e, "TIOCSCTTY"},    {0x540f, "TIOCGPGRP"},  {0x5410, "TIOCSPGRP"},
    {0x5413, "TIOCGWINSZ"},   {0x5414, "TIOCSWINSZ"}, {0x541b, "FIONREAD"},
    {0x5421, "FIONBIO"},      {0x5422, "TIOCNOTTY"},  {0x5450, "FIONCLEX"},
    {0x5451, "FIOCLEX"},      {0x5452, "FIOASYNC"},   {0x40045431, "TIOCSPTLCK"},
    {0x80045430, "TIOCGPTN"},
};

constexpr FlagName kPrctl[] = {
    {1, "PR_SET_PDEATHSIG"},
    {2, "PR_GET_PDEATHSIG"},
    {3, "PR_GET_DUMPABLE"},
    {4, "PR_SET_DUMPABLE"},
    {7, "PR_GET_KEEPCAPS"},
    {8, "PR_SET_KEEPCAPS"},
    {15, "PR_SET_NAME"},
    {16, "PR_GET_NAME"},
    {21, "PR_GET_SECCOMP"},
    {22, "PR_SET_SECCOMP"},
    {23, "PR_CAPBSET_READ"},
    {24, "PR_CAPBSET_DROP"},
    {27, "PR_GET_SECUREBITS"},
    {28, "PR_SET_SECUREBITS"},
    {29, "PR_SET_TIMERSLACK"},
    {30, "PR_GET_TIMERSLACK"},
    {35, "PR_SET_MM"},
    {36, "PR_SET_CHILD_SUBREAPER"},
    {37, "PR_GET_CHILD_SUBREAPER"},
    {38, "PR_SET_NO_NEW_PRIVS"},
    {39, "PR_GET_NO_NEW_PRIVS"},
    {40, "PR_GET_TID_ADDRESS"},
    {41, "PR_SET_THP_DISABLE"},
    {42, "PR_GET_THP_DISABLE"},
    {47, "PR_CAP_AMBIENT"},
    {59, "PR_SET_SYSCALL_USER_DISPATCH"},
    {0x59616d61, "PR_SET_PTRACER"},
    {0x53564d41, "PR_SET_VMA"},
};

constexpr FlagName kRlimits[] = {
    {0, "RLIMIT_CPU"},       {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},    {3, "RLIMIT_STACK"},
    {4, "RLIMIT_CORE"},      {5, "RLIMIT_RSS"},   {6, "RLIMIT_NPROC"},   {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"},   {9, "RLIMIT_AS"},    {10, "RLIMIT_LOCKS"},  {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"},
};

constexpr FlagName kClocks[] = {
    {0, "CLOCK_REALTIME"},          {1, "CLOCK_MONOTONIC"},     {2, "CLOCK_PROCESS_CPUTIME_ID"},
    {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"}, {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"},  {7, "CLOCK_BOOTTIME"},      {8, "CLOCK_REALTIME_ALARM"},
    {9, "CLOCK_BOOTTIME_ALARM"},    {11, "CLOCK_TAI"},
};

constexpr FlagName kSigprocmask[] = {{0, "SIG_BLOCK"}, {1, "SIG_UNBLOCK"}, {2, "SIG_SETMASK"}};

constexpr FlagName kPtrace[] = {
    {0, "PTRACE_TRACEME"},
    {1, "PTRACE_PEEKTEXT"},
    {2, "PTRACE_PEEKDATA"},
    {3, "PTRACE_PEEKUSER"},
    {4, "PTRACE_POKETEXT"},
    {5, "PTRACE_POKEDATA"},
    {6, "PTRACE_POKEUSER"},
    {7, "PTRACE_CONT"},
    {8, "PTRACE_KILL"},
    {9, "PTRACE_SINGLESTEP"},
    {12, "PTRACE_GETREGS"},
    {13, "PTRACE_SETREGS"},
    {14, "PTRACE_GETFPREGS"},
    {15, "PTRACE_SETFPREGS"},
    {16, "PTRACE_ATTACH"},
    {17, "PTRACE_DETACH"},
    {18, "PTRACE_GETFPXREGS"},
    {19, "PTRACE_SETFPXREGS"},
    {24, "PTRACE_SYSCALL"},
    {25, "PTRACE_GET_THREAD_AREA"},
    {26, "PTRACE_SET_THREAD_AREA"},
    {30, "PTRACE_ARCH_PRCTL"},
    {31, "PTRACE_SYSEMU"},
    {32, "PTRACE_SYSEMU_SINGLESTEP"},
    {33, "PTRACE_SINGLEBLOCK"},
    {0x4200, "PTRACE_SETOPTIONS"},
    {0x4201, "PTRACE_GETEVENTMSG"},
    {0x4202, "PTRACE_GETSIGINFO"},
    {0x4203, "PTRACE_SETSIGINFO"},
    {0x4204, "PTRACE_GETREGSET"},
    {0x4205, "PTRACE_SETREGSET"},
    {0x4206, "PTRACE_SEIZE"},
    {0x4207, "PTRACE_INTERRUPT"},
    {0x4208, "PTRACE_LISTEN"},
    {0x4209, "PTRACE_PEEKSIGINFO"},
    {0x420a, "PTRACE_GETSIGMASK"},
    {0x420b, "PTRACE_SETSIGMASK"},
    {0x420c, "PTRACE_SECCOMP_GET_FILTER"},
    {0x420d, "PTRACE_SECCOMP_GET_METADATA"},
    {0x420e, "PTRACE_GET_SYSCALL_INFO"},
    {0x420f, "PTRACE_GET_RSEQ_CONFIGURATION"},
};

constexpr FlagName kSeccompOps[] = {
    {0, "SECCOMP_SET_MODE_STRICT"},
    {1, "SECCOMP_SET_MODE_FILTER"},
    {2, "SECCOMP_GET_ACTION_AVAIL"},
    {3, "SECCOMP_GET_NOTIF_SIZES"},
};

// STATX_BASIC_STATS first: strace folds the eleven basic bits into it.
constexpr FlagName kStatxMask[] = {
    {0x7ff, "STATX_BASIC_STATS"}, {0x1, "STATX_TYPE"},
    {0x2, "STATX_MODE"},          {0x4, "STATX_NLINK"},
    {0x8, "STATX_UID"},           {0x10, "STATX_GID"},
    {0x20, "STATX_ATIME"},        {0x40, "STATX_MTIME"},
    {0x80, "STATX_CTIME"},        {0x100, "STATX_INO"},
    {0x200, "STATX_SIZE"},        {0x400, "STATX_BLOCKS"},
    {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"},
    {0x2000, "STATX_DIOALIGN"},   {0x4000, "STATX_MNT_ID_UNIQUE"},
};

constexpr FlagName kRenameFlags[] = {
    {1, "RENAME_NOREPLACE"}, {2, "RENAME_EXCHANGE"}, {4, "RENAME_WHITEOUT"}};

constexpr FlagName kResolveFlags[] = {
    {0x1, "RESOLVE_NO_XDEV"}, {0x2, "RESOLVE_NO_MAGICLINKS"}, {0x4, "RESOLVE_NO_SYMLINKS"},
    {0x8, "RESOLVE_BENEATH"}, {0x10, "RESOLVE_IN_ROOT"},      {0x20, "RESOLVE_CACHED"},
};

constexpr FlagName kMoveMountFlags[] = {
    {0x1, "MOVE_MOUNT_F_SYMLINKS"},    {0x2, "MOVE_MOUNT_F_AUTOMOUNTS"},
    {0x4, "MOVE_MOUNT_F_EMPTY_PATH"},  {0x10, "MOVE_MOUNT_T_SYMLINKS"},
    {0x20, "MOVE_MOUNT_T_AUTOMOUNTS"}, {0x40, "MOVE_MOUNT_T_EMPTY_PATH"},
    {0x100, "MOVE_MOUNT_SET_GROUP"},   {0x200, "MOVE_MOUNT_BENEATH"},
};

constexpr FlagName kOpenTreeFlags[] = {
    {0x1, "OPEN_TREE_CLONE"},  {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x800, "AT_NO_AUTOMOUNT"},
    {0x1000, "AT_EMPTY_PATH"}, {0x8000, "AT_RECURSIVE"},       {0x80000, "OPEN_TREE_CLOEXEC"},
};

constexpr FlagName kFdFlags[] = {{1, "FD_CLOEXEC"}};

}  // namespace

void appendFlags(std::string& out, uint64_t value, std::span<const FlagName> names,
                 std::string_view zeroName, std::string_view unknownHint) {
    if (value == 0) {
        out += zeroName.empty() ? std::string_view("0") : zeroName;
        return;
    }
    uint64_t rest = value;
    bool any = false;
    for (const auto& f : names) {
        if (f.value != 0 && (rest & f.value) == f.value) {
            if (any) out += '|';
            out += f.name;
            rest &= ~f.value;
            any = true;
        }
    }
    if (rest != 0) {
        if (any) {
            fmt::format_to(std::back_inserter(out), "|{:#x}", rest);
        } else if (!unknownHint.empty()) {
            fmt::format_to(std::back_inserter(out), "{:#x} /* {} */", rest, unknownHint);
        } else {
            fmt::format_to(std::back_inserter(out), "{:#x}", rest);
        }
    }
}

void appendEnum(std::string& out, uint64_t value, std::span<const FlagName> names,
                std::string_view unknownHint, bool unknownDecimal) {
    for (const auto& f : names) {
        if (f.value == value) {
            out += f.name;
            return;
        }
    }
    if (unknownDecimal) {
        fmt::format_to(std::back_inserter(out), "{}", static_cast<int64_t>(value));
    } else if (!unknownHint.empty()) {
        fmt::format_to(std::back_inserter(out), "{:#x} /* {} */", value, unknownHint);
    } else {
        fmt::format_to(std::back_inserter(out), "{:#x}", value);
    }
}

std::span<const FlagName> openFlagNames() { return kOpenFlags; }
std::span<const FlagName> cloneFlagNames() { return std::span(kClone3Flags).subspan(1); }
std::span<const FlagName> nsFlagNames() { return kNsFlags; }
std::span<const FlagName> clone3FlagNames() { return kClone3Flags; }
std::span<const FlagName> mountFlagNames() { return kMountFlags; }
std::span<const FlagName> umountFlagNames() { return kUmountFlags; }
std::span<const FlagName> atFlagNames() { return kAtFlags; }
std::span<const FlagName> accessModeNames() { return kAccessModes; }
std::span<const FlagName> waitOptionNames() { return kWaitOptions; }
std::span<const FlagName> whenceNames() { return kWhence; }
std::span<const FlagName> protNames() { return kProt; }
std::span<const FlagName> mapTypeNames() { return kMapTypes; }
std::span<const FlagName> mapFlagNames() { return kMapFlags; }
std::span<const FlagName> fcntlNames() { return kFcntl; }
std::span<const FlagName> familyNames() { return kFamilies; }
std::span<const FlagName> sockTypeNames() { return kSockTypes; }
std::span<const FlagName> sockFlagNames() { return kSockFlags; }
std::span<const FlagName> ioctlNames() { return kIoctls; }
std::span<const FlagName> prctlNames() { return kPrctl; }
std::span<const FlagName> rlimitNames() { return kRlimits; }
std::span<const FlagName> clockNames() { return kClocks; }
std::span<const FlagName> sigprocmaskNames() { return kSigprocmask; }
std::span<const FlagName> ptraceNames() { return kPtrace; }
std::span<const FlagName> seccompOpNames() { return kSeccompOps; }
std::span<const FlagName> statxMaskNames() { return kStatxMask; }
std::span<const FlagName> renameFlagNames() { return kRenameFlags; }
std::span<const FlagName> resolveFlagNames() { return kResolveFlags; }
std::span<const FlagName> moveMountFlagNames() { return kMoveMountFlags; }
std::span<const FlagName> openTreeFlagNames() { return kOpenTreeFlags; }
std::span<const FlagName> fdFlagNames() { return kFdFlags; }

}  // namespace scratch::tracer
