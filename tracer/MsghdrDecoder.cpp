// Message headers as strace 6.1 prints them (msghdr.c: print_struct_msghdr, SYS_FUNC(recvmsg);
// mmsghdr.c: decode_mmsgvec). The layouts are the kernel's: on x86_64 struct msghdr is 56
// bytes (pointers and sizes of 8, namelen and flags of 4), on i386 seven 4-byte fields; an
// mmsghdr adds msg_len (and padding to 64 bytes on x86_64).
#include "tracer/MsghdrDecoder.h"

#include <fmt/format.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "tracer/CmsgDecoder.h"
#include "tracer/DecodeText.h"
#include "tracer/FlagNames.h"
#include "tracer/IovecDecoder.h"
#include "tracer/NetlinkDecoder.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/SocketProtocol.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

using A = ArgRole;

/// UIO_MAXIOV: the kernel takes no more iovecs or mmsghdrs in one call.
constexpr uint64_t kIovMax = 1024;
constexpr size_t kFamilySize = 2;

/// MSG_* (linux/socket.h), ascending, as strace names them.
constexpr FlagName kMsgFlags[] = {
    {0x1, "MSG_OOB"},
    {0x2, "MSG_PEEK"},
    {0x4, "MSG_DONTROUTE"},
    {0x8, "MSG_CTRUNC"},
    {0x10, "MSG_PROXY"},
    {0x20, "MSG_TRUNC"},
    {0x40, "MSG_DONTWAIT"},
    {0x80, "MSG_EOR"},
    {0x100, "MSG_WAITALL"},
    {0x200, "MSG_FIN"},
    {0x400, "MSG_SYN"},
    {0x800, "MSG_CONFIRM"},
    {0x1000, "MSG_RST"},
    {0x2000, "MSG_ERRQUEUE"},
    {0x4000, "MSG_NOSIGNAL"},
    {0x8000, "MSG_MORE"},
    {0x10000, "MSG_WAITFORONE"},
    {0x40000, "MSG_BATCH"},
    {0x4000000, "MSG_ZEROCOPY"},
    {0x20000000, "MSG_FASTOPEN"},
    {0x40000000, "MSG_CMSG_CLOEXEC"},
};

/// The fields of one struct msghdr, widened.
struct Header {
    uint64_t name = 0;
    uint32_t namelen = 0;
    uint64_t iov = 0;
    uint64_t iovlen = 0;
    uint64_t control = 0;
    uint64_t controllen = 0;
    uint32_t flags = 0;
};

bool failed(int64_t ret) { return ret < 0 && ret >= -4095; }

std::string addrText(uint64_t v) { return v == 0 ? std::string("NULL") : fmt::format("{:#x}", v); }

bool abi32(const DecodeOptions& opts) { return opts.arch == Arch::I386; }
size_t wordSize(const DecodeOptions& opts) { return abi32(opts) ? 4 : 8; }
size_t headerSize(const DecodeOptions& opts) { return abi32(opts) ? 28 : 56; }
size_t mmsgSize(const DecodeOptions& opts) { return abi32(opts) ? 32 : 64; }

uint64_t wordAt(std::string_view bytes, size_t offset, const DecodeOptions& opts) {
    return abi32(opts) ? field<uint32_t>(bytes, offset) : field<uint64_t>(bytes, offset);
}

Header parseHeader(std::string_view b, const DecodeOptions& opts) {
    const size_t w = wordSize(opts);
    Header h;
    h.name = wordAt(b, 0, opts);
    h.namelen = field<uint32_t>(b, w);
    h.iov = wordAt(b, 2 * w, opts);
    h.iovlen = wordAt(b, 3 * w, opts);
    h.control = wordAt(b, 4 * w, opts);
    h.controllen = wordAt(b, 5 * w, opts);
    h.flags = field<uint32_t>(b, 6 * w);
    return h;
}

bool readHeader(TraceeMemory& mem, uint64_t addr, const DecodeOptions& opts, Header& h) {
    thread_local std::string buf;
    buf.resize(headerSize(opts));
    if (addr == 0 || mem.read(addr, buf.data(), buf.size()) != buf.size()) return false;
    h = parseHeader(buf, opts);
    return true;
}

/// msg_iov=[{iov_base="...", iov_len=N}, ...]: the data as far as `dataLimit` bytes in all
/// (a receive's return; ~0 for a send), as readv/writev's (tracer/IovecDecoder.h).
void appendIovecs(std::string& out, TraceeMemory& mem, uint64_t iov, uint64_t count,
                  uint64_t dataLimit, const DecodeOptions& opts) {
    out += iovecText(mem, iov, count, dataLimit, opts);
}

/// One struct msghdr's fields in braces. `userNamelen`: the msg_namelen the caller gave, for a
/// receive (shown "128 => 16" when the kernel changed it); `dataLimit` as for appendIovecs.
/// `fd`: the socket, whose netlink protocol the iovecs of a message to or from a netlink
/// address are decoded by (strace: decode_msg_name's family picks IOV_DECODE_NETLINK).
void appendHeader(std::string& out, TraceeMemory& mem, const Header& h, const int32_t* userNamelen,
                  uint64_t dataLimit, int64_t fd, const FdNamer& fdName,
                  const DecodeOptions& opts) {
    const auto namelen = static_cast<int32_t>(h.namelen);
    const int32_t nameShown =
        userNamelen != nullptr && namelen > *userNamelen ? *userNamelen : namelen;
    out += "{msg_name=";
    thread_local std::string sa;
    bool netlink = false;
    if (h.name != 0 && nameShown >= static_cast<int32_t>(kFamilySize) &&
        readSockaddr(mem, h.name, static_cast<uint64_t>(nameShown), sa)) {
        appendSockaddr(out, sa);
        netlink = field<uint16_t>(sa, 0) == AF_NETLINK;
    } else {
        out += addrText(h.name);
    }
    out += ", msg_namelen=";
    if (userNamelen != nullptr && *userNamelen != namelen) {
        fmt::format_to(std::back_inserter(out), "{} => ", *userNamelen);
    }
    fmt::format_to(std::back_inserter(out), "{}, msg_iov=", namelen);
    if (netlink) {
        int protocol = kNetlinkUnknown;
        netlinkProtocolOf(fdName, fd, protocol);
        out += netlinkIovecText(mem, h.iov, h.iovlen, dataLimit, protocol, opts);
    } else {
        appendIovecs(out, mem, h.iov, h.iovlen, dataLimit, opts);
    }
    fmt::format_to(std::back_inserter(out), ", msg_iovlen={}", h.iovlen);
    if (h.controllen != 0) {
        out += ", msg_control=";
        thread_local std::string control;
        control.resize(static_cast<size_t>(std::min(h.controllen, kControlMax)));
        if (h.control == 0 ||
            mem.read(h.control, control.data(), control.size()) != control.size()) {
            control.clear();
        }
        const FdText fds = [&](int fd) { return fdText(fd, fdName, opts); };
        appendControlMessages(out, control, h.control, h.controllen, abi32(opts), fds);
    }
    fmt::format_to(std::back_inserter(out), ", msg_controllen={}, msg_flags=", h.controllen);
    appendMsgFlags(out, h.flags);
    out += '}';
}

/// [{msg_hdr={...}, msg_len=5}, ...]: `count` mmsghdrs at `addr`, msg_len shown for the first
/// `withLen`; `dataByLen`: each message's data shown as far as its msg_len (a receive).
std::string mmsgsText(TraceeMemory& mem, uint64_t addr, uint64_t count, uint64_t withLen,
                      bool dataByLen, int64_t fd, const FdNamer& fdName,
                      const DecodeOptions& opts) {
    if (addr == 0) return "NULL";
    const uint64_t cap = std::min<uint64_t>(opts.maxString, kIovMax);
    const uint64_t shown = std::min(count, cap);
    const size_t size = mmsgSize(opts);
    thread_local std::string elem;
    elem.resize(size);
    std::string out = "[";
    for (uint64_t k = 0; k < shown; ++k) {
        const uint64_t at = addr + k * size;
        if (mem.read(at, elem.data(), size) != size) {
            if (k == 0) return addrText(addr);
            out += ", " + addrText(at) + "]";
            return out;
        }
        const Header h = parseHeader(elem, opts);
        const auto len = field<uint32_t>(elem, headerSize(opts));
        if (k != 0) out += ", ";
        out += "{msg_hdr=";
        appendHeader(out, mem, h, nullptr, dataByLen ? len : ~0ULL, fd, fdName, opts);
        if (k < withLen) fmt::format_to(std::back_inserter(out), ", msg_len={}", len);
        out += '}';
    }
    if (count > shown) out += ", ...";
    out += ']';
    return out;
}

/// The socket: the first argument of every message-header call.
int64_t socketFd(const uint64_t args[6], const DecodeOptions&) {
    return static_cast<int32_t>(args[0] & 0xffffffffU);
}

/// "{msg_namelen=128}" (recvmsg's entry) -> 128; false when the entry showed an address.
bool parseEntryNamelen(std::string_view text, int32_t& namelen) {
    constexpr std::string_view kPrefix = "{msg_namelen=";
    if (!text.starts_with(kPrefix) || !text.ends_with('}')) return false;
    const std::string_view digits = text.substr(kPrefix.size(), text.size() - kPrefix.size() - 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), namelen);
    return ec == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

void appendMsgFlags(std::string& out, uint64_t flags) {
    appendFlags(out, flags & 0xffffffffU, kMsgFlags, {}, "MSG_???");
}

bool isMsghdrRole(ArgRole role) {
    return role == A::MsgHdr || role == A::MsgHdrOut || role == A::MmsgHdrIn ||
           role == A::MmsgHdrOut;
}

bool hasMsghdrArgs(const SyscallInfo& info) {
    for (size_t i = 0; i < info.nargs && i < 6; ++i) {
        if (isMsghdrRole(info.args[i])) return true;
    }
    return false;
}

void decodeMsghdrArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                     const FdNamer& fdName, const DecodeOptions& opts, std::string& out) {
    const uint64_t p = args[i];
    const uint64_t next = i + 1 < 6 ? args[i + 1] : 0;
    out.clear();
    Header h;
    switch (info.args[i]) {
        case A::MsgHdr:  // sendmsg: all of it, the data in full
            if (readHeader(mem, p, opts, h)) {
                appendHeader(out, mem, h, nullptr, ~0ULL, socketFd(args, opts), fdName, opts);
            } else {
                out = addrText(p);
            }
            return;
        case A::MsgHdrOut:  // recvmsg: the length the kernel may change, until the exit
            if (readHeader(mem, p, opts, h)) {
                fmt::format_to(std::back_inserter(out), "{{msg_namelen={}}}",
                               static_cast<int32_t>(h.namelen));
            } else {
                out = addrText(p);
            }
            return;
        case A::MmsgHdrIn:
            out =
                mmsgsText(mem, p, next & 0xffffffffU, 0, false, socketFd(args, opts), fdName, opts);
            return;
        default:  // MmsgHdrOut: filled by the kernel
            out = addrText(p);
            return;
    }
}

void decodeMsghdrExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                      TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                      std::vector<std::string>& out) {
    if (failed(ret)) return;  // strace keeps what the entry showed
    for (size_t i = 0; i < info.nargs && i < 6 && i < out.size(); ++i) {
        const uint64_t p = args[i];
        switch (info.args[i]) {
            case A::MsgHdrOut: {
                int32_t userNamelen = 0;
                Header h;
                if (!parseEntryNamelen(out[i], userNamelen) || !readHeader(mem, p, opts, h)) break;
                out[i].clear();
                appendHeader(out[i], mem, h, &userNamelen, static_cast<uint64_t>(ret),
                             socketFd(args, opts), fdName, opts);
                break;
            }
            case A::MmsgHdrIn: {
                const uint64_t count = i + 1 < 6 ? args[i + 1] & 0xffffffffU : 0;
                out[i] = mmsgsText(mem, p, count, static_cast<uint64_t>(ret), false,
                                   socketFd(args, opts), fdName, opts);
                break;
            }
            case A::MmsgHdrOut:
                out[i] = mmsgsText(mem, p, static_cast<uint64_t>(ret), static_cast<uint64_t>(ret),
                                   true, socketFd(args, opts), fdName, opts);
                break;
            default:
                break;
        }
    }
}

void decorateMsghdrReturn(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                          TraceeMemory& mem, const DecodeOptions& opts, std::string& retText) {
    if (failed(ret)) return;
    size_t vec = 6;
    size_t timeout = 6;
    for (size_t i = 0; i < info.nargs && i < 6; ++i) {
        if (info.args[i] == A::MmsgHdrOut) vec = i;
        if (info.args[i] == A::TimespecIn) timeout = i;
    }
    if (vec == 6) return;
    if (ret == 0) {
        retText += " (Timeout)";
        return;
    }
    // The x86_64 timespec (i386's recvmmsg has 4-byte fields: left out there).
    int64_t left[2] = {0, 0};
    if (timeout == 6 || args[timeout] == 0 || abi32(opts) ||
        mem.read(args[timeout], left, sizeof left) != sizeof left) {
        return;
    }
    fmt::format_to(std::back_inserter(retText), " (left {{tv_sec={}, tv_nsec={}}})", left[0],
                   left[1]);
}

}  // namespace scratch::tracer
