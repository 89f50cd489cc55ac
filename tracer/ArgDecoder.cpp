// strace-style rendering of syscall arguments: the role switch and the entry and exit drivers.
//
// The reference is `strace -y -s 32` (strace 6.x): every argument is rendered by its role in the
// syscall table row (tracer/SyscallTable.h), never by the syscall's name. The renderers live by
// idea: text pieces (DecodeText), flags and constants (FlagText), arguments shaped by another
// argument (DependentArgs), clone and clone3 (CloneArgs), what the kernel fills (ExitArgs),
// sockaddrs (SockaddrDecoder), structs (StructDecoders), returns (ReturnText).
// Nothing here throws: a read that fails shows the address, as strace does.
#include "tracer/ArgDecoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "tracer/CloneArgs.h"
#include "tracer/DecodeText.h"
#include "tracer/DependentArgs.h"
#include "tracer/ExitArgs.h"
#include "tracer/FlagNames.h"
#include "tracer/FlagText.h"
#include "tracer/MsghdrDecoder.h"
#include "tracer/NetlinkDecoder.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/StructDecoders.h"
#include "tracer/StructRoleDispatch.h"

namespace scratch::tracer {

namespace {

constexpr size_t kPathMax = kDecodePathMax;
constexpr size_t kMaxEnvCount = 1U << 16;
constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);
constexpr uint64_t kOCreat = 0x40;
constexpr uint64_t kOTmpfile = 0x410000;

/// struct open_how (linux/openat2.h).
struct OpenHow {
    uint64_t flags, mode, resolve;
};

std::string argvText(TraceeMemory& mem, uint64_t p, const DecodeOptions& opts) {
    if (p == 0) return "NULL";
    const size_t word = is32(opts) ? 4 : 8;
    std::string out = "[";
    for (size_t i = 0;; ++i) {
        uint64_t elem = 0;
        if (mem.read(p + i * word, &elem, word) != word) {
            if (i == 0) return addr(p);
            out += ", ...";
            break;
        }
        if (word == 4) elem &= 0xffffffffU;
        if (elem == 0) break;
        if (i != 0) out += ", ";
        if (i >= opts.maxString) {
            out += "...";
            break;
        }
        out += tracedString(mem, elem, opts.maxString);
    }
    out += ']';
    return out;
}

std::string envpText(TraceeMemory& mem, uint64_t p, const DecodeOptions& opts) {
    if (opts.showEnv) return argvText(mem, p, opts);
    if (p == 0) return "NULL";
    const size_t word = is32(opts) ? 4 : 8;
    size_t count = 0;
    uint64_t chunk[64];
    for (;;) {
        const size_t got = mem.read(p + count * word, chunk, sizeof chunk);
        const size_t words = got / word;
        if (words == 0) {
            if (count == 0) return addr(p);
            break;
        }
        bool done = false;
        const auto* bytes = reinterpret_cast<const unsigned char*>(chunk);
        for (size_t i = 0; i < words; ++i) {
            uint64_t elem = 0;
            std::memcpy(&elem, bytes + i * word, word);
            if (elem == 0) {
                done = true;
                break;
            }
            ++count;
        }
        if (done || count >= kMaxEnvCount) break;
    }
    return fmt::format("{:#x} /* {} var{} */", p, count, count == 1 ? "" : "s");
}

std::string openHowText(TraceeMemory& mem, uint64_t p, uint64_t size) {
    OpenHow how{};
    if (p == 0 || size < sizeof how || mem.read(p, &how, sizeof how) != sizeof how) {
        return addr(p);
    }
    std::string out = "{flags=" + formatOpenFlags(how.flags);
    if (how.mode != 0 || (how.flags & kOCreat) || (how.flags & kOTmpfile) == kOTmpfile) {
        out += ", mode=" + modeText(how.mode);
    }
    if (how.resolve != 0) out += ", resolve=" + flagsText(how.resolve, resolveFlagNames());
    out += '}';
    return out;
}

void appendDirFd(std::string& out, uint64_t v, const FdNamer& fdName, const DecodeOptions& opts) {
    if (static_cast<int32_t>(v) != static_cast<int32_t>(kAtFdcwd)) {
        appendFdText(out, static_cast<int32_t>(v), fdName, opts);
        return;
    }
    out += "AT_FDCWD";
    if (opts.showFdPaths && fdName) {
        // strace -y shows the cwd: fdName(-100) is the namer's cue for it.
        const std::string* cwd = fdName(-100);
        if (cwd != nullptr && !cwd->empty()) {
            out += '<';
            appendFdPath(out, *cwd);
            out += '>';
        }
    }
}

/// The role switch: argument `i` as it looks at the entry stop, written into `out` (cleared
/// first; the common roles are written in place, so an event's argument strings keep their room
/// from the previous event). False when strace does not show the argument at all (an open
/// without O_CREAT has no mode; fcntl's getters no third argument). `i` is the index, for the
/// roles that read the next argument (a size) or another one (a command, flags).
bool renderArg(const ArgContext& c, size_t i, std::string& out) {
    out.clear();
    const uint64_t v = c.args[i];
    const uint64_t next = i + 1 < 6 ? c.args[i + 1] : 0;
    const ArgRole role = c.info.args[i];
    switch (role) {
        case ArgRole::None:
            return true;
        case ArgRole::Int:
            appendDecimal(out, asInt(v, c.opts));
            return true;
        case ArgRole::Uint:
            appendDecimal(out, is32(c.opts) ? (v & 0xffffffffU) : v);
            return true;
        case ArgRole::Hex:
            if (v == 0) {
                out += '0';
            } else {
                appendHex(out, v);
            }
            return true;
        case ArgRole::Ptr:
        case ArgRole::OutBuffer:  // the buffers the kernel fills: completed by decodeExit
        case ArgRole::SockOutBuffer:
        case ArgRole::LinkOut:
        case ArgRole::CwdOut:
        case ArgRole::RandomOut:
        case ArgRole::PipeFdsOut:
        case ArgRole::WaitStatusOut:
        case ArgRole::SigmaskOut:
            appendAddr(out, v);
            return true;
        case ArgRole::Fd:
            appendFdText(out, static_cast<int32_t>(v), c.fdName, c.opts);
            return true;
        case ArgRole::DirFd:
            appendDirFd(out, v, c.fdName, c.opts);
            return true;
        case ArgRole::Path:
        case ArgRole::LinkTarget:  // a symlink's target is printed like a path by strace, uncut
            appendTracedString(out, c.mem, v, kPathMax);
            return true;
        case ArgRole::String:
            appendTracedString(out, c.mem, v, c.opts.maxString);
            return true;
        case ArgRole::SockBuffer:  // tracer/NetlinkDecoder.h
            if (appendSocketBuffer(out, c.mem, c.fdName, c.args[0], v, next, c.opts)) return true;
            [[fallthrough]];
        case ArgRole::Buffer:
            appendTracedBuffer(out, c.mem, v, next, c.opts.maxString);
            return true;
        case ArgRole::OpenFlags:
            out = formatOpenFlags(v & 0xffffffffU);
            return true;
        case ArgRole::OpenFlagBits:
            out = flagsText(v & 0xffffffffU, openFlagNames());
            return true;
        case ArgRole::OpenMode:
            if (!openModeShown(c)) return false;
            out = modeText(v);
            return true;
        case ArgRole::Mode:
            out = modeText(v);
            return true;
        case ArgRole::AtFlags:
        case ArgRole::StatxAtFlags:
        case ArgRole::EaccessAtFlags:
            out = atFlagsText(role, v & 0xffffffffU);
            return true;
        case ArgRole::CloneFlags:
            out = flagsText(v & 0xffffffffU, nsFlagNames(), "0", "CLONE_???");
            return true;
        case ArgRole::MountFlags:
            out = formatMountFlags(v);
            return true;
        case ArgRole::UmountFlags:
            out = flagsText(v & 0xffffffffU, umountFlagNames());
            return true;
        case ArgRole::Signal:
            out = signalText(asInt(v, c.opts));
            return true;
        case ArgRole::Argv:
            out = argvText(c.mem, v, c.opts);
            return true;
        case ArgRole::Envp:
            out = envpText(c.mem, v, c.opts);
            return true;
        case ArgRole::Clone3Args:
            out = clone3Text(c.mem, v, next);
            return true;
        case ArgRole::OpenHow:
            out = openHowText(c.mem, v, next);
            return true;
        case ArgRole::AccessMode:
            out = accessModeText(v & 0xffffffffU);
            return true;
        case ArgRole::WaitOptions:
            out = flagsText(v & 0xffffffffU, waitOptionNames());
            return true;
        case ArgRole::Whence:
            out = enumText(v & 0xffffffffU, whenceNames(), "SEEK_???");
            return true;
        case ArgRole::ProtFlags:
            out = flagsText(v & 0xffffffffU, protNames(), "PROT_NONE");
            return true;
        case ArgRole::MapFlags:
            out = mapFlagsText(v & 0xffffffffU);
            return true;
        case ArgRole::Fcntl:
            out = enumText(v & 0xffffffffU, fcntlNames(), "F_???");
            return true;
        case ArgRole::SockFamily:
            out = enumText(v & 0xffffffffU, familyNames(), "AF_???");
            return true;
        case ArgRole::SockType:
            out = sockTypeText(v & 0xffffffffU);
            return true;
        case ArgRole::IoctlCmd:
            out = enumText(v & 0xffffffffU, ioctlNames());
            return true;
        case ArgRole::Prctl:
            out = enumText(v & 0xffffffffU, prctlNames(), "PR_???");
            return true;
        case ArgRole::Rlimit:
            out = enumText(v & 0xffffffffU, rlimitNames(), "RLIMIT_???");
            return true;
        case ArgRole::ClockId:
            out = enumText(v & 0xffffffffU, clockNames(), "CLOCK_???");
            return true;
        case ArgRole::Sigprocmask:
            out = enumText(v & 0xffffffffU, sigprocmaskNames(), "SIG_???");
            return true;
        case ArgRole::Ptrace:
            out = enumText(v, ptraceNames(), "PTRACE_???");
            return true;
        case ArgRole::SeccompOp:
            out = enumText(v, seccompOpNames(), "SECCOMP_SET_MODE_???");
            return true;
        case ArgRole::StatxMask:
            out = statxMaskText(v & 0xffffffffU);
            return true;
        case ArgRole::RenameFlags:
            out = flagsText(v & 0xffffffffU, renameFlagNames(), "0", "RENAME_???");
            return true;
        case ArgRole::FsopenFlags:
        case ArgRole::MoveMountFlags:
        case ArgRole::OpenTreeFlags:
        case ArgRole::FsmountFlags:
        case ArgRole::FspickFlags:
            out = mountApiFlagsText(role, v);
            return true;
        case ArgRole::EpollCreateFlags:
        case ArgRole::InotifyInitFlags:
        case ArgRole::EventfdFlags:
        case ArgRole::SignalfdFlags:
        case ArgRole::TimerfdCreateFlags:
        case ArgRole::MemfdFlags:
        case ArgRole::UserfaultfdFlags:
            out = fdCreateFlagsText(role, v);
            return true;
        case ArgRole::MadviseAdvice:
        case ArgRole::FadviseAdvice:
        case ArgRole::GrndFlags:
        case ArgRole::ArchPrctlCode:
            out = namedValueText(role, v);
            return true;
        case ArgRole::SigmaskIn:
            out = sigsetAt(c.mem, v, c.args[c.info.nargs - 1]);
            return true;
        case ArgRole::CloneArg:
            return renderCloneArg(c, i, out);  // tracer/CloneArgs.h
        case ArgRole::MountFsType:
        case ArgRole::MountData:
            return renderMountArg(c, i, out);  // tracer/DependentArgs.h
        case ArgRole::FcntlArg:
            return renderFcntlArg(c, i, out);
        case ArgRole::FutexOp:
            out = futexOpText(v);
            return true;
        case ArgRole::FutexArg:
            return renderFutexArg(c, i, out);
        case ArgRole::PrctlArg:
            return renderPrctlArg(c, i, out);
        case ArgRole::SockaddrIn:
        case ArgRole::SockaddrOut:
        case ArgRole::SocklenPtr:
        case ArgRole::MsgFlags:
        case ArgRole::ShutdownHow:
            decodeSocketArg(c.info, i, c.args, c.mem, c.opts, out);  // tracer/SockaddrDecoder.h
            return true;
        case ArgRole::MsgHdr:
        case ArgRole::MsgHdrOut:
        case ArgRole::MmsgHdrIn:
        case ArgRole::MmsgHdrOut:
            decodeMsghdrArg(c.info, i, c.args, c.mem, c.fdName, c.opts, out);  // MsghdrDecoder.h
            return true;
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
        case ArgRole::Stat64Out:  // the i386 twins (tracer/StructLayouts32.h)
        case ArgRole::Timespec64In:
        case ArgRole::Timespec64Out:
        case ArgRole::Rlimit64In:
        case ArgRole::Rlimit64Out:
        case ArgRole::OldSigactionIn:
        case ArgRole::OldSigactionOut:
            decodeStructArg(c.info, i, c.args, c.mem, c.opts, out);  // tracer/StructDecoders.h
            return true;
        case ArgRole::StatfsOut:
        case ArgRole::TimerFlags:
        case ArgRole::TimerfdSetFlags:
        case ArgRole::TimevalIn:
        case ArgRole::TimevalOut:
        case ArgRole::ItimerWhich:
        case ArgRole::ItimervalIn:
        case ArgRole::ItimervalOut:
        case ArgRole::ItimerspecIn:
        case ArgRole::ItimerspecOut:
        case ArgRole::SigeventIn:
        case ArgRole::IntOut:
        case ArgRole::SleepRemOut:
        case ArgRole::PollFds:
        case ArgRole::FdSet:
        case ArgRole::PselectSigmask:
        case ArgRole::EpollCtlOp:
        case ArgRole::EpollEventIn:
        case ArgRole::EpollEventsOut:
        case ArgRole::IovecIn:
        case ArgRole::IovecOut:
        case ArgRole::StackIn:
        case ArgRole::StackOut:
        case ArgRole::RusageWho:
        case ArgRole::RusageOut:
        case ArgRole::SysinfoOut:
        case ArgRole::TmsOut:
        case ArgRole::CapHeader:
        case ArgRole::CapDataIn:
        case ArgRole::CapDataOut:
        case ArgRole::GroupsIn:
        case ArgRole::GroupsOut:
        case ArgRole::CpuSetIn:
        case ArgRole::CpuSetOut:
        case ArgRole::SchedAttrIn:
        case ArgRole::SchedAttrOut:
        case ArgRole::SockProtocol:
        case ArgRole::SockoptLevel:
        case ArgRole::SockoptName:
        case ArgRole::SockoptIn:
        case ArgRole::SockoptOut:
        case ArgRole::MremapFlags:
        case ArgRole::SigreturnFrame:
        case ArgRole::IoctlRequest:
        case ArgRole::IoctlArg:
        case ArgRole::Statfs64Out:  // the i386 twins (tracer/StructLayouts32.h)
        case ArgRole::SleepRem64Out:
        case ArgRole::Itimerspec64In:
        case ArgRole::Itimerspec64Out:
        case ArgRole::MqAttr:  // tracer/CallDepthRoles.h, from here to MqAttrOut
        case ArgRole::WaitIdType:
        case ArgRole::WaitId:
        case ArgRole::SiginfoIn:
        case ArgRole::SiginfoOut:
        case ArgRole::UtimensPair:
        case ArgRole::UtimesPair:
        case ArgRole::Utimbuf:
        case ArgRole::InotifyMask:
        case ArgRole::FanMarkFlags:
        case ArgRole::FanEventMask:
        case ArgRole::XattrValueIn:
        case ArgRole::XattrValueOut:
        case ArgRole::XattrListOut:
        case ArgRole::XattrFlags:
        case ArgRole::OffsetLowHigh:
        case ArgRole::OffsetHigh:
        case ArgRole::RwfFlags:
        case ArgRole::OffsetIn:
        case ArgRole::OffsetInOut:
        case ArgRole::SpliceFlags:
        case ArgRole::IntIn:
        case ArgRole::SchedPolicy:
        case ArgRole::MqAttrIn:
        case ArgRole::MqAttrOut:
        case ArgRole::FutexWaiters:
        case ArgRole::FanInitFlags:
        case ArgRole::OldSelectArgs:  // i386's own shapes (SyscallTable.h, i386Shapes)
        case ArgRole::Groups16In:
        case ArgRole::Groups16Out:
        case ArgRole::Id16Out:
        case ArgRole::IdOut:
            return decodeDepthArg(c.info, i, c.args, c.mem, c.fdName, c.opts, out);
    }
    appendHex(out, v);
    return true;
}

/// The exit half of the role switch: argument `i`, which the kernel filled, completed in `out`
/// (what the entry showed) after a successful call.
void completeArg(const ArgContext& c, size_t i, int64_t ret, std::string& out) {
    switch (c.info.args[i]) {
        case ArgRole::SockOutBuffer:  // tracer/NetlinkDecoder.h
            out.clear();
            if (appendSocketBuffer(out, c.mem, c.fdName, c.args[0], c.args[i],
                                   static_cast<uint64_t>(ret), c.opts)) {
                return;
            }
            completeOutBuffer(c, i, ret, out);
            return;
        case ArgRole::OutBuffer:
        case ArgRole::LinkOut:
        case ArgRole::CwdOut:
        case ArgRole::RandomOut:
            completeOutBuffer(c, i, ret, out);  // tracer/ExitArgs.h
            return;
        case ArgRole::PipeFdsOut:
            completePipeFds(c, i, out);
            return;
        case ArgRole::WaitStatusOut:
            completeWaitStatus(c, i, ret, out);
            return;
        case ArgRole::SigmaskOut:
            completeSigmaskOut(c, i, out);
            return;
        case ArgRole::CloneArg:
            completeCloneArg(c, i, ret, out);  // tracer/CloneArgs.h
            return;
        case ArgRole::Clone3Args:
            completeClone3Args(c, i, ret, out);
            return;
        case ArgRole::PrctlArg:
            completePrctlArg(c, i, ret, out);  // tracer/DependentArgs.h
            return;
        case ArgRole::FcntlArg:
            completeFcntlArg(c, i, ret, out);
            return;
        default:
            return;
    }
}

}  // namespace

void decodeEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::vector<std::string>& out) {
    const ArgContext c{info, args, mem, fdName, opts};
    const size_t n = std::min<size_t>(info.nargs, 6);
    // Each argument overwrites its string in place (clear() would free each one's buffer); one
    // strace leaves out shifts the later ones down.
    out.resize(n);
    size_t shown = 0;
    for (size_t i = 0; i < n; ++i) {
        if (renderArg(c, i, out[shown])) ++shown;
    }
    out.resize(shown);
}

void decodeExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                const FdNamer& fdName, const DecodeOptions& opts, std::vector<std::string>& out) {
    if (hasSocketArgs(info)) decodeSocketExit(info, args, ret, mem, opts, out);
    if (hasMsghdrArgs(info)) decodeMsghdrExit(info, args, ret, mem, fdName, opts, out);
    if (hasStructArgs(info)) decodeStructExit(info, args, ret, mem, opts, out);
    // Before the failure test: a sleep cut by a signal shows the time left.
    if (hasDepthArgs(info)) decodeDepthExit(info, args, ret, mem, fdName, opts, out);
    if (ret < 0 && ret >= -4095) return;  // strace leaves what the entry showed
    const ArgContext c{info, args, mem, fdName, opts};
    // A row whose exit fills an argument shows every argument before it (the index is the
    // argument's).
    for (size_t i = 0; i < info.nargs && i < out.size(); ++i) completeArg(c, i, ret, out[i]);
}

}  // namespace scratch::tracer
