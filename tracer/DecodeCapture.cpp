#include "tracer/DecodeCapture.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <utility>
#include <vector>

#include "tracer/MsghdrDecoder.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/StructDecoders.h"
#include "tracer/StructRoleDispatch.h"

namespace scratch::tracer {
namespace {

// A capture is a byte string of entries; the entry stop's come first, then kExitMark and the
// exit stop's. Each entry: a tag, then its fields in host byte order.
constexpr char kString =
    'S';  // readString: addr u64, maxLen u64, ok u8, truncated u8, len u32, bytes
constexpr char kBytes = 'B';     // read: addr u64, len u64, got u32, bytes
constexpr char kName = 'N';      // fd name: fd i32, present u8, len u32, bytes
constexpr char kExitMark = 'X';  // what follows was taken at the exit stop

/// AT_FDCWD as the decoder tests it (the low 32 bits of the argument).
constexpr int32_t kAtFdcwd = -100;

template <typename T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
bool take(std::string_view& in, T& value) {
    if (in.size() < sizeof value) return false;
    std::memcpy(&value, in.data(), sizeof value);
    in.remove_prefix(sizeof value);
    return true;
}

bool takeBytes(std::string_view& in, uint32_t len, std::string_view& bytes) {
    if (in.size() < len) return false;
    bytes = in.substr(0, len);
    in.remove_prefix(len);
    return true;
}

/// One entry of a capture, as parsed back.
struct Entry {
    char tag = 0;
    uint64_t addr = 0;  ///< kString, kBytes: the address read
    uint64_t size = 0;  ///< kString: the limit asked; kBytes: the length asked
    bool ok = false;    ///< kString: the read worked; kName: the namer had a name
    bool truncated = false;
    int32_t fd = 0;          ///< kName
    std::string_view bytes;  ///< the string, the bytes read, or the name
};

/// Parses the entry at the start of `in` and steps over it; false at the end, at the exit
/// mark (consumed), or on malformed input.
bool nextEntry(std::string_view& in, Entry& e) {
    e.tag = 0;
    if (!take(in, e.tag)) return false;
    uint8_t ok = 0;
    uint8_t truncated = 0;
    uint32_t len = 0;
    bool parsed = false;
    switch (e.tag) {
        case kString:
            parsed = take(in, e.addr) && take(in, e.size) && take(in, ok) && take(in, truncated) &&
                     take(in, len) && takeBytes(in, len, e.bytes);
            break;
        case kBytes:
            ok = 1;
            parsed = take(in, e.addr) && take(in, e.size) && take(in, len) &&
                     takeBytes(in, len, e.bytes);
            break;
        case kName:
            parsed = take(in, e.fd) && take(in, ok) && take(in, len) && takeBytes(in, len, e.bytes);
            break;
        default:
            return false;  // kExitMark, or not an entry
    }
    e.ok = ok != 0;
    e.truncated = truncated != 0;
    return parsed;
}

/// The entry stop's part and the exit stop's part of a capture (the mark byte may also occur
/// inside an entry's data, so the entries are walked).
std::pair<std::string_view, std::string_view> splitAtExit(std::string_view capture) {
    std::string_view in = capture;
    Entry e;
    for (;;) {
        const size_t offset = capture.size() - in.size();
        if (nextEntry(in, e)) continue;
        if (e.tag == kExitMark && offset < capture.size()) return {capture.substr(0, offset), in};
        return {capture, {}};
    }
}

void captureString(std::string& capture, TraceeMemory& mem, uint64_t addr, size_t maxLen) {
    if (addr == 0) return;  // shown as NULL without a read
    thread_local std::string text;
    bool truncated = false;
    const bool ok = mem.readString(addr, maxLen, text, &truncated);
    capture += kString;
    put<uint64_t>(capture, addr);
    put<uint64_t>(capture, maxLen);
    put<uint8_t>(capture, ok ? 1 : 0);
    put<uint8_t>(capture, truncated ? 1 : 0);
    put<uint32_t>(capture, ok ? static_cast<uint32_t>(text.size()) : 0);
    if (ok) capture += text;
}

void captureBytes(std::string& capture, TraceeMemory& mem, uint64_t addr, uint64_t len) {
    if (addr == 0 || len == 0) return;  // NULL, or nothing to show: no read
    thread_local std::string bytes;
    bytes.resize(static_cast<size_t>(len));
    const size_t got = mem.read(addr, bytes.data(), bytes.size());
    capture += kBytes;
    put<uint64_t>(capture, addr);
    put<uint64_t>(capture, len);
    put<uint32_t>(capture, static_cast<uint32_t>(got));
    capture.append(bytes.data(), got);
}

void captureName(std::string& capture, const FdNamer& fdName, int fd) {
    if (!fdName) return;
    const std::string* name = fdName(fd);
    capture += kName;
    put<int32_t>(capture, fd);
    put<uint8_t>(capture, name != nullptr ? 1 : 0);
    put<uint32_t>(capture, name != nullptr ? static_cast<uint32_t>(name->size()) : 0);
    if (name != nullptr) capture += *name;
}

/// The decoder shows an fd's name (strace -y) for fds >= 0 only.
void captureFdName(std::string& capture, const FdNamer& fdName, const DecodeOptions& opts,
                   int64_t fd) {
    if (fd >= 0 && opts.showFdPaths) captureName(capture, fdName, static_cast<int>(fd));
}

/// The tracee's memory, each read recorded into a capture as it is made: decoders of
/// structures (sockaddr, msghdr) run against it so that the capture holds exactly their reads.
class RecordingMemory final : public TraceeMemory {
  public:
    RecordingMemory(std::string& capture, TraceeMemory& mem) : capture_(capture), mem_(mem) {}
    size_t read(uint64_t addr, void* out, size_t len) override {
        const size_t got = mem_.read(addr, out, len);
        capture_ += kBytes;
        put<uint64_t>(capture_, addr);
        put<uint64_t>(capture_, len);
        put<uint32_t>(capture_, static_cast<uint32_t>(got));
        capture_.append(static_cast<const char*>(out), got);
        return got;
    }
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override {
        captureString(capture_, mem_, addr, maxLen);
        return mem_.readString(addr, maxLen, out, truncated);
    }

  private:
    std::string& capture_;
    TraceeMemory& mem_;
};

/// The namer, each name it gives recorded into the capture (for decoders that name fds inside
/// structures: pollfd arrays, fd_sets).
FdNamer recordingNamer(std::string& capture, const FdNamer& fdName) {
    return [&capture, &fdName](int fd) -> const std::string* {
        captureName(capture, fdName, fd);
        return fdName ? fdName(fd) : nullptr;
    };
}

/// Tracee memory and fd names as one stop's part of a capture recorded them. A read or name
/// the capture lacks fails, as an unreadable address would (tests make sure none is missing).
class ReplayMemory final : public TraceeMemory {
  public:
    explicit ReplayMemory(std::string_view part) : part_(part) {}

    size_t read(uint64_t addr, void* out, size_t len) override {
        const Entry* e =
            find(kBytes, [&](const Entry& x) { return x.addr == addr && x.size == len; });
        if (e == nullptr) return 0;
        std::memcpy(out, e->bytes.data(), e->bytes.size());
        return e->bytes.size();
    }

    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override {
        const Entry* e =
            find(kString, [&](const Entry& x) { return x.addr == addr && x.size == maxLen; });
        if (e == nullptr || !e->ok) return false;
        out.assign(e->bytes);
        if (truncated != nullptr) *truncated = e->truncated;
        return true;
    }

    /// The name the namer gave for fd at this stop, or nullptr.
    const std::string* name(int fd) {
        const Entry* e = find(kName, [&](const Entry& x) { return x.fd == fd; });
        if (e == nullptr || !e->ok) return nullptr;
        name_.assign(e->bytes);
        return &name_;
    }

  private:
    /// The first entry with this tag that `matches` accepts, or nullptr.
    template <typename Match>
    const Entry* find(char tag, Match matches) {
        std::string_view in = part_;
        while (nextEntry(in, found_)) {
            if (found_.tag == tag && matches(found_)) return &found_;
        }
        return nullptr;
    }

    std::string_view part_;
    Entry found_;
    std::string name_;
};

/// Whether what the decoder shows for `role` is made from the argument values and the reads
/// this capture records (strings, buffers, fd names, the sockaddr and struct decoders' reads).
/// The roles with code of their own that reads more (argv, clone3's struct, an old sigmask, a
/// wait status, ...) or shapes by another argument are decoded at the stop.
bool plainRole(ArgRole role) {
    switch (role) {
        case ArgRole::Argv:
        case ArgRole::Envp:
        case ArgRole::Clone3Args:
        case ArgRole::OpenHow:  // structures behind a pointer
        case ArgRole::CwdOut:
        case ArgRole::RandomOut:
        case ArgRole::PipeFdsOut:
        case ArgRole::WaitStatusOut:
        case ArgRole::SigmaskIn:
        case ArgRole::SigmaskOut:
        case ArgRole::CloneArg:
        case ArgRole::MountFsType:
        case ArgRole::MountData:
        case ArgRole::FcntlArg:
        case ArgRole::FutexOp:
        case ArgRole::FutexArg:
        case ArgRole::ArchPrctlCode:
        case ArgRole::PrctlArg:
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
            return false;
        default:
            return true;
    }
}

/// The same for the return: fcntl's F_DUPFD names an fd the capture does not record.
bool plainReturn(RetRole role) { return role != RetRole::FcntlRet && role != RetRole::PrctlRet; }

bool computeDeferrable(const SyscallInfo& info) {
    if (info.nargs > 6 || !plainReturn(info.ret)) return false;
    for (int i = 0; i < info.nargs; ++i) {
        if (!plainRole(info.args[i])) return false;
    }
    return true;
}

std::vector<uint8_t> buildTableDeferrable() {
    std::vector<uint8_t> flags;
    for (const SyscallInfo& row : allSyscalls()) flags.push_back(computeDeferrable(row) ? 1 : 0);
    return flags;
}

}  // namespace

bool deferrable(const SyscallInfo& info) {
    static const std::vector<uint8_t> tableFlags = buildTableDeferrable();
    if (const auto row = tableRowIndex(info)) return tableFlags[*row] != 0;
    return computeDeferrable(info);  // a generic row (a number the table does not name)
}

void captureEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                  const FdNamer& fdName, const DecodeOptions& opts, std::string& capture) {
    capture.clear();
    // What renderArgInto/renderArg read for each plain role; every other plain role is
    // rendered from the argument's value alone.
    for (int i = 0; i < info.nargs && i < 6; ++i) {
        const uint64_t v = args[i];
        const uint64_t next = i + 1 < 6 ? args[i + 1] : 0;
        switch (info.args[i]) {
            case ArgRole::Fd:
                captureFdName(capture, fdName, opts, static_cast<int32_t>(v));
                break;
            case ArgRole::DirFd:
                if (static_cast<int32_t>(v) == kAtFdcwd) {
                    if (opts.showFdPaths) captureName(capture, fdName, kAtFdcwd);
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
                break;
        }
    }
}

void captureExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::string& capture) {
    capture += kExitMark;
    const bool failed = ret < 0 && ret >= -4095;
    // decodeExit: an output buffer is shown as far as the call filled it.
    for (int i = 0; i < info.nargs && i < 6 && !failed; ++i) {
        const ArgRole role = info.args[i];
        if (role != ArgRole::OutBuffer && role != ArgRole::LinkOut) continue;
        captureBytes(
            capture, mem, args[i],
            std::min<uint64_t>(static_cast<uint64_t>(ret),
                               role == ArgRole::LinkOut ? kDecodePathMax : opts.maxString));
    }
    if (hasSocketArgs(info)) {  // out-sockaddrs: the reads decodeSocketExit makes
        RecordingMemory recording(capture, mem);
        thread_local std::vector<std::string> unused;
        unused.assign(info.nargs, std::string());
        decodeSocketExit(info, args, ret, recording, opts, unused);
    }
    if (hasMsghdrArgs(info)) {  // recvmsg's header and the mmsghdr arrays, their fd names
        // decodeMsghdrExit completes what the entry showed (recvmsg's msg_namelen): that text
        // as the replay will have it, from the entry's part, before the recording grows it.
        thread_local std::vector<std::string> entryText;
        entryText.assign(info.nargs, std::string());
        ReplayMemory entry(splitAtExit(capture).first);
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
        thread_local std::vector<std::string> unused;
        unused.assign(info.nargs, std::string());
        decodeStructExit(info, args, ret, recording, opts, unused);
    }
    if (hasDepthArgs(info)) {  // the structs the kernel filled, and the return's decorations
        RecordingMemory recording(capture, mem);
        thread_local std::vector<std::string> unused;
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

void completeDecoding(SyscallEvent& event, const DecodeOptions& opts) {
    const SyscallInfo* info = event.info();
    if (!event.decodeDeferred || info == nullptr) return;
    DecodeOptions o = opts;
    o.arch = effectiveArch(event.arch, event.nr) == Arch::I386 ? Arch::I386 : Arch::X86_64;
    const auto [entryPart, exitPart] = splitAtExit(event.decodeCapture);
    ReplayMemory entry(entryPart);
    const FdNamer entryNames = [&entry](int fd) { return entry.name(fd); };
    decodeEntry(*info, event.rawArgs, entry, entryNames, o, event.args);
    if (event.finished) {
        ReplayMemory exit(exitPart);
        const FdNamer exitNames = [&exit](int fd) { return exit.name(fd); };
        decodeExit(*info, event.rawArgs, event.ret, exit, exitNames, o, event.args);
        event.retText = formatReturn(*info, event.rawArgs, event.ret, exitNames, o);
        decorateDepthReturn(*info, event.rawArgs, event.ret, exit, exitNames, o, event.retText);
    }
    event.decodeDeferred = false;
}

}  // namespace scratch::tracer
