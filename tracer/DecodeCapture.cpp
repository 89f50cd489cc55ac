#include "tracer/DecodeCapture.h"

#include <algorithm>
#include <vector>

#include "tracer/CallDepthRoles.h"
#include "tracer/CaptureFormat.h"
#include "tracer/DependentArgs.h"
#include "tracer/MsghdrDecoder.h"
#include "tracer/NetlinkDecoder.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/StructDecoders.h"
#include "tracer/StructRoleDispatch.h"

namespace scratch::tracer {
namespace {

/// AT_FDCWD as the decoder tests it (the low 32 bits of the argument).
constexpr int32_t kAtFdcwd = -100;

void captureString(std::string& capture, TraceeMemory& mem, uint64_t addr, size_t maxLen) {
    if (addr == 0) return;  // shown as NULL without a read
    thread_local std::string text;
    bool truncated = false;
    const bool ok = mem.readString(addr, maxLen, text, &truncated);
    recordString(capture, addr, maxLen, ok, truncated, text);
}

void captureBytes(std::string& capture, TraceeMemory& mem, uint64_t addr, uint64_t len) {
    if (addr == 0 || len == 0) return;  // NULL, or nothing to show: no read
    thread_local std::string bytes;
    bytes.resize(static_cast<size_t>(len));
    const size_t got = mem.read(addr, bytes.data(), bytes.size());
    recordBytes(capture, addr, len, bytes.data(), got);
}

/// The decoder shows an fd's name (strace -y) for fds >= 0 only.
void captureFdName(std::string& capture, const FdNamer& fdName, const DecodeOptions& opts,
                   int64_t fd) {
    if (fd < 0 || !opts.showFdPaths || !fdName) return;
    recordName(capture, static_cast<int>(fd), fdName(static_cast<int>(fd)));
}

/// Whether the capture below knows everything the decoder reads for `role` at both stops,
/// without rendering: the roles of numbers, flags and constants read nothing; fds, paths,
/// strings and buffers are captured here one by one; the sockaddr, struct and depth roles by
/// running their own decoders against a recording. Any other role, including every role added
/// to the table later, makes its row captured by rendering (capturedByRendering).
bool capturedByReads(ArgRole role) {
    if (isDepthRole(role)) return true;
    switch (role) {
        case ArgRole::None:
        case ArgRole::Int:
        case ArgRole::Uint:
        case ArgRole::Hex:
        case ArgRole::Ptr:
        case ArgRole::Fd:
        case ArgRole::DirFd:
        case ArgRole::Path:
        case ArgRole::String:
        case ArgRole::Buffer:
        case ArgRole::SockBuffer:  // sendto's: the protocol query and the netlink decoder's reads
        case ArgRole::SockOutBuffer:
        case ArgRole::OpenFlags:
        case ArgRole::Mode:
        case ArgRole::AtFlags:
        case ArgRole::CloneFlags:
        case ArgRole::MountFlags:
        case ArgRole::UmountFlags:
        case ArgRole::Signal:
        case ArgRole::AccessMode:
        case ArgRole::WaitOptions:
        case ArgRole::Whence:
        case ArgRole::ProtFlags:
        case ArgRole::MapFlags:
        case ArgRole::Fcntl:
        case ArgRole::SockFamily:
        case ArgRole::SockType:
        case ArgRole::IoctlCmd:
        case ArgRole::Prctl:
        case ArgRole::Rlimit:
        case ArgRole::ClockId:
        case ArgRole::Sigprocmask:
        case ArgRole::Ptrace:
        case ArgRole::SeccompOp:
        case ArgRole::StatxMask:
        case ArgRole::RenameFlags:
        case ArgRole::FsopenFlags:
        case ArgRole::LinkTarget:
        case ArgRole::OutBuffer:
        case ArgRole::LinkOut:
        case ArgRole::OpenFlagBits:
        case ArgRole::OpenMode:
        case ArgRole::MqAttr:
        case ArgRole::StatxAtFlags:
        case ArgRole::EaccessAtFlags:
        case ArgRole::MoveMountFlags:
        case ArgRole::OpenTreeFlags:
        case ArgRole::FsmountFlags:
        case ArgRole::FspickFlags:
        case ArgRole::FutexOp:
        case ArgRole::FutexArg:  // numbers, addresses, a waiting op's timeout (hot: threads)
        case ArgRole::ArchPrctlCode:
        case ArgRole::EpollCreateFlags:
        case ArgRole::InotifyInitFlags:
        case ArgRole::EventfdFlags:
        case ArgRole::SignalfdFlags:
        case ArgRole::TimerfdCreateFlags:
        case ArgRole::MemfdFlags:
        case ArgRole::UserfaultfdFlags:
        case ArgRole::MadviseAdvice:
        case ArgRole::FadviseAdvice:
        case ArgRole::GrndFlags:
        case ArgRole::SockaddrIn:
        case ArgRole::SockaddrOut:
        case ArgRole::SocklenPtr:
        case ArgRole::MsgHdr:
        case ArgRole::MsgHdrOut:  // tracer/MsghdrDecoder.h: its reads and the names it takes
        case ArgRole::MmsgHdrIn:
        case ArgRole::MmsgHdrOut:
        case ArgRole::ShutdownHow:
        case ArgRole::MsgFlags:
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

/// The same for the return: these read nothing, or name the returned fd (captured here).
bool returnCapturedByReads(RetRole role) {
    switch (role) {
        case RetRole::Int:
        case RetRole::Fd:
        case RetRole::Hex:
        case RetRole::Pid:
        case RetRole::NoReturn:
        case RetRole::Mode:
            return true;
        default:
            return false;  // FcntlRet's F_DUPFD names an fd; later roles may read anything
    }
}

bool computeCapturedByRendering(const SyscallInfo& info) {
    if (!returnCapturedByReads(info.ret)) return true;
    for (int i = 0; i < info.nargs && i < 6; ++i) {
        if (!capturedByReads(info.args[i])) return true;
    }
    return false;
}

std::vector<uint8_t> buildTableFlags() {
    std::vector<uint8_t> flags;
    for (const SyscallInfo& row : allSyscalls()) {
        flags.push_back(computeCapturedByRendering(row) ? 1 : 0);
    }
    return flags;
}

/// captureEntry for a row captured by its reads: what renderArg reads for each role.
void captureEntryReads(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                       const FdNamer& fdName, const DecodeOptions& opts, std::string& capture) {
    for (int i = 0; i < info.nargs && i < 6; ++i) {
        const uint64_t v = args[i];
        const uint64_t next = i + 1 < 6 ? args[i + 1] : 0;
        switch (info.args[i]) {
            case ArgRole::Fd:
                captureFdName(capture, fdName, opts, static_cast<int32_t>(v));
                break;
            case ArgRole::FutexArg:  // a waiting op's timeout (tracer/DependentArgs.h)
                if (const int op = argOfRole(info, ArgRole::FutexOp);
                    op >= 0 && futexArgIsTimeout(args[op], static_cast<size_t>(i))) {
                    RecordingMemory recording(capture, mem);
                    (void)timespecArgText(recording, v, opts);
                }
                break;
            case ArgRole::DirFd:
                if (static_cast<int32_t>(v) == kAtFdcwd) {
                    if (opts.showFdPaths && fdName) recordName(capture, kAtFdcwd, fdName(kAtFdcwd));
                } else {
                    captureFdName(capture, fdName, opts, static_cast<int32_t>(v));
                }
                break;
            case ArgRole::Path:
            case ArgRole::LinkTarget:
                captureString(capture, mem, v, kDecodePathMax);
                break;
            case ArgRole::String:
                captureString(capture, mem, v, opts.maxString);
                break;
            case ArgRole::SockBuffer: {  // netlink messages (tracer/NetlinkDecoder.h), or bytes
                RecordingMemory recording(capture, mem);
                thread_local std::string unused;
                unused.clear();
                if (appendSocketBuffer(unused, recording, recordingNamer(capture, fdName), args[0],
                                       v, next, opts)) {
                    break;
                }
                captureBytes(capture, mem, v, std::min<uint64_t>(next, opts.maxString));
                break;
            }
            case ArgRole::Buffer:
                captureBytes(capture, mem, v, std::min<uint64_t>(next, opts.maxString));
                break;
            case ArgRole::SockaddrIn:
            case ArgRole::SocklenPtr: {
                RecordingMemory recording(capture, mem);
                thread_local std::string unused;
                decodeSocketArg(info, static_cast<size_t>(i), args, recording, opts, unused);
                break;
            }
            case ArgRole::TimespecIn:
            case ArgRole::RlimitIn:
            case ArgRole::SigactionIn:
            case ArgRole::Timespec64In:
            case ArgRole::Rlimit64In:
            case ArgRole::OldSigactionIn: {  // the structs shown at entry: their reads
                RecordingMemory recording(capture, mem);
                thread_local std::string unused;
                decodeStructArg(info, static_cast<size_t>(i), args, recording, opts, unused);
                break;
            }
            case ArgRole::MsgHdr:
            case ArgRole::MsgHdrOut:
            case ArgRole::MmsgHdrIn:
            case ArgRole::MmsgHdrOut: {  // tracer/MsghdrDecoder.h: its reads and fd names
                RecordingMemory recording(capture, mem);
                thread_local std::string unused;
                decodeMsghdrArg(info, static_cast<size_t>(i), args, recording,
                                recordingNamer(capture, fdName), opts, unused);
                break;
            }
            default:
                if (isDepthRole(info.args[i])) {  // tracer/StructRoleDispatch.h: its reads
                    RecordingMemory recording(capture, mem);
                    const FdNamer names = recordingNamer(capture, fdName);
                    thread_local std::string unused;
                    decodeDepthArg(info, static_cast<size_t>(i), args, recording, names, opts,
                                   unused);
                }
                break;  // the rest read nothing
        }
    }
}

/// captureExit for a row captured by its reads.
void captureExitReads(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                      TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                      std::string& capture) {
    const bool failed = ret < 0 && ret >= -4095;
    // decodeExit: an output buffer is shown as far as the call filled it.
    for (int i = 0; i < info.nargs && i < 6 && !failed; ++i) {
        const ArgRole role = info.args[i];
        if (role == ArgRole::SockOutBuffer) {  // as completeArg: netlink messages, or bytes
            RecordingMemory recording(capture, mem);
            thread_local std::string unused;
            unused.clear();
            if (appendSocketBuffer(unused, recording, recordingNamer(capture, fdName), args[0],
                                   args[i], static_cast<uint64_t>(ret), opts)) {
                continue;
            }
        } else if (role != ArgRole::OutBuffer && role != ArgRole::LinkOut) {
            continue;
        }
        captureBytes(
            capture, mem, args[i],
            std::min<uint64_t>(static_cast<uint64_t>(ret),
                               role == ArgRole::LinkOut ? kDecodePathMax : opts.maxString));
    }
    thread_local std::vector<std::string> unused;
    if (hasSocketArgs(info)) {  // out-sockaddrs: the reads decodeSocketExit makes
        RecordingMemory recording(capture, mem);
        unused.assign(info.nargs, std::string());
        decodeSocketExit(info, args, ret, recording, opts, unused);
    }
    if (hasMsghdrArgs(info)) {  // recvmsg's header and the mmsghdr arrays, their fd names
        // decodeMsghdrExit completes what the entry showed (recvmsg's msg_namelen): that text
        // as the replay will have it, from the entry's part, before the recording grows it.
        thread_local std::vector<std::string> entryText;
        entryText.assign(info.nargs, std::string());
        ReplayMemory entry(splitCapture(capture).first);
        for (size_t i = 0; i < info.nargs && i < 6; ++i) {
            if (info.args[i] == ArgRole::MsgHdrOut) {  // the only one the exit reads back
                decodeMsghdrArg(info, i, args, entry, {}, opts, entryText[i]);
            }
        }
        RecordingMemory recording(capture, mem);
        decodeMsghdrExit(info, args, ret, recording, recordingNamer(capture, fdName), opts,
                         entryText);
        thread_local std::string unusedRet;
        decorateMsghdrReturn(info, args, ret, recording, opts, unusedRet);  // recvmmsg's "left"
    }
    if (hasStructArgs(info)) {  // the structs the kernel filled: the reads decodeStructExit makes
        RecordingMemory recording(capture, mem);
        unused.assign(info.nargs, std::string());
        decodeStructExit(info, args, ret, recording, opts, unused);
    }
    if (hasDepthArgs(info)) {  // the structs the kernel filled, and the return's decorations
        RecordingMemory recording(capture, mem);
        unused.assign(info.nargs, std::string());
        decodeDepthExit(info, args, ret, recording, fdName, opts, unused);
        thread_local std::string unusedRet;
        decorateDepthReturn(info, args, ret, recording, recordingNamer(capture, fdName), opts,
                            unusedRet);
    }
    // formatReturn: a returned fd is shown with its name (after the i386 narrowing it does).
    const bool i386 = opts.arch == Arch::I386;
    const int64_t shown =
        i386 && info.ret != RetRole::Hex ? static_cast<int64_t>(static_cast<int32_t>(ret)) : ret;
    if (info.ret == RetRole::Fd && !(shown < 0 && shown >= -4095)) {
        captureFdName(capture, fdName, opts, shown);
    }
}

}  // namespace

bool deferrable(const SyscallInfo& info) { return info.nargs <= 6; }

bool capturedByRendering(const SyscallInfo& info) {
    static const std::vector<uint8_t> tableFlags = buildTableFlags();
    if (const auto row = tableRowIndex(info)) return tableFlags[*row] != 0;
    return computeCapturedByRendering(info);  // a generic row (a number the table does not name)
}

void captureEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                  const FdNamer& fdName, const DecodeOptions& opts, std::string& capture,
                  std::vector<std::string>& shown) {
    beginCapture(capture);
    if (capturedByRendering(info)) {
        // The row's renderers, run at the stop against the recording: the capture holds
        // whatever they read; the texts are kept for the exit's completion.
        RecordingMemory recording(capture, mem);
        decodeEntry(info, args, recording, recordingNamer(capture, fdName), opts, shown);
        return;
    }
    shown.clear();
    captureEntryReads(info, args, mem, fdName, opts, capture);
}

void captureEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                  const FdNamer& fdName, const DecodeOptions& opts, std::string& capture) {
    thread_local std::vector<std::string> shown;
    captureEntry(info, args, mem, fdName, opts, capture, shown);
    shown.clear();
}

void captureExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::string& capture,
                 std::vector<std::string>& shown) {
    if (!knownCaptureFormat(capture)) beginCapture(capture);  // no entry stop was captured
    markCaptureExit(capture);
    if (capturedByRendering(info)) {
        RecordingMemory recording(capture, mem);
        const FdNamer names = recordingNamer(capture, fdName);
        decodeExit(info, args, ret, recording, names, opts, shown);
        thread_local std::string retText;
        retText = formatReturn(info, args, ret, names, opts);
        decorateDepthReturn(info, args, ret, recording, names, opts, retText);
        shown.clear();
        return;
    }
    shown.clear();
    captureExitReads(info, args, ret, mem, fdName, opts, capture);
}

void captureExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::string& capture) {
    thread_local std::vector<std::string> shown;
    shown.clear();
    if (capturedByRendering(info) && knownCaptureFormat(capture)) {
        // The entry's texts, rendered again from what the entry stop recorded.
        ReplayMemory entry(splitCapture(capture).first);
        decodeEntry(info, args, entry, entry.namer(), opts, shown);
    }
    captureExit(info, args, ret, mem, fdName, opts, capture, shown);
}

void captureReturnSuffix(std::string& capture, std::string_view text) {
    recordReturnSuffix(capture, text);
}

void completeDecoding(SyscallEvent& event, const DecodeOptions& opts) {
    if (!event.decodeDeferred) return;
    event.decodeDeferred = false;
    const SyscallInfo* info = event.info();
    if (info == nullptr || !knownCaptureFormat(event.decodeCapture)) return;
    DecodeOptions o = opts;
    o.arch = effectiveArch(event.arch, event.nr) == Arch::I386 ? Arch::I386 : Arch::X86_64;
    const auto [entryPart, exitPart] = splitCapture(event.decodeCapture);
    ReplayMemory entry(entryPart);
    decodeEntry(*info, event.rawArgs, entry, entry.namer(), o, event.args);
    if (event.finished) {
        ReplayMemory exit(exitPart);
        const FdNamer exitNames = exit.namer();
        decodeExit(*info, event.rawArgs, event.ret, exit, exitNames, o, event.args);
        event.retText = formatReturn(*info, event.rawArgs, event.ret, exitNames, o);
        decorateDepthReturn(*info, event.rawArgs, event.ret, exit, exitNames, o, event.retText);
        event.retText += exit.returnSuffix();
    }
}

}  // namespace scratch::tracer
