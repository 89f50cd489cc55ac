#include "tracer/CallDepthRoles.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <cstring>

#include "tracer/CallDepthText.h"
#include "tracer/DecodeText.h"
#include "tracer/SiginfoText.h"

namespace scratch::tracer {
namespace {

using A = ArgRole;

constexpr size_t kTimespecSize = 16;
constexpr uint64_t kOCreat = 0x40;

bool failed(int64_t ret) { return ret < 0 && ret >= -4095; }

/// `len` bytes at `p` into a buffer kept per thread; false when they cannot all be read.
bool readBytes(TraceeMemory& mem, uint64_t p, size_t len, std::string& buf) {
    buf.resize(len);
    return p != 0 && (len == 0 || mem.read(p, buf.data(), len) == len);
}

/// The i386 layouts of these structs differ (32-bit longs and time_t): addresses there.
bool layoutKnown(const DecodeOptions& opts) { return opts.arch != Arch::I386; }

/// The struct size a fixed-size role reads, 0 for the others.
size_t fixedSize(ArgRole role) {
    switch (role) {
        case A::SiginfoIn:
        case A::SiginfoOut:
            return kSiginfoSize;
        case A::UtimensPair:
            return kTimespecPairSize;
        case A::UtimesPair:
            return kTimevalPairSize;
        case A::Utimbuf:
            return kUtimbufSize;
        case A::MqAttr:
        case A::MqAttrIn:
        case A::MqAttrOut:
            return kMqAttrSize;
        default:
            return 0;
    }
}

/// A fixed-size struct rendered from its bytes.
std::string fixedText(ArgRole role, std::string_view b) {
    switch (role) {
        case A::SiginfoIn:
        case A::SiginfoOut: {
            siginfo_t si;
            std::memcpy(&si, b.data(), sizeof si);
            return siginfoText(si);
        }
        case A::UtimensPair:
            return utimensPairText(b);
        case A::UtimesPair:
            return utimesPairText(b);
        case A::Utimbuf:
            return utimbufText(b);
        case A::MqAttr:
            return mqAttrText(b, false);
        case A::MqAttrIn:
        case A::MqAttrOut:
            return mqAttrText(b, true);
        default:
            return {};
    }
}

/// Roles whose value the kernel fills: an address at the entry, the contents at the exit.
bool filledByKernel(ArgRole role) {
    return role == A::SiginfoOut || role == A::XattrValueOut || role == A::XattrListOut ||
           role == A::MqAttrOut;
}

/// "[5]": the loff_t at `p`, NULL, or the address when unreadable.
std::string offsetAt(TraceeMemory& mem, uint64_t p) {
    int64_t v = 0;
    if (p == 0) return "NULL";
    if (mem.read(p, &v, sizeof v) != sizeof v) return addr(p);
    return fmt::format("[{}]", v);
}

/// futex_waitv's waiters as strace prints an array: [] for none, "..." after -s N of them, the
/// address when the first cannot be read, "... /* 0x... */" where a later one cannot.
std::string futexWaitersAt(TraceeMemory& mem, uint64_t p, uint64_t count, size_t maxElements) {
    if (count == 0) return "[]";
    std::string out;
    char waiter[kFutexWaiterSize];
    for (uint64_t k = 0; k < count; ++k) {
        const uint64_t at = p + k * kFutexWaiterSize;
        if (k != 0) out += ", ";
        if (k >= maxElements) {
            out += "...";
            break;
        }
        if (mem.read(at, waiter, sizeof waiter) != sizeof waiter) {
            if (k == 0) return addr(p);
            out += "... /* " + addr(at) + " */";
            break;
        }
        if (k == 0) out += '[';
        out += futexWaiterText(std::string_view(waiter, sizeof waiter));
    }
    return out + ']';
}

/// Roles rendered from register values alone.
bool valueText(ArgRole role, size_t i, const uint64_t args[6], const DecodeOptions& opts,
               std::string& out) {
    const uint64_t v = args[i];
    switch (role) {
        case A::WaitIdType:
            out = waitIdTypeText(v);
            return true;
        case A::InotifyMask:
            out = inotifyMaskText(v);
            return true;
        case A::FanMarkFlags:
            out = fanMarkFlagsText(v);
            return true;
        case A::FanEventMask:
            out = fanEventMaskText(v);
            return true;
        case A::FanInitFlags:
            out = fanInitFlagsText(v);
            return true;
        case A::XattrFlags:
            out = xattrFlagsText(v);
            return true;
        case A::RwfFlags:
            out = rwfFlagsText(v);
            return true;
        case A::SpliceFlags:
            out = spliceFlagsText(v);
            return true;
        case A::SchedPolicy:
            out = schedPolicyText(v);
            return true;
        case A::OffsetLowHigh: {
            // x86_64 takes the whole offset in the low register; i386 splits it in two.
            const uint64_t high = i + 1 < 6 ? args[i + 1] : 0;
            const auto offset = is32(opts) ? static_cast<int64_t>((v & 0xffffffffU) | (high << 32))
                                           : static_cast<int64_t>(v);
            out = decimal(offset);
            return true;
        }
        default:
            return false;
    }
}

/// The entry text of a role that reads memory (not one the kernel fills); false to leave the
/// argument out.
bool entryText(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
               const FdNamer& fdName, const DecodeOptions& opts, std::string& out) {
    const ArgRole role = info.args[i];
    const uint64_t p = args[i];
    const uint64_t next = i + 1 < 6 ? args[i + 1] : 0;
    thread_local std::string buf;
    switch (role) {
        case A::WaitId: {
            const int type = argOfRole(info, A::WaitIdType);
            const auto id = static_cast<int32_t>(p);
            out = type >= 0 && waitIdIsFd(args[type]) ? fdText(id, fdName, opts) : decimal(id);
            return true;
        }
        case A::OffsetHigh:
            return false;
        case A::MqAttr: {
            // mq_open shows its attributes with O_CREAT only.
            const int flags = argOfRole(info, A::OpenFlags);
            if (flags >= 0 && (args[flags] & kOCreat) == 0) return false;
            break;
        }
        default:
            break;
    }
    if (p == 0) {
        out = "NULL";
        return true;
    }
    if (!layoutKnown(opts)) {
        out = addr(p);
        return true;
    }
    if (const size_t size = fixedSize(role)) {
        out = readBytes(mem, p, size, buf) ? fixedText(role, buf) : addr(p);
        return true;
    }
    switch (role) {
        case A::XattrValueIn: {
            if (next > kXattrSizeMax) break;
            const auto shown = static_cast<size_t>(std::min<uint64_t>(next, opts.maxString));
            if (!readBytes(mem, p, shown, buf)) break;
            out = xattrValueText(buf, next, opts.maxString);
            return true;
        }
        case A::OffsetIn:
        case A::OffsetInOut:
            out = offsetAt(mem, p);
            return true;
        case A::FutexWaiters:
            out = futexWaitersAt(mem, p, next & 0xffffffffU, opts.maxString);
            return true;
        case A::IntIn: {
            int32_t v = 0;
            if (mem.read(p, &v, sizeof v) != sizeof v) break;
            out = fmt::format("[{}]", v);
            return true;
        }
        default:
            break;
    }
    out = addr(p);
    return true;
}

}  // namespace

bool isCallDepthRole(ArgRole role) {
    return role == A::MqAttr ||
           (static_cast<uint8_t>(role) >= static_cast<uint8_t>(A::WaitIdType) &&
            static_cast<uint8_t>(role) <= static_cast<uint8_t>(A::FanInitFlags));
}

bool decodeCallDepthArg(const SyscallInfo& info, size_t i, const uint64_t args[6],
                        TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                        std::string& out) {
    const ArgRole role = info.args[i];
    out.clear();
    if (valueText(role, i, args, opts, out)) return true;
    if (filledByKernel(role)) {
        out = addr(args[i]);
        return true;
    }
    return entryText(info, i, args, mem, fdName, opts, out);
}

void completeCallDepthArg(const SyscallInfo& info, size_t i, const uint64_t args[6], int64_t ret,
                          TraceeMemory& mem, const DecodeOptions& opts, std::string& out) {
    const ArgRole role = info.args[i];
    const uint64_t p = args[i];
    const uint64_t next = i + 1 < 6 ? args[i + 1] : 0;
    if (failed(ret) || p == 0 || !layoutKnown(opts)) return;
    thread_local std::string buf;
    switch (role) {
        case A::SiginfoOut:
        case A::MqAttrOut:
            if (readBytes(mem, p, fixedSize(role), buf)) out = fixedText(role, buf);
            return;
        case A::XattrValueOut:
        case A::XattrListOut: {
            // As many bytes as the call returned; a list asked with size 0 stays an address.
            const auto size = static_cast<uint64_t>(ret);
            if (size > kXattrSizeMax || (role == A::XattrListOut && next == 0)) return;
            const auto shown = static_cast<size_t>(std::min<uint64_t>(size, opts.maxString));
            if (!readBytes(mem, p, shown, buf)) return;
            out = role == A::XattrValueOut ? xattrValueText(buf, size, opts.maxString)
                                           : xattrListText(buf, size, opts.maxString);
            return;
        }
        case A::OffsetInOut:
            // sendfile's offset after the call, when it moved data.
            if (ret != 0) out += " => " + offsetAt(mem, p);
            return;
        default:
            return;
    }
}

std::string timespecArgText(TraceeMemory& mem, uint64_t p, const DecodeOptions& opts) {
    if (p == 0) return "NULL";
    int64_t ts[2] = {0, 0};
    if (!layoutKnown(opts) || mem.read(p, ts, kTimespecSize) != kTimespecSize) return addr(p);
    return fmt::format("{{tv_sec={}, tv_nsec={}}}", ts[0], static_cast<uint64_t>(ts[1]));
}

std::string callDepthReturnSuffix(RetRole role, int64_t ret) {
    if (failed(ret)) return {};
    switch (role) {
        case RetRole::SignalRet:
            return signalReturnSuffix(ret);
        case RetRole::SchedPolicyRet:
            return schedPolicyReturnSuffix(ret);
        default:
            return {};
    }
}

}  // namespace scratch::tracer
