#include "tracer/StructRoleDispatch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "tracer/CallDepthRoles.h"
#include "tracer/CredDecoders.h"
#include "tracer/DecodeText.h"
#include "tracer/FlagText.h"
#include "tracer/IoctlDecoder.h"
#include "tracer/IoctlStructs.h"
#include "tracer/IovecDecoder.h"
#include "tracer/MsghdrDecoder.h"
#include "tracer/SockoptDecoder.h"
#include "tracer/StructDecodersPoll.h"
#include "tracer/StructDecodersSystem.h"
#include "tracer/StructDecodersTime.h"
#include "tracer/StructLayouts32.h"

namespace scratch::tracer {
namespace {

using A = ArgRole;

constexpr size_t kTimespecSize = 16;
/// The most fds of a select shown (strace reads fd_sets of any size; 64Ki fds is plenty).
constexpr int kMaxSelectFds = 65536;
/// NGROUPS_MAX: strace shows a longer gid list as its address.
constexpr uint64_t kNgroupsMax = 65536;
/// The pollfds read at a time for poll's revents (strace reads until it has shown -s of them).
constexpr uint64_t kPollChunk = 256;

/// How many of `count` array elements strace shows (-s bounds arrays too: print_array stops
/// there with "..."), so how many are read.
size_t shownCount(uint64_t count, const DecodeOptions& opts) {
    return static_cast<size_t>(std::min<uint64_t>(count, opts.maxString));
}

/// The bytes of a C long for the stop's arch: an fd_set is read in whole longs.
size_t longSize(const DecodeOptions& opts) { return opts.arch == Arch::I386 ? 4 : 8; }

std::string addrText(uint64_t v) { return v == 0 ? std::string("NULL") : fmt::format("{:#x}", v); }

bool failed(int64_t ret) { return ret < 0 && ret >= -4095; }

/// `len` bytes at `p` into a buffer kept per thread; false when they cannot all be read.
bool readBytes(TraceeMemory& mem, uint64_t p, size_t len, std::string& buf) {
    buf.resize(len);
    return p != 0 && (len == 0 || mem.read(p, buf.data(), len) == len);
}

std::string timespecAt(std::string_view bytes) {
    int64_t sec = 0;
    int64_t nsec = 0;
    std::memcpy(&sec, bytes.data(), 8);
    std::memcpy(&nsec, bytes.data() + 8, 8);
    return fmt::format("{{tv_sec={}, tv_nsec={}}}", sec, nsec);
}

/// The x86_64 struct size of a fixed-size role, 0 for the others (the stop's arch may lay it out
/// smaller: tracer/StructLayouts32.h widens it to this).
size_t fixedSize(ArgRole role) {
    switch (baseRole(role)) {
        case A::StatfsOut:
            return kStatfsSize;
        case A::TimevalIn:
        case A::TimevalOut:
            return kTimevalSize;
        case A::ItimervalIn:
        case A::ItimervalOut:
            return kItimervalSize;
        case A::ItimerspecIn:
        case A::ItimerspecOut:
            return kItimerspecSize;
        case A::SigeventIn:
            return kSigeventSize;
        case A::SleepRemOut:
            return kTimespecSize;
        case A::EpollEventIn:
            return kEpollEventSize;
        case A::StackIn:
        case A::StackOut:
            return kStackSize;
        case A::RusageOut:
            return kRusageSize;
        case A::SysinfoOut:
            return kSysinfoSize;
        case A::TmsOut:
            return kTmsSize;
        case A::CapHeader:
            return kCapHeaderSize;
        case A::SchedAttrIn:
        case A::SchedAttrOut:
            return kSchedAttrSize;
        default:
            return 0;
    }
}

/// A fixed-size struct rendered from its (x86_64) bytes.
std::string fixedText(ArgRole role, std::string_view b) {
    switch (baseRole(role)) {
        case A::StatfsOut:
            return statfsText(b);
        case A::TimevalIn:
        case A::TimevalOut:
            return timevalText(b);
        case A::ItimervalIn:
        case A::ItimervalOut:
            return itimervalText(b);
        case A::ItimerspecIn:
        case A::ItimerspecOut:
            return itimerspecText(b);
        case A::SigeventIn:
            return sigeventText(b);
        case A::SleepRemOut:
            return timespecAt(b);
        case A::EpollEventIn:
            return epollEventText(b);
        case A::StackIn:
        case A::StackOut:
            return stackText(b);
        case A::RusageOut:
            return rusageText(b);
        case A::SysinfoOut:
            return sysinfoText(b);
        case A::TmsOut:
            return tmsText(b);
        case A::CapHeader:
            return capHeaderText(b);
        case A::SchedAttrIn:
        case A::SchedAttrOut:
            return schedAttrText(b);
        default:
            return {};
    }
}

/// Roles whose value the kernel fills: an address at the entry, the contents at the exit.
bool filledByKernel(ArgRole role) {
    switch (baseRole(role)) {
        case A::StatfsOut:
        case A::TimevalOut:
        case A::ItimervalOut:
        case A::ItimerspecOut:
        case A::IntOut:
        case A::SleepRemOut:
        case A::EpollEventsOut:
        case A::IovecOut:
        case A::StackOut:
        case A::RusageOut:
        case A::SysinfoOut:
        case A::TmsOut:
        case A::CapDataOut:
        case A::GroupsOut:
        case A::Groups16Out:
        case A::Id16Out:
        case A::IdOut:
        case A::CpuSetOut:
        case A::SchedAttrOut:
        case A::SockoptOut:
            return true;
        default:
            return false;
    }
}

/// Roles rendered from register values alone (the same on every ABI).
std::string valueText(ArgRole role, size_t i, const uint64_t args[6]) {
    const uint64_t v = args[i];
    switch (role) {
        case A::TimerFlags:
            return timerFlagsText(v, false);
        case A::TimerfdSetFlags:
            return timerFlagsText(v, true);
        case A::ItimerWhich:
            return itimerWhichText(v);
        case A::EpollCtlOp:
            return epollCtlOpText(v);
        case A::RusageWho:
            return rusageWhoText(static_cast<int64_t>(v));
        case A::SockProtocol:
            return sockProtocolText(args[0] & 0xffffffffU, v);
        case A::SockoptLevel:
            return sockoptLevelText(v);
        case A::SockoptName:
            return sockoptNameText(i > 0 ? args[i - 1] : 0, v);
        case A::IoctlRequest:
            return ioctlRequestText(v);
        case A::MremapFlags: {
            std::string out = mremapFlagsText(v);
            if ((v & 2) && i + 1 < 6) out += ", " + addrText(args[i + 1]);  // MREMAP_FIXED
            return out;
        }
        default:
            return {};
    }
}

/// The x86_64 row of the same name, whose arguments i386's old select passes in a struct
/// sel_arg_struct (five 32-bit words) rather than in registers.
const SyscallInfo* oldSelectShape(const SyscallInfo& info) { return findSyscall(info.name); }

/// The five words of a struct sel_arg_struct at `p` into `out` (zero-extended).
bool readSelArgs(TraceeMemory& mem, uint64_t p, uint64_t out[6]) {
    uint32_t words[5] = {};
    if (p == 0 || mem.read(p, words, sizeof words) != sizeof words) return false;
    for (size_t k = 0; k < 5; ++k) out[k] = words[k];
    return true;
}

/// i386's old select as strace shows it: select's five arguments from the struct, "NULL" alone
/// for none, the address when it cannot be read.
std::string oldSelectText(const SyscallInfo& info, uint64_t p, TraceeMemory& mem,
                          const FdNamer& fdName, const DecodeOptions& opts) {
    if (p == 0) return "NULL";
    uint64_t unpacked[6] = {};
    const SyscallInfo* shape = oldSelectShape(info);
    if (shape == nullptr || !readSelArgs(mem, p, unpacked)) return addrText(p);
    std::string out = fmt::format("{}", static_cast<int32_t>(unpacked[0]));
    std::string one;
    for (size_t k = 1; k < shape->nargs && k < 6; ++k) {
        one.clear();
        decodeDepthArg(*shape, k, unpacked, mem, fdName, opts, one);
        out += ", ";
        out += one;
    }
    return out;
}

/// poll's pollfds from `p` into `out`, a chunk at a time, until strace would stop: past
/// `maxShown` entries with revents, or at `count`. False when none can be read.
bool readRevents(TraceeMemory& mem, uint64_t p, uint64_t count, size_t maxShown, std::string& out) {
    thread_local std::string chunk;
    size_t withRevents = 0;
    for (uint64_t done = 0; done < count && withRevents <= maxShown;) {
        const uint64_t n = std::min(kPollChunk, count - done);
        if (!readBytes(mem, p + done * kPollfdSize, static_cast<size_t>(n) * kPollfdSize, chunk)) {
            return done != 0;
        }
        for (uint64_t k = 0; k < n; ++k) {
            uint16_t revents = 0;
            std::memcpy(&revents, chunk.data() + k * kPollfdSize + 6, sizeof revents);
            if (revents != 0) ++withRevents;
        }
        out += chunk;
        done += n;
    }
    return true;
}

/// The entry text of a role that reads memory (not one the kernel fills).
std::string entryText(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                      const FdNamer& fdName, const DecodeOptions& opts) {
    const ArgRole role = info.args[i];
    const uint64_t p = args[i];
    const uint64_t next = i + 1 < 6 ? args[i + 1] : 0;
    thread_local std::string buf;
    const FdText fds = [&](int fd) { return fdText(fd, fdName, opts); };  // tracer/DecodeText.h
    if (const size_t size = fixedSize(role)) {
        if (role == A::SchedAttrIn) {
            // sched_setattr: the struct's own size field says how much the kernel reads.
            if (!readBytes(mem, p, 48, buf)) return addrText(p);
            std::string full;
            if (readBytes(mem, p, size, full)) buf = full;
            return fixedText(role, buf);
        }
        return readStruct(role, p, size, mem, opts, buf) ? fixedText(role, buf) : addrText(p);
    }
    switch (role) {
        case A::PollFds: {
            const uint64_t count = next & 0xffffffffU;
            if (!readBytes(mem, p, shownCount(count, opts) * kPollfdSize, buf)) {
                return addrText(p);
            }
            return pollfdsText(buf, static_cast<size_t>(count), fds, opts.maxString);
        }
        case A::FdSet: {
            const int nfds = static_cast<int>(args[0] & 0xffffffffU);
            if (p == 0) return "NULL";
            if (nfds < 0 || nfds > kMaxSelectFds) return addrText(p);
            if (!readBytes(mem, p, fdSetBytes(nfds, longSize(opts)), buf)) return addrText(p);
            return fdSetText(buf, nfds, fds);
        }
        case A::OldSelectArgs:
            return oldSelectText(info, p, mem, fdName, opts);
        case A::PselectSigmask: {
            // struct { const sigset_t *ss; size_t ss_len; }, in the stop's layout
            uint64_t pair[2] = {0, 0};
            if (p == 0) return "NULL";
            if (!readStruct(role, p, sizeof pair, mem, opts, buf)) return addrText(p);
            std::memcpy(pair, buf.data(), sizeof pair);
            std::string set = addrText(pair[0]);
            uint64_t bits = 0;
            if (pair[0] != 0 && pair[1] > 0 && pair[1] <= 8 &&
                mem.read(pair[0], &bits, pair[1]) == pair[1]) {
                set = sigsetText(bits, static_cast<unsigned>(pair[1]) * 8);
            }
            return fmt::format("{{sigmask={}, sigsetsize={}}}", set, pair[1]);
        }
        case A::IovecIn:
            return iovecText(mem, p, next & 0xffffffffU, ~0ULL, opts);
        case A::CapDataIn: {
            uint32_t version = 0;
            if (mem.read(args[0], &version, sizeof version) != sizeof version) return addrText(p);
            return readBytes(mem, p, kCapDataSize, buf) ? capDataText(buf, version) : addrText(p);
        }
        case A::GroupsIn:
        case A::Groups16In: {
            const uint64_t count = i > 0 ? (args[i - 1] & 0xffffffffU) : 0;
            const size_t width = role == A::Groups16In ? 2 : 4;
            if (count > kNgroupsMax) return addrText(p);  // strace: more than the kernel takes
            if (!readBytes(mem, p, shownCount(count, opts) * width, buf)) return addrText(p);
            return groupsText(buf, static_cast<size_t>(count), opts.maxString, width);
        }
        case A::CpuSetIn: {
            const uint64_t len = i > 0 ? args[i - 1] : 0;
            if (len > kCpuSetMax) return addrText(p);
            return readBytes(mem, p, static_cast<size_t>(len), buf) ? cpuSetText(buf) : addrText(p);
        }
        case A::SigreturnFrame: {
            // x86_64: at the syscall the stack pointer is at the frame's struct ucontext
            // (the handler's return popped pretcode); uc_sigmask follows uc_flags, uc_link,
            // uc_stack and uc_mcontext.
            constexpr uint64_t kUcSigmask = 8 + 8 + 24 + 256;
            uint64_t bits = 0;
            if (p == 0 || mem.read(p + kUcSigmask, &bits, sizeof bits) != sizeof bits) {
                return addrText(p);
            }
            return "{mask=" + sigsetText(bits) + "}";
        }
        case A::SockoptIn: {
            std::string text = sockoptAt(mem, p, next & 0xffffffffU, args, opts.maxString);
            return text.empty() ? addrText(p) : text;
        }
        default:
            return addrText(p);
    }
}

/// The exit text of a role the kernel fills, or "" to keep the entry's.
std::string exitText(const SyscallInfo& info, size_t i, const uint64_t args[6], int64_t ret,
                     TraceeMemory& mem, const DecodeOptions& opts, std::vector<std::string>& out) {
    const ArgRole role = info.args[i];
    const uint64_t p = args[i];
    const uint64_t next = i + 1 < 6 ? args[i + 1] : 0;
    thread_local std::string buf;
    if (baseRole(role) == A::SleepRemOut) {
        // Shown when a signal cut the sleep (EINTR, or a restart the signal asks for).
        const bool cut = ret == -4 || (ret <= -512 && ret >= -516);
        if (!cut) return {};
        return readStruct(role, p, kTimespecSize, mem, opts, buf) ? fixedText(role, buf)
                                                                  : std::string();
    }
    if (failed(ret)) return {};
    if (const size_t size = fixedSize(role)) {
        return readStruct(role, p, size, mem, opts, buf) ? fixedText(role, buf) : std::string();
    }
    switch (role) {
        case A::IntOut: {
            int32_t v = 0;
            if (mem.read(p, &v, sizeof v) != sizeof v) return {};
            return fmt::format("[{}]", v);
        }
        case A::EpollEventsOut: {
            const auto count = static_cast<uint64_t>(ret);
            if (!readBytes(mem, p, shownCount(count, opts) * kEpollEventSize, buf)) return {};
            return epollEventsText(buf, static_cast<size_t>(count), opts.maxString);
        }
        case A::IovecOut:
            return iovecText(mem, p, next & 0xffffffffU, static_cast<uint64_t>(ret), opts);
        case A::CapDataOut: {
            uint32_t version = 0;
            if (mem.read(args[0], &version, sizeof version) != sizeof version) return {};
            return readBytes(mem, p, kCapDataSize, buf) ? capDataText(buf, version) : std::string();
        }
        case A::GroupsOut:
        case A::Groups16Out: {
            const auto count = static_cast<uint64_t>(ret);
            const size_t width = role == A::Groups16Out ? 2 : 4;
            if ((args[0] & 0xffffffffU) == 0) return {};
            if (!readBytes(mem, p, shownCount(count, opts) * width, buf)) return {};
            return groupsText(buf, static_cast<size_t>(count), opts.maxString, width);
        }
        case A::Id16Out: {
            uint16_t v = 0;
            if (mem.read(p, &v, sizeof v) != sizeof v) return {};
            return "[" + idText(v, 2) + "]";
        }
        case A::IdOut: {
            uint32_t v = 0;
            if (mem.read(p, &v, sizeof v) != sizeof v) return {};
            return "[" + idText(v, 4) + "]";
        }
        case A::CpuSetOut: {
            const auto len = static_cast<uint64_t>(ret);
            if (len > kCpuSetMax) return {};
            return readBytes(mem, p, static_cast<size_t>(len), buf) ? cpuSetText(buf)
                                                                    : std::string();
        }
        case A::SockoptOut: {
            uint32_t len = 0;
            if (mem.read(next, &len, sizeof len) != sizeof len || len == 0) return {};
            std::string text = sockoptAt(mem, p, len, args, opts.maxString);
            if (text.empty()) return {};
            // The length as the kernel left it: "[8 => 4]" when it changed.
            if (i + 1 < out.size()) {
                uint32_t before = len;
                if (std::sscanf(out[i + 1].c_str(), "[%u]", &before) == 1 && before != len) {
                    out[i + 1] = fmt::format("[{} => {}]", before, len);
                }
            }
            return text;
        }
        default:
            return {};
    }
}

/// ioctl's argument at the entry: false when strace leaves it out (FIOCLEX, NS_GET_USERNS).
bool ioctlArgEntry(uint64_t request, uint64_t p, TraceeMemory& mem, const FdNamer& fdName,
                   const DecodeOptions& opts, std::string& out) {
    thread_local std::string buf;
    const IoctlArgShape shape = ioctlArgShape(request);
    if (ioctlArgIsIfreq(shape)) {  // tracer/IoctlStructs.h
        const size_t size = is32(opts) ? kIfreq32Size : kIfreqSize;
        out = readBytes(mem, p, size, buf) ? ifreqText(request, ifreqUse(shape), buf, false)
                                           : addrText(p);
        return true;
    }
    switch (shape) {
        case IoctlArgShape::Decimal:
        case IoctlArgShape::TtyConstant:
            out = ttyConstantText(request, p);
            return true;
        case IoctlArgShape::Fd:
            out = fdText(static_cast<int>(p), fdName, opts);
            return true;
        case IoctlArgShape::Ifconf:
            out = ifconfEntryText(mem, p, is32(opts));
            return true;
        case IoctlArgShape::LoopConfig: {
            if (!readBytes(mem, p, kLoopConfigSize, buf)) {
                out = addrText(p);
                return true;
            }
            int32_t fd = 0;
            std::memcpy(&fd, buf.data(), sizeof fd);
            out = loopConfigText(buf, fdText(fd, fdName, opts));
            return true;
        }
        case IoctlArgShape::LoopInfoIn:
            out = readBytes(mem, p, kLoopInfo64Size, buf) ? loopInfo64Text(buf) : addrText(p);
            return true;
        case IoctlArgShape::None:
            return false;
        case IoctlArgShape::IntIn: {
            int32_t v = 0;
            out = mem.read(p, &v, sizeof v) == sizeof v ? fmt::format("[{}]", v) : addrText(p);
            return true;
        }
        case IoctlArgShape::TermiosIn:
            out = readBytes(mem, p, kTermiosSize, buf) ? termiosText(buf) : addrText(p);
            return true;
        case IoctlArgShape::WinsizeIn:
            out = readBytes(mem, p, kWinsizeSize, buf) ? winsizeText(buf) : addrText(p);
            return true;
        case IoctlArgShape::Hex:
            out = p == 0 ? std::string("0") : fmt::format("{:#x}", p);
            return true;
        default:  // filled by the kernel: the address until the exit
            out = addrText(p);
            return true;
    }
}

/// ioctl's argument after a successful call, for the requests whose argument the kernel fills.
void ioctlArgExit(uint64_t request, uint64_t p, TraceeMemory& mem, const DecodeOptions& opts,
                  std::string& out) {
    thread_local std::string buf;
    const IoctlArgShape shape = ioctlArgShape(request);
    if (ioctlArgIsIfreq(shape)) {
        const size_t size = is32(opts) ? kIfreq32Size : kIfreqSize;
        if (readBytes(mem, p, size, buf)) out = ifreqText(request, ifreqUse(shape), buf, true);
        return;
    }
    switch (shape) {
        case IoctlArgShape::Ifconf:
            ifconfExitText(mem, p, is32(opts), opts.maxString, out);
            return;
        case IoctlArgShape::LoopInfoOut:
            if (readBytes(mem, p, kLoopInfo64Size, buf)) out = loopInfo64Text(buf);
            return;
        case IoctlArgShape::Int64Out: {
            uint64_t v = 0;
            if (mem.read(p, &v, sizeof v) == sizeof v) out = fmt::format("[{}]", v);
            return;
        }
        case IoctlArgShape::IntOut: {
            int32_t v = 0;
            if (mem.read(p, &v, sizeof v) == sizeof v) out = fmt::format("[{}]", v);
            return;
        }
        case IoctlArgShape::TermiosOut:
            if (readBytes(mem, p, kTermiosSize, buf)) out = termiosText(buf);
            return;
        case IoctlArgShape::WinsizeOut:
            if (readBytes(mem, p, kWinsizeSize, buf)) out = winsizeText(buf);
            return;
        default:
            return;
    }
}

bool computeHasDepthArgs(const SyscallInfo& info) {
    for (size_t i = 0; i < info.nargs && i < 6; ++i) {
        if (isDepthRole(info.args[i])) return true;
    }
    return false;
}

std::vector<uint8_t> buildTableFlags() {
    std::vector<uint8_t> flags;
    for (const SyscallInfo& row : allSyscalls()) flags.push_back(computeHasDepthArgs(row) ? 1 : 0);
    return flags;
}

/// The first argument with `role` (or a twin of it, tracer/StructLayouts32.h), or 6.
size_t findRole(const SyscallInfo& info, ArgRole role) {
    for (size_t i = 0; i < info.nargs && i < 6; ++i) {
        if (baseRole(info.args[i]) == role) return i;
    }
    return 6;
}

/// "{tv_sec=0, tv_nsec=0}" for the timeout the kernel updated (select/poll's "left"), or "".
std::string leftText(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                     const DecodeOptions& opts) {
    thread_local std::string buf;
    if (const size_t t = findRole(info, A::TimespecIn); t < 6 && args[t] != 0) {
        return readStruct(info.args[t], args[t], kTimespecSize, mem, opts, buf) ? timespecAt(buf)
                                                                                : std::string();
    }
    if (const size_t t = findRole(info, A::TimevalIn); t < 6 && args[t] != 0) {
        return readStruct(info.args[t], args[t], kTimevalSize, mem, opts, buf) ? timevalText(buf)
                                                                               : std::string();
    }
    return {};
}

}  // namespace

bool isDepthRole(ArgRole role) {
    const auto base = static_cast<uint8_t>(baseRole(role));
    const auto in = [base](ArgRole first, ArgRole last) {
        return base >= static_cast<uint8_t>(first) && base <= static_cast<uint8_t>(last);
    };
    return in(A::StatfsOut, A::IoctlArg) || in(A::OldSelectArgs, A::IdOut) ||
           isCallDepthRole(role);  // tracer/CallDepthRoles.h
}

bool hasDepthArgs(const SyscallInfo& info) {
    static const std::vector<uint8_t> tableFlags = buildTableFlags();
    if (const auto row = tableRowIndex(info)) return tableFlags[*row] != 0;
    return computeHasDepthArgs(info);
}

bool decodeDepthArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                    const FdNamer& fdName, const DecodeOptions& opts, std::string& out) {
    const ArgRole role = info.args[i];
    if (isCallDepthRole(role)) return decodeCallDepthArg(info, i, args, mem, fdName, opts, out);
    if (role == A::IoctlArg) {
        return ioctlArgEntry(args[i - (i > 0 ? 1 : 0)], args[i], mem, fdName, opts, out);
    }
    out = valueText(role, i, args);
    if (!out.empty()) return true;
    if (filledByKernel(role) || !layoutKnown(role, opts.arch)) {
        out = addrText(args[i]);
        return true;
    }
    out = entryText(info, i, args, mem, fdName, opts);
    return true;
}

void decodeDepthExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                     TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                     std::vector<std::string>& out) {
    (void)fdName;
    for (size_t i = 0; i < info.nargs && i < 6 && i < out.size(); ++i) {
        if (isCallDepthRole(info.args[i])) {
            completeCallDepthArg(info, i, args, ret, mem, opts, out[i]);
            continue;
        }
        if (!layoutKnown(info.args[i], opts.arch)) continue;
        if (info.args[i] == A::IoctlArg && i > 0 && !failed(ret)) {
            ioctlArgExit(args[i - 1], args[i], mem, opts, out[i]);
            continue;
        }
        if (!filledByKernel(info.args[i]) || args[i] == 0) continue;
        std::string text = exitText(info, i, args, ret, mem, opts, out);
        if (!text.empty()) out[i] = std::move(text);
    }
}

void decorateDepthReturn(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                         TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                         std::string& retText) {
    if (hasMsghdrArgs(info)) decorateMsghdrReturn(info, args, ret, mem, opts, retText);
    if (!hasDepthArgs(info) || failed(ret)) return;
    if (const size_t r = findRole(info, A::IoctlRequest); r < 6) {
        switch (ioctlReturnShape(args[r])) {
            case IoctlReturnShape::Fd:
                retText = fdText(static_cast<int>(ret), fdName, opts);
                break;
            case IoctlReturnShape::NsType:
                retText = nsTypeReturnText(ret);
                break;
            default:
                break;
        }
        return;
    }
    thread_local std::string buf;
    if (const size_t i = findRole(info, A::PollFds); i < 6 && i + 1 < 6) {
        const uint64_t count = args[i + 1] & 0xffffffffU;
        buf.clear();
        if (ret != 0 && !readRevents(mem, args[i], count, opts.maxString, buf)) return;
        retText += pollReturnText(buf, buf.size() / kPollfdSize, ret,
                                  ret > 0 ? leftText(info, args, mem, opts) : std::string(),
                                  opts.maxString);
        return;
    }
    if (findRole(info, A::OldSelectArgs) < 6) {  // the same as select's, from its struct
        uint64_t unpacked[6] = {};
        const SyscallInfo* shape = oldSelectShape(info);
        if (shape != nullptr && readSelArgs(mem, args[0], unpacked)) {
            decorateDepthReturn(*shape, unpacked, ret, mem, fdName, opts, retText);
        }
        return;
    }
    if (findRole(info, A::FdSet) < 6) {
        const int nfds = static_cast<int>(args[0] & 0xffffffffU);
        if (nfds < 0 || nfds > kMaxSelectFds) return;
        const size_t setBytes = fdSetBytes(nfds, longSize(opts));
        std::string sets[3];
        for (size_t k = 0; k < 3 && ret > 0; ++k) {
            if (args[1 + k] != 0 && !readBytes(mem, args[1 + k], setBytes, sets[k])) {
                sets[k].clear();
            }
            if (args[1 + k] == 0) sets[k].clear();
        }
        retText += selectReturnText(sets[0], sets[1], sets[2], nfds, ret,
                                    ret > 0 ? leftText(info, args, mem, opts) : std::string());
    }
}

}  // namespace scratch::tracer
