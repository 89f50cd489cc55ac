#include "tracer/FlagText.h"

#include <fmt/format.h>

#include "tracer/ArgDecoder.h"
#include "tracer/DecodeText.h"
#include "tracer/FlagNames.h"

namespace scratch::tracer {

namespace {

constexpr uint64_t kCloneSignalMask = 0xff;
constexpr uint64_t kOCreat = 0x40;
constexpr uint64_t kOTmpfile = 0x410000;
constexpr uint64_t kOPath = 0x200000;
constexpr uint64_t kOTrunc = 0x200;

constexpr FlagName kFsopenFlags[] = {{1, "FSOPEN_CLOEXEC"}};
constexpr FlagName kFsmountFlags[] = {{1, "FSMOUNT_CLOEXEC"}};
constexpr FlagName kFspickFlags[] = {{1, "FSPICK_CLOEXEC"},
                                     {2, "FSPICK_SYMLINK_NOFOLLOW"},
                                     {4, "FSPICK_NO_AUTOMOUNT"},
                                     {8, "FSPICK_EMPTY_PATH"}};

// MFD_CLOEXEC 1, MFD_ALLOW_SEALING 2, MFD_HUGETLB 4, MFD_NOEXEC_SEAL 8, MFD_EXEC 0x10
constexpr FlagName kMemfdFlags[] = {{1, "MFD_CLOEXEC"},
                                    {2, "MFD_ALLOW_SEALING"},
                                    {4, "MFD_HUGETLB"},
                                    {8, "MFD_NOEXEC_SEAL"},
                                    {0x10, "MFD_EXEC"}};

constexpr FlagName kMadvise[] = {
    {0, "MADV_NORMAL"},           {1, "MADV_RANDOM"},         {2, "MADV_SEQUENTIAL"},
    {3, "MADV_WILLNEED"},         {4, "MADV_DONTNEED"},       {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},           {10, "MADV_DONTFORK"},      {11, "MADV_DOFORK"},
    {12, "MADV_MERGEABLE"},       {13, "MADV_UNMERGEABLE"},   {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"},      {16, "MADV_DONTDUMP"},      {17, "MADV_DODUMP"},
    {18, "MADV_WIPEONFORK"},      {19, "MADV_KEEPONFORK"},    {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},         {22, "MADV_POPULATE_READ"}, {23, "MADV_POPULATE_WRITE"},
    {24, "MADV_DONTNEED_LOCKED"}, {25, "MADV_COLLAPSE"},      {100, "MADV_HWPOISON"},
    {101, "MADV_SOFT_OFFLINE"}};

constexpr FlagName kFadvise[] = {{0, "POSIX_FADV_NORMAL"},     {1, "POSIX_FADV_RANDOM"},
                                 {2, "POSIX_FADV_SEQUENTIAL"}, {3, "POSIX_FADV_WILLNEED"},
                                 {4, "POSIX_FADV_DONTNEED"},   {5, "POSIX_FADV_NOREUSE"}};

constexpr FlagName kGrnd[] = {{1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}};

constexpr FlagName kArchPrctlCodes[] = {
    {0x1001, "ARCH_SET_GS"},
    {0x1002, "ARCH_SET_FS"},
    {0x1003, "ARCH_GET_FS"},
    {0x1004, "ARCH_GET_GS"},
    {0x1011, "ARCH_GET_CPUID"},
    {0x1012, "ARCH_SET_CPUID"},
    {0x1021, "ARCH_GET_XCOMP_SUPP"},
    {0x1022, "ARCH_GET_XCOMP_PERM"},
    {0x1023, "ARCH_REQ_XCOMP_PERM"},
    {0x1024, "ARCH_GET_XCOMP_GUEST_PERM"},
    {0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"},
    {0x2001, "ARCH_MAP_VDSO_X32"},
    {0x2002, "ARCH_MAP_VDSO_32"},
    {0x2003, "ARCH_MAP_VDSO_64"},
    {0x5001, "ARCH_SHSTK_ENABLE"},
    {0x5002, "ARCH_SHSTK_DISABLE"},
    {0x5003, "ARCH_SHSTK_LOCK"},
    {0x5004, "ARCH_SHSTK_UNLOCK"},
    {0x5005, "ARCH_SHSTK_STATUS"},
};

/// The prefix of the *_CLOEXEC / *_NONBLOCK names of an fd-creating call's flags.
std::string_view fdCreatePrefix(ArgRole role) {
    switch (role) {
        case ArgRole::EpollCreateFlags:
            return "EPOLL_";
        case ArgRole::InotifyInitFlags:
            return "IN_";
        case ArgRole::EventfdFlags:
            return "EFD_";
        case ArgRole::SignalfdFlags:
            return "SFD_";
        case ArgRole::TimerfdCreateFlags:
            return "TFD_";
        default:
            return "O_";  // userfaultfd
    }
}

}  // namespace

std::string signalText(int64_t sig) {
    const std::string_view name = signalName(static_cast<int>(sig));
    if (!name.empty()) return std::string(name);
    return fmt::format("{}", sig);
}

std::string formatSignal(int sig) { return signalText(sig); }

std::string sigsetText(uint64_t bits, unsigned nsig) {
    if (nsig == 0 || nsig > 64) nsig = 64;
    const uint64_t all = nsig == 64 ? ~0ULL : ((1ULL << nsig) - 1);
    bits &= all;
    const bool invert = static_cast<unsigned>(__builtin_popcountll(bits)) > nsig / 2;
    if (invert) bits = ~bits & all;
    std::string out = invert ? "~[" : "[";
    bool first = true;
    for (unsigned i = 0; i < nsig; ++i) {
        if (!(bits & (1ULL << i))) continue;
        if (!first) out += ' ';
        first = false;
        const std::string_view name = signalName(static_cast<int>(i + 1));
        if (name.starts_with("SIG")) {
            out += name.substr(3);
        } else {
            appendDecimal(out, i + 1);
        }
    }
    out += ']';
    return out;
}

std::string sigsetAt(TraceeMemory& mem, uint64_t p, uint64_t size) {
    if (p == 0) return "NULL";
    if (size == 0 || size > 8) return addr(p);
    uint64_t bits = 0;
    if (mem.read(p, &bits, static_cast<size_t>(size)) != size) return addr(p);
    return sigsetText(bits, static_cast<unsigned>(size) * 8);
}

std::string accessModeText(uint64_t mode) {
    return flagsText(mode, accessModeNames(), "F_OK", "?_OK");
}

std::string mapFlagsText(uint64_t flags) {
    std::string out;
    const uint64_t type = flags & 0xf;
    appendEnum(out, type, mapTypeNames(), "MAP_???");
    const uint64_t rest = flags & ~0xfULL;
    if (rest != 0) {
        out += '|';
        appendFlags(out, rest, mapFlagNames());
    }
    return out;
}

std::string sockTypeText(uint64_t v) {
    std::string out;
    appendEnum(out, v & 0xf, sockTypeNames(), "SOCK_???");
    if (const uint64_t rest = v & ~0xfULL) {
        out += '|';
        appendFlags(out, rest, sockFlagNames());
    }
    return out;
}

std::string statxMaskText(uint64_t v) {
    // STATX_ALL (0xfff) is how strace names BASIC_STATS|BTIME.
    if ((v & 0xfff) == 0xfff) {
        std::string out = "STATX_ALL";
        if (const uint64_t rest = v & ~0xfffULL) {
            out += '|';
            appendFlags(out, rest, statxMaskNames());
        }
        return out;
    }
    return flagsText(v, statxMaskNames(), "0", "STATX_???");
}

std::string atFlagsText(ArgRole role, uint64_t v) {
    if (role == ArgRole::StatxAtFlags) {
        // The sync type lives in two bits whose zero value has a name of its own.
        std::string out;
        if ((v & 0x6000) == 0) {
            out = "AT_STATX_SYNC_AS_STAT";
            if (v != 0) {
                out += '|';
                appendFlags(out, v, atFlagNames());
            }
            return out;
        }
        return flagsText(v, atFlagNames());
    }
    if (role == ArgRole::EaccessAtFlags && (v & 0x200)) {  // AT_EACCESS: AT_REMOVEDIR's bit
        std::string out = "AT_EACCESS";
        if (const uint64_t rest = v & ~0x200ULL) {
            out += '|';
            appendFlags(out, rest, atFlagNames());
        }
        return out;
    }
    return flagsText(v, atFlagNames(), "0", "AT_???");
}

std::string mountApiFlagsText(ArgRole role, uint64_t v) {
    switch (role) {
        case ArgRole::MoveMountFlags:
            return flagsText(v, moveMountFlagNames());
        case ArgRole::OpenTreeFlags:
            return flagsText(v, openTreeFlagNames());
        case ArgRole::FsopenFlags:
            return flagsText(v, kFsopenFlags);
        case ArgRole::FsmountFlags:
            return flagsText(v, kFsmountFlags);
        case ArgRole::FspickFlags:
            return flagsText(v, kFspickFlags);
        default:
            return hex(v);
    }
}

std::string fdCreateFlagsText(ArgRole role, uint64_t v) {
    uint64_t flags = v & 0xffffffffU;
    if (role == ArgRole::MemfdFlags) return flagsText(flags, kMemfdFlags);
    // *_CLOEXEC is O_CLOEXEC and *_NONBLOCK is O_NONBLOCK for all the others.
    static constexpr FlagName kSuffixes[] = {{0x80000, "CLOEXEC"}, {0x800, "NONBLOCK"}};
    const std::string_view prefix = fdCreatePrefix(role);
    std::string out;
    for (const auto& [bit, suffix] : kSuffixes) {
        if (!(flags & bit)) continue;
        if (!out.empty()) out += '|';
        out += prefix;
        out += suffix;
        flags &= ~bit;
    }
    if (flags != 0 || out.empty()) {
        if (!out.empty()) out += '|';
        out += hex(flags);
    }
    return out;
}

std::string namedValueText(ArgRole role, uint64_t v) {
    const uint64_t low = v & 0xffffffffU;
    switch (role) {
        case ArgRole::MadviseAdvice:
            return enumText(low, kMadvise, "MADV_???");
        case ArgRole::FadviseAdvice:
            return enumText(low, kFadvise, "POSIX_FADV_???");
        case ArgRole::GrndFlags:
            return flagsText(low, kGrnd);
        case ArgRole::ArchPrctlCode:
            return enumText(low, kArchPrctlCodes, "ARCH_???");
        default:
            return hex(v);
    }
}

std::string formatOpenFlags(uint64_t flags) {
    static constexpr std::string_view kAccMode[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    std::string out(kAccMode[flags & 3]);
    if (const uint64_t rest = flags & ~3ULL) {
        out += '|';
        appendFlags(out, rest, openFlagNames());
    }
    return out;
}

std::string formatCloneFlags(uint64_t flags) {
    const uint64_t rest = flags & ~kCloneSignalMask;
    const int sig = static_cast<int>(flags & kCloneSignalMask);
    std::string out;
    if (rest != 0) {
        appendFlags(out, rest, cloneFlagNames());
        if (sig != 0) out += '|' + signalText(sig);
    } else {
        out = signalText(sig);
    }
    return out;
}

std::string formatMountFlags(uint64_t flags) {
    std::string out;
    uint64_t f = flags & 0xffffffffU;
    if ((f & 0xffff0000U) == 0xc0ed0000U) {
        out = "MS_MGC_VAL";
        f &= 0xffff;
        if (f == 0) return out;
        out += '|';
    }
    appendFlags(out, f, mountFlagNames(), "0", "MS_???");
    return out;
}

bool hasMode(uint64_t flags) { return (flags & kOCreat) || (flags & kOTmpfile) == kOTmpfile; }

uint8_t openAccess(uint64_t flags) {
    if (flags & kOPath) return kAccessStat;
    uint8_t access = kAccessNone;
    switch (flags & 3) {
        case 0:
            access = kAccessRead;
            break;
        case 1:
            access = kAccessWrite;
            break;
        default:
            access = kAccessRead | kAccessWrite;
            break;
    }
    if (hasMode(flags)) access |= kAccessCreate;
    if (flags & kOTrunc) access |= kAccessWrite;
    return access;
}

}  // namespace scratch::tracer
