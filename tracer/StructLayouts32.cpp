#include "tracer/StructLayouts32.h"

#include <cstring>

namespace scratch::tracer {
namespace {

using A = ArgRole;

/// A field moved as is in width, only to another offset.
constexpr FieldMove same(uint16_t from, uint8_t size, uint16_t to) {
    return {from, size, false, to, size};
}
/// An unsigned 32-bit field (unsigned long, a pointer, size_t) into a 64-bit one.
constexpr FieldMove u32(uint16_t from, uint16_t to) { return {from, 4, false, to, 8}; }
/// A signed 32-bit field (long, time_t, clock_t) into a 64-bit one.
constexpr FieldMove s32(uint16_t from, uint16_t to) { return {from, 4, true, to, 8}; }

/// i386 struct stat (the kernel's compat_stat, 64 bytes): stat, lstat, fstat.
constexpr FieldMove kStat[] = {
    u32(0, 0),              // st_dev
    u32(4, 8),              // st_ino
    {8, 2, false, 24, 4},   // st_mode (u16)
    {10, 2, false, 16, 8},  // st_nlink (u16)
    {12, 2, false, 28, 4},  // st_uid (u16)
    {14, 2, false, 32, 4},  // st_gid (u16)
    u32(16, 40),            // st_rdev
    u32(20, 48),            // st_size
    u32(24, 56),            // st_blksize
    u32(28, 64),            // st_blocks
    s32(32, 72),            // st_atime
    u32(36, 80),            // st_atime_nsec
    s32(40, 88),            // st_mtime
    u32(44, 96),            // st_mtime_nsec
    s32(48, 104),           // st_ctime
    u32(52, 112),           // st_ctime_nsec
};

/// i386 struct stat64 (packed, 96 bytes): stat64, lstat64, fstat64, fstatat64.
constexpr FieldMove kStat64[] = {
    same(0, 8, 0),          // st_dev
    same(88, 8, 8),         // st_ino (the 64-bit one at the end)
    same(16, 4, 24),        // st_mode
    {20, 4, false, 16, 8},  // st_nlink
    same(24, 4, 28),        // st_uid
    same(28, 4, 32),        // st_gid
    same(32, 8, 40),        // st_rdev
    same(44, 8, 48),        // st_size
    u32(52, 56),            // st_blksize
    same(56, 8, 64),        // st_blocks
    s32(64, 72),            // st_atime
    u32(68, 80),            // st_atime_nsec
    s32(72, 88),            // st_mtime
    u32(76, 96),            // st_mtime_nsec
    s32(80, 104),           // st_ctime
    u32(84, 112),           // st_ctime_nsec
};

/// i386 struct statfs (compat_statfs, 64 bytes): statfs, fstatfs.
constexpr FieldMove kStatfs[] = {
    u32(0, 0),        // f_type
    s32(4, 8),        // f_bsize
    u32(8, 16),       // f_blocks
    u32(12, 24),      // f_bfree
    u32(16, 32),      // f_bavail
    u32(20, 40),      // f_files
    u32(24, 48),      // f_ffree
    same(28, 8, 56),  // f_fsid
    s32(36, 64),      // f_namelen
    s32(40, 72),      // f_frsize
    u32(44, 80),      // f_flags
};

/// i386 struct statfs64 (packed to 4, 84 bytes): statfs64, fstatfs64.
constexpr FieldMove kStatfs64[] = {
    u32(0, 0),        // f_type
    u32(4, 8),        // f_bsize
    same(8, 8, 16),   // f_blocks
    same(16, 8, 24),  // f_bfree
    same(24, 8, 32),  // f_bavail
    same(32, 8, 40),  // f_files
    same(40, 8, 48),  // f_ffree
    same(48, 8, 56),  // f_fsid
    u32(56, 64),      // f_namelen
    u32(60, 72),      // f_frsize
    u32(64, 80),      // f_flags
};

/// Two, or four, 32-bit time_t/long pairs: timespec, timeval, itimerval, itimerspec.
constexpr FieldMove kTimePairs[] = {s32(0, 0), s32(4, 8), s32(8, 16), s32(12, 24)};

/// struct rlimit with 32-bit rlim_t (getrlimit, ugetrlimit, setrlimit).
constexpr FieldMove kRlimit[] = {u32(0, 0), u32(4, 8)};

/// The kernel's i386 struct sigaction of rt_sigaction: handler, flags, restorer, then the
/// 64-bit mask at offset 12.
constexpr FieldMove kSigaction[] = {u32(0, 0), u32(4, 8), u32(8, 16), same(12, 8, 24)};

/// struct old_sigaction of i386's sigaction: handler, a 32-bit mask, flags, restorer.
constexpr FieldMove kOldSigaction[] = {u32(0, 0), u32(4, 24), u32(8, 8), u32(12, 16)};

/// stack_t: ss_sp, ss_flags (int), ss_size.
constexpr FieldMove kStack[] = {u32(0, 0), same(4, 4, 8), u32(8, 16)};

/// struct rusage: two timevals, then fourteen longs.
constexpr FieldMove kRusage[] = {
    s32(0, 0),   s32(4, 8),    s32(8, 16),   s32(12, 24),  s32(16, 32),  s32(20, 40),
    s32(24, 48), s32(28, 56),  s32(32, 64),  s32(36, 72),  s32(40, 80),  s32(44, 88),
    s32(48, 96), s32(52, 104), s32(56, 112), s32(60, 120), s32(64, 128), s32(68, 136),
};

/// struct sysinfo (compat_sysinfo, 64 bytes).
constexpr FieldMove kSysinfo[] = {
    s32(0, 0),         // uptime
    u32(4, 8),         // loads[0]
    u32(8, 16),        // loads[1]
    u32(12, 24),       // loads[2]
    u32(16, 32),       // totalram
    u32(20, 40),       // freeram
    u32(24, 48),       // sharedram
    u32(28, 56),       // bufferram
    u32(32, 64),       // totalswap
    u32(36, 72),       // freeswap
    same(40, 2, 80),   // procs
    u32(44, 88),       // totalhigh
    u32(48, 96),       // freehigh
    same(52, 4, 104),  // mem_unit
};

/// struct tms: four 32-bit clock_t.
constexpr FieldMove kTms[] = {s32(0, 0), s32(4, 8), s32(8, 16), s32(12, 24)};

/// struct sigevent (compat_sigevent, 64 bytes): sigev_value, signo, notify, then the union
/// whose first word is the thread id or the function, the second the attributes.
constexpr FieldMove kSigevent[] = {u32(0, 0), same(4, 4, 8), same(8, 4, 12), u32(12, 16),
                                   u32(16, 24)};

/// pselect6's {const sigset_t *ss; size_t ss_len;}.
constexpr FieldMove kPointerAndSize[] = {u32(0, 0), u32(4, 8)};

/// struct iovec: base and length.
constexpr FieldMove kIovec[] = {u32(0, 0), u32(4, 8)};

constexpr Layout32 kStatLayout{64, 144, kStat};
constexpr Layout32 kStat64Layout{96, 144, kStat64};
constexpr Layout32 kStatfsLayout{64, 120, kStatfs};
constexpr Layout32 kStatfs64Layout{84, 120, kStatfs64};
constexpr Layout32 kTimePairLayout{8, 16, std::span(kTimePairs, 2)};
constexpr Layout32 kTimeQuadLayout{16, 32, kTimePairs};
constexpr Layout32 kRlimitLayout{8, 16, kRlimit};
constexpr Layout32 kSigactionLayout{20, 32, kSigaction};
constexpr Layout32 kOldSigactionLayout{16, 32, kOldSigaction};
constexpr Layout32 kStackLayout{12, 24, kStack};
constexpr Layout32 kRusageLayout{72, 144, kRusage};
constexpr Layout32 kSysinfoLayout{64, 112, kSysinfo};
constexpr Layout32 kTmsLayout{16, 32, kTms};
constexpr Layout32 kSigeventLayout{64, 64, kSigevent};
constexpr Layout32 kPointerAndSizeLayout{8, 16, kPointerAndSize};
constexpr Layout32 kIovecLayout{8, 16, kIovec};

const Layout32* i386Layout(ArgRole role) {
    switch (role) {
        case A::StatOut:
            return &kStatLayout;
        case A::Stat64Out:
            return &kStat64Layout;
        case A::StatfsOut:
            return &kStatfsLayout;
        case A::Statfs64Out:
            return &kStatfs64Layout;
        case A::TimespecIn:
        case A::TimespecOut:
        case A::SleepRemOut:
        case A::TimevalIn:
        case A::TimevalOut:
            return &kTimePairLayout;
        case A::ItimervalIn:
        case A::ItimervalOut:
        case A::ItimerspecIn:
        case A::ItimerspecOut:
            return &kTimeQuadLayout;
        case A::RlimitIn:
        case A::RlimitOut:
            return &kRlimitLayout;
        case A::SigactionIn:
        case A::SigactionOut:
            return &kSigactionLayout;
        case A::OldSigactionIn:
        case A::OldSigactionOut:
            return &kOldSigactionLayout;
        case A::StackIn:
        case A::StackOut:
            return &kStackLayout;
        case A::RusageOut:
            return &kRusageLayout;
        case A::SysinfoOut:
            return &kSysinfoLayout;
        case A::TmsOut:
            return &kTmsLayout;
        case A::IovecIn:
        case A::IovecOut:
            return &kIovecLayout;
        case A::SigeventIn:
            return &kSigeventLayout;
        case A::PselectSigmask:
            return &kPointerAndSizeLayout;
        default:
            return nullptr;
    }
}

/// Roles whose struct i386 lays out as x86_64 does (ints, fixed-width fields, 64-bit time).
bool sameOnI386(ArgRole role) {
    switch (role) {
        case A::UtsnameOut:
        case A::DirentsOut:  // getdents64 only (the 32-bit getdents has no row of this role)
        case A::IntOut:
        case A::PollFds:
        case A::FdSet:
        case A::EpollEventIn:  // packed on x86_64: 12 bytes on both
        case A::EpollEventsOut:
        case A::CapHeader:
        case A::CapDataIn:
        case A::CapDataOut:
        case A::CpuSetIn:
        case A::CpuSetOut:
        case A::SchedAttrIn:
        case A::SchedAttrOut:
        case A::IoctlArg:  // ints, termios and winsize: the same on both
        case A::Timespec64In:
        case A::Timespec64Out:
        case A::SleepRem64Out:
        case A::Rlimit64In:
        case A::Rlimit64Out:
        case A::Itimerspec64In:
        case A::Itimerspec64Out:
        case A::GroupsIn:  // getgroups32/setgroups32: 32-bit gids
        case A::GroupsOut:
        case A::SockoptIn:  // ints, struct linger, struct ucred
        case A::SockoptOut:
        case A::OldSelectArgs:  // i386's own: read in its layout by StructRoleDispatch
        case A::Groups16In:
        case A::Groups16Out:
        case A::Id16Out:
        case A::IdOut:
            return true;
        default:
            return false;
    }
}

uint64_t loadField(const char* p, uint8_t size, bool isSigned) {
    switch (size) {
        case 2: {
            uint16_t v = 0;
            std::memcpy(&v, p, 2);
            return isSigned ? static_cast<uint64_t>(static_cast<int16_t>(v)) : v;
        }
        case 4: {
            uint32_t v = 0;
            std::memcpy(&v, p, 4);
            return isSigned ? static_cast<uint64_t>(static_cast<int32_t>(v)) : v;
        }
        default: {
            uint64_t v = 0;
            std::memcpy(&v, p, 8);
            return v;
        }
    }
}

}  // namespace

const Layout32* layoutFor(ArgRole role, Arch arch) {
    return arch == Arch::I386 ? i386Layout(role) : nullptr;
}

bool layoutKnown(ArgRole role, Arch arch) {
    return arch != Arch::I386 || i386Layout(role) != nullptr || sameOnI386(role);
}

void widenArray(const Layout32& layout, std::string_view bytes, size_t count, std::string& out) {
    out.assign(layout.nativeSize * count, '\0');
    for (size_t k = 0; k < count && (k + 1) * layout.size <= bytes.size(); ++k) {
        const char* in = bytes.data() + k * layout.size;
        char* to = out.data() + k * layout.nativeSize;
        for (const FieldMove& f : layout.fields) {
            if (f.from + f.fromSize > layout.size || f.to + f.toSize > layout.nativeSize) continue;
            const uint64_t v = loadField(in + f.from, f.fromSize, f.isSigned);
            std::memcpy(to + f.to, &v, f.toSize);  // little-endian: the low bytes first
        }
    }
}

bool readStructs(ArgRole role, uint64_t p, size_t nativeSize, size_t count, TraceeMemory& mem,
                 const DecodeOptions& opts, std::string& out) {
    if (p == 0) return false;
    const Layout32* layout = layoutFor(role, opts.arch);
    if (layout == nullptr) {
        out.resize(nativeSize * count);
        return out.empty() || mem.read(p, out.data(), out.size()) == out.size();
    }
    thread_local std::string raw;
    raw.resize(layout->size * count);
    if (!raw.empty() && mem.read(p, raw.data(), raw.size()) != raw.size()) return false;
    widenArray(*layout, raw, count, out);
    return true;
}

ArgRole baseRole(ArgRole role) {
    switch (role) {
        case A::Stat64Out:
            return A::StatOut;
        case A::Statfs64Out:
            return A::StatfsOut;
        case A::Timespec64In:
            return A::TimespecIn;
        case A::Timespec64Out:
            return A::TimespecOut;
        case A::SleepRem64Out:
            return A::SleepRemOut;
        case A::Rlimit64In:
            return A::RlimitIn;
        case A::Rlimit64Out:
            return A::RlimitOut;
        case A::Itimerspec64In:
            return A::ItimerspecIn;
        case A::Itimerspec64Out:
            return A::ItimerspecOut;
        case A::OldSigactionIn:
            return A::SigactionIn;
        case A::OldSigactionOut:
            return A::SigactionOut;
        default:
            return role;
    }
}

}  // namespace scratch::tracer
