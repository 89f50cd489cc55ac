#include "tracer/CloneArgs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>

#include "tracer/FlagText.h"

namespace scratch::tracer {

namespace {

constexpr uint64_t kCloneSignalMask = 0xff;
constexpr uint64_t kCloneParentSettid = 0x100000;
constexpr uint64_t kCloneChildCleartid = 0x200000;
constexpr uint64_t kCloneChildSettid = 0x1000000;
constexpr uint64_t kCloneSettls = 0x80000;
constexpr uint64_t kClonePidfd = 0x1000;
constexpr uint64_t kCloneIntoCgroup = 0x200000000ULL;

/// struct clone_args (linux/sched.h), all fields u64.
struct CloneArgsStruct {
    uint64_t flags, pidfd, childTid, parentTid, exitSignal, stack, stackSize, tls, setTid,
        setTidSize, cgroup;
};
constexpr size_t kCloneArgsMinSize = 64;  // up to and including tls (CLONE_ARGS_SIZE_VER0)

/// The slots of clone's arguments in the order strace shows them.
enum CloneSlot : size_t { kStack, kFlags, kParentTid, kTls, kChildTid };

}  // namespace

bool renderCloneArg(const ArgContext& c, size_t slot, std::string& out) {
    // Registers (x86_64): flags, stack, parent_tid, child_tid, tls; the i386 ABI swaps the last
    // two.
    const uint64_t raw = c.args[0];
    const uint64_t flags = raw & ~kCloneSignalMask & 0xffffffffU;
    const size_t ctidArg = is32(c.opts) ? 4 : 3;
    const size_t tlsArg = is32(c.opts) ? 3 : 4;
    switch (slot) {
        case kStack:
            out = "child_stack=" + addr(c.args[1]);
            return true;
        case kFlags: {
            const int sig = static_cast<int>(raw & kCloneSignalMask);
            out = "flags=";
            if (flags != 0) {
                appendFlags(out, flags, cloneFlagNames());
                if (sig != 0) {
                    out += '|';
                    out += signalText(sig);
                }
            } else {
                out += signalText(sig);
            }
            return true;
        }
        case kParentTid:
            if (!(flags & (kCloneParentSettid | kClonePidfd))) return false;
            out = "parent_tid=" + addr(c.args[2]);
            return true;
        case kTls:
            if (!(flags & kCloneSettls)) return false;
            out = "tls=" + addr(c.args[tlsArg]);
            return true;
        case kChildTid:
            if (!(flags & (kCloneChildSettid | kCloneChildCleartid))) return false;
            out = "child_tidptr=" + addr(c.args[ctidArg]);
            return true;
        default:
            return false;
    }
}

void completeCloneArg(const ArgContext& c, size_t slot, int64_t ret, std::string& out) {
    if (ret <= 0 || slot != kParentTid || !(c.args[0] & kCloneParentSettid)) return;
    if (!out.starts_with("parent_tid=")) return;
    int32_t tid = 0;
    if (c.mem.read(c.args[2], &tid, sizeof tid) == sizeof tid) {
        out = fmt::format("parent_tid=[{}]", tid);
    }
}

std::string clone3Text(TraceeMemory& mem, uint64_t p, uint64_t size) {
    if (size < kCloneArgsMinSize) return addr(p);
    CloneArgsStruct a{};
    const size_t fetch = static_cast<size_t>(std::min<uint64_t>(size, sizeof a));
    if (p == 0 || mem.read(p, &a, fetch) != fetch) return addr(p);
    std::string out = "{flags=";
    appendFlags(out, a.flags, clone3FlagNames(), "0");
    if (a.flags & kClonePidfd) out += fmt::format(", pidfd={}", addr(a.pidfd));
    if (a.flags & (kCloneChildSettid | kCloneChildCleartid)) {
        out += fmt::format(", child_tid={}", addr(a.childTid));
    }
    if (a.flags & kCloneParentSettid) out += fmt::format(", parent_tid={}", addr(a.parentTid));
    out += ", exit_signal=";
    out += a.exitSignal < 0x7fffffff ? signalText(static_cast<int64_t>(a.exitSignal))
                                     : fmt::format("{}", a.exitSignal);
    out += fmt::format(", stack={}, stack_size={}", addr(a.stack), hex(a.stackSize));
    if (a.flags & kCloneSettls) out += fmt::format(", tls={}", addr(a.tls));
    if (a.setTid != 0 || a.setTidSize != 0) {
        out += fmt::format(", set_tid={}, set_tid_size={}", addr(a.setTid), a.setTidSize);
    }
    if (fetch > offsetof(CloneArgsStruct, cgroup) &&
        (a.cgroup != 0 || (a.flags & kCloneIntoCgroup))) {
        out += fmt::format(", cgroup={}", a.cgroup);
    }
    out += '}';
    return out;
}

void completeClone3Args(const ArgContext& c, size_t i, int64_t /*ret*/, std::string& out) {
    const uint64_t size = i + 1 < 6 ? c.args[i + 1] : 0;
    if (size < kCloneArgsMinSize) return;
    CloneArgsStruct a{};
    const size_t fetch = static_cast<size_t>(std::min<uint64_t>(size, sizeof a));
    if (c.mem.read(c.args[i], &a, fetch) != fetch) return;
    std::string changed;
    if (a.flags & kClonePidfd) {
        int32_t fd = 0;
        if (c.mem.read(a.pidfd, &fd, sizeof fd) == sizeof fd) {
            changed += "pidfd=[" + fdText(fd, c.fdName, c.opts) + "]";
        }
    }
    if (a.flags & kCloneParentSettid) {
        int32_t tid = 0;
        if (c.mem.read(a.parentTid, &tid, sizeof tid) == sizeof tid) {
            if (!changed.empty()) changed += ", ";
            changed += fmt::format("parent_tid=[{}]", tid);
        }
    }
    if (!changed.empty()) out += " => {" + changed + "}";
}

}  // namespace scratch::tracer
