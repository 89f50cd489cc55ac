#include "tracer/DependentArgs.h"

#include <fmt/format.h>

#include <initializer_list>

#include "tracer/CallDepthRoles.h"
#include "tracer/CredDecoders.h"
#include "tracer/FlagText.h"
#include "tracer/FlockDecoder.h"
#include "tracer/PrctlOperands.h"

namespace scratch::tracer {

namespace {

constexpr std::string_view kFutexOps[] = {
    "FUTEX_WAIT",           "FUTEX_WAKE",        "FUTEX_FD",          "FUTEX_REQUEUE",
    "FUTEX_CMP_REQUEUE",    "FUTEX_WAKE_OP",     "FUTEX_LOCK_PI",     "FUTEX_UNLOCK_PI",
    "FUTEX_TRYLOCK_PI",     "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
    "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
};

constexpr uint64_t kPrGetName = 16;

/// The value of the row's argument of `role` (0 when the row has none).
uint64_t argValue(const ArgContext& c, ArgRole role) {
    const int i = argOfRole(c.info, role);
    return i < 0 ? 0 : c.args[i];
}

/// Operand `k` (1 to 4) of a prctl call whose option is operands[0]; false when strace does not
/// show it.
bool prctlOperand(const ArgContext& c, const uint64_t* operands, size_t k, std::string& out) {
    const uint64_t option = operands[0] & 0xffffffffU;
    const uint64_t v = operands[k];
    switch (option) {
        case kPrCapAmbient:  // tracer/PrctlOperands.h
            out = capAmbientOperand(operands, k);
            return true;
        case 23:
        case 24:  // PR_CAPBSET_READ, PR_CAPBSET_DROP
            if (k != 1) return false;
            if (const std::string_view name = capabilityName(static_cast<unsigned>(v));
                v < 64 && !name.empty()) {
                out = std::string(name);
            } else {
                out = fmt::format("{:#x} /* CAP_??? */", v);
            }
            return true;
        case 15:  // PR_SET_NAME
            if (k != 1) return false;
            out = tracedString(c.mem, v, 16);
            return true;
        case 1:  // PR_SET_PDEATHSIG
            if (k != 1) return false;
            out = signalText(asInt(v, c.opts));
            return true;
        case 2:
        case kPrGetName:
        case 40:  // getters via a pointer
            if (k != 1) return false;
            out = addr(v);
            return true;
        case 3:
        case 7:
        case 21:
        case 27:
        case 30:
        case 37:
        case 39:
        case 42:  // no operands
            return false;
        case 4:
        case 8:
        case 28:
        case 29:
        case 36:
            if (k != 1) return false;
            out = fmt::format("{}", v);
            return true;
        case 22:  // PR_SET_SECCOMP
            if (k == 1) {
                out = enumText(v, std::initializer_list<FlagName>{{0, "SECCOMP_MODE_DISABLED"},
                                                                  {1, "SECCOMP_MODE_STRICT"},
                                                                  {2, "SECCOMP_MODE_FILTER"}});
                return true;
            }
            if (k == 2 && operands[1] == 2) {
                out = addr(v);
                return true;
            }
            return false;
        case 38:
        case 41:  // PR_SET_NO_NEW_PRIVS, PR_SET_THP_DISABLE: strace shows all four
            out = fmt::format("{}", v);
            return true;
        default:
            out = hex(v);
            return true;
    }
}

}  // namespace

bool renderMountArg(const ArgContext& c, size_t i, std::string& out) {
    uint64_t flags = argValue(c, ArgRole::MountFlags);
    if ((flags & 0xffff0000U) == 0xc0ed0000U) flags &= 0xffff;  // MS_MGC_VAL: old magic
    constexpr uint64_t kMsRemount = 0x20;
    constexpr uint64_t kIgnoreBoth = 0x1000 | 0x2000 | 0x100000 | 0x40000 | 0x80000 | 0x20000;
    const bool ignored = c.info.args[i] == ArgRole::MountFsType
                             ? (flags & kMsRemount) || (flags & kIgnoreBoth)
                             : !(flags & kMsRemount) && (flags & kIgnoreBoth);
    out = ignored ? addr(c.args[i]) : tracedString(c.mem, c.args[i], c.opts.maxString);
    return true;
}

bool renderFcntlArg(const ArgContext& c, size_t i, std::string& out) {
    const uint64_t cmd = argValue(c, ArgRole::Fcntl) & 0xffffffffU;
    const uint64_t arg = c.args[i];
    switch (cmd) {
        case 1:
        case 3:
        case 9:
        case 11:
        case 1025:
        case 1032:
        case 1034:  // getters: no arg
            return false;
        case 2:  // F_SETFD
            out = flagsText(arg & 0xffffffffU, fdFlagNames());
            return true;
        case 4:  // F_SETFL
            out = formatOpenFlags(arg & 0xffffffffU);
            return true;
        case 5:
        case 6:
        case 7:
        case 36:
        case 37:
        case 38: {  // struct flock (tracer/FlockDecoder.h): a getter's is shown at the exit
            std::string lock(kFlockSize, '\0');
            if (flockUse(cmd) == FlockUse::Given &&
                c.mem.read(arg, lock.data(), kFlockSize) == kFlockSize) {
                out = flockText(lock, false);
            } else {
                out = addr(arg);
            }
            return true;
        }
        case 0:
        case 1030:
        case 8:
        case 10:
        case 1031:
        case 1026:
        case 1033:
            out = fmt::format("{}", asInt(arg, c.opts));
            return true;
        default:
            out = addr(arg);
            return true;
    }
}

void completeFcntlArg(const ArgContext& c, size_t i, int64_t /*ret*/, std::string& out) {
    const uint64_t cmd = argValue(c, ArgRole::Fcntl) & 0xffffffffU;
    if (flockUse(cmd) != FlockUse::Filled) return;
    std::string lock(kFlockSize, '\0');
    if (c.mem.read(c.args[i], lock.data(), kFlockSize) == kFlockSize) out = flockText(lock, true);
}

std::string futexOpText(uint64_t op) {
    op &= 0xffffffffU;
    const uint64_t cmd = op & 0x7f;
    if (cmd >= std::size(kFutexOps)) return hex(op);
    std::string out(kFutexOps[cmd]);
    if (op & 0x80) out += "_PRIVATE";
    if (op & 0x100) out += "|FUTEX_CLOCK_REALTIME";
    if (const uint64_t rest = op & ~0x1ffULL) out += fmt::format("|{:#x}", rest);
    return out;
}

bool futexArgIsTimeout(uint64_t op, size_t i) {
    const uint64_t cmd = op & 0x7f;
    // FUTEX_WAIT, FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI
    return i == 3 && (cmd == 0 || cmd == 6 || cmd == 13 || cmd == 9 || cmd == 11);
}

bool renderFutexArg(const ArgContext& c, size_t i, std::string& out) {
    const uint64_t op = argValue(c, ArgRole::FutexOp);
    const uint64_t cmd = op & 0x7f;
    const auto val = [&] { out = fmt::format("{}", static_cast<uint32_t>(c.args[i])); };
    const auto bitset = [&] {
        const auto b = static_cast<uint32_t>(c.args[i]);
        out = b == 0xffffffffU ? std::string("FUTEX_BITSET_MATCH_ANY") : fmt::format("{:#x}", b);
    };
    switch (i) {
        case 2:  // val
            val();
            return true;
        case 3:  // timeout, or val2 for the requeue operations
            if (futexArgIsTimeout(op, i)) {
                out = timespecArgText(c.mem, c.args[i], c.opts);  // tracer/CallDepthRoles.h
            } else if (cmd == 3 || cmd == 4 || cmd == 12 || cmd == 5) {
                val();
            } else {
                return false;
            }
            return true;
        case 4:  // uaddr2
            if (cmd != 3 && cmd != 4 && cmd != 12 && cmd != 5 && cmd != 11) return false;
            out = addr(c.args[i]);
            return true;
        case 5:  // val3: a bitset, a value to compare, or FUTEX_WAKE_OP's encoded operation
            if (cmd == 9 || cmd == 10) {
                bitset();
            } else if (cmd == 4 || cmd == 12) {
                val();
            } else if (cmd == 5) {
                out = hex(c.args[i] & 0xffffffffU);
            } else {
                return false;
            }
            return true;
        default:
            return false;
    }
}

bool renderPrctlArg(const ArgContext& c, size_t i, std::string& out) {
    const int optionArg = argOfRole(c.info, ArgRole::Prctl);
    if (optionArg < 0 || i <= static_cast<size_t>(optionArg)) return false;
    return prctlOperand(c, c.args + optionArg, i - static_cast<size_t>(optionArg), out);
}

void completePrctlArg(const ArgContext& c, size_t i, int64_t /*ret*/, std::string& out) {
    const int optionArg = argOfRole(c.info, ArgRole::Prctl);
    if (optionArg < 0 || i != static_cast<size_t>(optionArg) + 1) return;
    if ((c.args[optionArg] & 0xffffffffU) == kPrGetPdeathsig) {
        int32_t sig = 0;  // the signal the kernel wrote
        if (c.mem.read(c.args[i], &sig, sizeof sig) == sizeof sig) out = pdeathsigAnswer(sig);
        return;
    }
    if ((c.args[optionArg] & 0xffffffffU) != kPrGetName) return;
    out = tracedString(c.mem, c.args[i], 16);  // the name the kernel wrote
}

bool openModeShown(const ArgContext& c) {
    return hasMode(argValue(c, ArgRole::OpenFlags) & 0xffffffffU);
}

}  // namespace scratch::tracer
