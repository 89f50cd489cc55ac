#include "tracer/StructDecoders.h"

#include <fmt/format.h>

#include <cstring>

#include "tracer/DecodeText.h"
#include "tracer/FlagNames.h"
#include "tracer/FlagText.h"
#include "tracer/StructLayouts32.h"

namespace scratch::tracer {
namespace {

std::string addrText(uint64_t v) { return v == 0 ? std::string("NULL") : fmt::format("{:#x}", v); }

/// S_IFREG|0644 as strace prints st_mode.
std::string fileModeText(uint32_t mode) {
    std::string_view type;
    switch (mode & 0170000) {
        case 0140000:
            type = "S_IFSOCK";
            break;
        case 0120000:
            type = "S_IFLNK";
            break;
        case 0100000:
            type = "S_IFREG";
            break;
        case 0060000:
            type = "S_IFBLK";
            break;
        case 0040000:
            type = "S_IFDIR";
            break;
        case 0020000:
            type = "S_IFCHR";
            break;
        case 0010000:
            type = "S_IFIFO";
            break;
        default:
            break;
    }
    const std::string perms = fmt::format("{:#03o}", mode & 07777);
    return type.empty() ? perms : fmt::format("{}|{}", type, perms);
}

bool isDevice(uint32_t mode) {
    const uint32_t t = mode & 0170000;
    return t == 0060000 || t == 0020000;
}

/// x86_64 struct stat: the fields strace shows in its abbreviated form.
std::string statText(const unsigned char* b) {
    uint32_t mode = 0;
    uint64_t rdev = 0;
    int64_t size = 0;
    std::memcpy(&mode, b + 24, sizeof mode);
    std::memcpy(&rdev, b + 40, sizeof rdev);
    std::memcpy(&size, b + 48, sizeof size);
    if (isDevice(mode)) {
        const uint64_t major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffULL);
        const uint64_t minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffULL);
        return fmt::format("{{st_mode={}, st_rdev=makedev({:#x}, {:#x}), ...}}", fileModeText(mode),
                           major, minor);
    }
    return fmt::format("{{st_mode={}, st_size={}, ...}}", fileModeText(mode), size);
}

std::string statxText(const unsigned char* b) {
    uint32_t mask = 0;
    uint64_t attributes = 0;
    uint16_t mode = 0;
    uint64_t size = 0;
    uint32_t rdevMajor = 0;
    uint32_t rdevMinor = 0;
    std::memcpy(&mask, b, sizeof mask);
    std::memcpy(&attributes, b + 8, sizeof attributes);
    std::memcpy(&mode, b + 28, sizeof mode);
    std::memcpy(&size, b + 40, sizeof size);
    std::memcpy(&rdevMajor, b + 128, sizeof rdevMajor);
    std::memcpy(&rdevMinor, b + 132, sizeof rdevMinor);
    std::string maskText;
    appendFlags(maskText, mask, statxMaskNames(), "0", "STATX_???");
    std::string attrText = attributes == 0 ? std::string("0") : fmt::format("{:#x}", attributes);
    std::string tail =
        isDevice(mode) ? fmt::format("stx_rdev_major={}, stx_rdev_minor={}", rdevMajor, rdevMinor)
                       : fmt::format("stx_size={}", size);
    return fmt::format("{{stx_mask={}, stx_attributes={}, stx_mode={}, {}, ...}}", maskText,
                       attrText, fileModeText(mode), tail);
}

std::string timespecText(const unsigned char* b) {
    int64_t sec = 0;
    int64_t nsec = 0;
    std::memcpy(&sec, b, sizeof sec);
    std::memcpy(&nsec, b + 8, sizeof nsec);
    return fmt::format("{{tv_sec={}, tv_nsec={}}}", sec, nsec);
}

/// strace's sprint_rlim64: RLIM64_INFINITY, N*1024 for multiples of 1024 above it, else N;
/// its print_rlim32_t for a 32-bit rlim_t (widened): RLIM_INFINITY.
std::string rlimValue(uint64_t v, bool rlim32) {
    if (rlim32 && v == 0xffffffffULL) return "RLIM_INFINITY";
    if (v == ~0ULL) return "RLIM64_INFINITY";
    if (v > 1024 && v % 1024 == 0) return fmt::format("{}*1024", v / 1024);
    return fmt::format("{}", v);
}

std::string rlimitText(const unsigned char* b, bool rlim32) {
    uint64_t cur = 0;
    uint64_t max = 0;
    std::memcpy(&cur, b, sizeof cur);
    std::memcpy(&max, b + 8, sizeof max);
    return fmt::format("{{rlim_cur={}, rlim_max={}}}", rlimValue(cur, rlim32),
                       rlimValue(max, rlim32));
}

/// A field of struct utsname (65 bytes, NUL-terminated when the kernel filled it), quoted as
/// strace quotes it (-x / -xx respected).
std::string utsField(const unsigned char* b) {
    const char* s = reinterpret_cast<const char*>(b);
    std::string out;
    appendQuoted(out, std::string_view(s, strnlen(s, 65)), false);
    return out;
}

/// Counts linux_dirent64 records (d_reclen at offset 16) in the `len` bytes the kernel filled.
std::string direntsText(uint64_t addr, const std::string& bytes) {
    size_t count = 0;
    size_t off = 0;
    while (off + 18 <= bytes.size()) {
        uint16_t reclen = 0;
        std::memcpy(&reclen, bytes.data() + off + 16, sizeof reclen);
        if (reclen == 0) break;
        ++count;
        off += reclen;
    }
    return fmt::format("{:#x} /* {} entries */", addr, count);
}

/// sa_flags in strace 6.1's order (SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_SIGINFO).
constexpr FlagName kSaFlags[] = {
    {0x04000000, "SA_RESTORER"}, {0x08000000, "SA_ONSTACK"},   {0x10000000, "SA_RESTART"},
    {0x40000000, "SA_NODEFER"},  {0x80000000, "SA_RESETHAND"}, {4, "SA_SIGINFO"},
    {1, "SA_NOCLDSTOP"},         {2, "SA_NOCLDWAIT"},
};

/// The kernel's struct sigaction on x86_64: handler, flags, restorer, mask.
std::string sigactionText(const unsigned char* b) {
    uint64_t handler = 0;
    uint64_t flags = 0;
    uint64_t restorer = 0;
    uint64_t mask = 0;
    std::memcpy(&handler, b, 8);
    std::memcpy(&flags, b + 8, 8);
    std::memcpy(&restorer, b + 16, 8);
    std::memcpy(&mask, b + 24, 8);
    const std::string handlerText = handler == 0   ? std::string("SIG_DFL")
                                    : handler == 1 ? std::string("SIG_IGN")
                                                   : fmt::format("{:#x}", handler);
    std::string flagsText;
    appendFlags(flagsText, flags, kSaFlags, "0");
    std::string out = fmt::format("{{sa_handler={}, sa_mask={}, sa_flags={}", handlerText,
                                  sigsetText(mask), flagsText);
    if (flags & 0x04000000) out += fmt::format(", sa_restorer={:#x}", restorer);
    return out + '}';
}

/// The bytes of the x86_64 struct the decoder needs (the stop's arch may lay it out smaller:
/// tracer/StructLayouts32.h widens it to these).
size_t structSize(ArgRole role) {
    switch (baseRole(role)) {
        case ArgRole::StatOut:
            return 144;
        case ArgRole::StatxOut:
            return 256;
        case ArgRole::TimespecIn:
        case ArgRole::TimespecOut:
        case ArgRole::RlimitIn:
        case ArgRole::RlimitOut:
            return 16;
        case ArgRole::UtsnameOut:
            return 65 * 6;
        case ArgRole::SigactionIn:
        case ArgRole::SigactionOut:
            return 32;
        default:
            return 0;
    }
}

/// The struct at `p`, in the layout of the stop's arch, rendered; empty when it cannot be read.
std::string renderStruct(ArgRole role, uint64_t p, TraceeMemory& mem, const DecodeOptions& opts) {
    const size_t size = structSize(role);
    thread_local std::string bytes;
    if (size == 0 || !readStruct(role, p, size, mem, opts, bytes)) return {};
    const auto* buf = reinterpret_cast<const unsigned char*>(bytes.data());
    switch (baseRole(role)) {
        case ArgRole::StatOut:
            return statText(buf);
        case ArgRole::StatxOut:
            return statxText(buf);
        case ArgRole::TimespecIn:
        case ArgRole::TimespecOut:
            return timespecText(buf);
        case ArgRole::RlimitIn:
        case ArgRole::RlimitOut:
            return rlimitText(buf, layoutFor(role, opts.arch) != nullptr);
        case ArgRole::SigactionIn:
        case ArgRole::SigactionOut:
            return sigactionText(buf);
        case ArgRole::UtsnameOut:
            return fmt::format("{{sysname={}, nodename={}, ...}}", utsField(buf),
                               utsField(buf + 65));
        default:
            return {};
    }
}

/// A struct the call gives the kernel: shown at the entry stop.
bool givenToKernel(ArgRole role) {
    const ArgRole base = baseRole(role);
    return base == ArgRole::TimespecIn || base == ArgRole::RlimitIn || base == ArgRole::SigactionIn;
}

}  // namespace

bool isStructRole(ArgRole role) {
    switch (baseRole(role)) {
        case ArgRole::StatOut:
        case ArgRole::StatxOut:
        case ArgRole::TimespecIn:
        case ArgRole::TimespecOut:
        case ArgRole::RlimitIn:
        case ArgRole::RlimitOut:
        case ArgRole::UtsnameOut:
        case ArgRole::DirentsOut:
        case ArgRole::SigactionIn:
        case ArgRole::SigactionOut:
            return true;
        default:
            return false;
    }
}

bool hasStructArgs(const SyscallInfo& info) {
    for (size_t i = 0; i < info.nargs && i < 6; ++i) {
        if (isStructRole(info.args[i])) return true;
    }
    return false;
}

void decodeStructArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                     const DecodeOptions& opts, std::string& out) {
    const ArgRole role = info.args[i];
    out = addrText(args[i]);
    if (!givenToKernel(role) || !layoutKnown(role, opts.arch)) {
        return;  // filled by the kernel: shown at the exit stop
    }
    std::string text = renderStruct(role, args[i], mem, opts);
    if (!text.empty()) out = std::move(text);
}

void decodeStructExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                      TraceeMemory& mem, const DecodeOptions& opts, std::vector<std::string>& out) {
    if (ret < 0 && ret >= -4095) return;  // strace leaves the address of a failed call
    for (size_t i = 0; i < info.nargs && i < 6 && i < out.size(); ++i) {
        const ArgRole role = info.args[i];
        if (!isStructRole(role) || givenToKernel(role) || !layoutKnown(role, opts.arch) ||
            args[i] == 0) {
            continue;
        }
        if (role == ArgRole::DirentsOut) {
            const uint64_t len = static_cast<uint64_t>(ret);
            if (len > kDirentsReadMax) continue;
            thread_local std::string bytes;
            bytes.resize(static_cast<size_t>(len));
            if (len != 0 && mem.read(args[i], bytes.data(), bytes.size()) != bytes.size()) continue;
            out[i] = direntsText(args[i], bytes);
            continue;
        }
        std::string text = renderStruct(role, args[i], mem, opts);
        if (!text.empty()) out[i] = std::move(text);
    }
}

}  // namespace scratch::tracer
