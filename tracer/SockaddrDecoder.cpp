// Socket addresses as strace 6.1 prints them (its sockaddr.c and msghdr.c are the reference):
// the family first, then the family's own fields in the order of the struct, ports and
// addresses in the network-order helpers a C programmer would write.
#include "tracer/SockaddrDecoder.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "tracer/DecodeText.h"
#include "tracer/FlagNames.h"
#include "tracer/IovecDecoder.h"

namespace scratch::tracer {

namespace {

constexpr uint16_t kAfUnix = 1;
constexpr uint16_t kAfInet = 2;
constexpr uint16_t kAfInet6 = 10;
constexpr uint16_t kAfNetlink = 16;
constexpr size_t kFamilySize = 2;
constexpr size_t kSockaddrInSize = 16;
constexpr size_t kSockaddrIn6Size = 28;
constexpr size_t kSockaddrNlSize = 12;

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

uint16_t family(std::string_view bytes) {
    uint16_t fam = 0;
    std::memcpy(&fam, bytes.data(), sizeof fam);
    return fam;
}

template <typename T>
T field(std::string_view bytes, size_t offset) {
    T value{};
    std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

/// Quoted as strace quotes strings (-x / -xx respected).
void appendQuotedBytes(std::string& out, std::string_view bytes) {
    appendQuoted(out, bytes, false);
}

void appendAddress(std::string& out, uint64_t addr) {
    if (addr == 0) {
        out += "NULL";
    } else {
        fmt::format_to(std::back_inserter(out), "{:#x}", addr);
    }
}

std::string inet4Text(std::string_view bytes, size_t offset) {
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, bytes.data() + offset, text, sizeof text);
    return text;
}

std::string inet6Text(std::string_view bytes, size_t offset) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, bytes.data() + offset, text, sizeof text);
    return text;
}

/// "[110]" as shown at entry -> 110; false when the text is not of that shape.
bool parseBracketed(std::string_view text, uint32_t& value) {
    if (text.size() < 3 || text.front() != '[' || text.back() != ']') return false;
    const std::string_view digits = text.substr(1, text.size() - 2);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return ec == std::errc() && end == digits.data() + digits.size();
}

bool readU32(TraceeMemory& mem, uint64_t addr, uint32_t& value) {
    return addr != 0 && mem.read(addr, &value, sizeof value) == sizeof value;
}

/// A pointer-sized field of a tracee struct (4 bytes on i386, 8 on x86_64).
uint64_t wordAt(std::string_view bytes, size_t offset, bool is32) {
    return is32 ? field<uint32_t>(bytes, offset) : field<uint64_t>(bytes, offset);
}

/// msg_iov=[{iov_base="...", iov_len=N}, ...]: each buffer up to -s bytes, as readv/writev's
/// (tracer/IovecDecoder.h).
void appendIovecs(std::string& out, TraceeMemory& mem, uint64_t iov, uint64_t count,
                  const DecodeOptions& opts) {
    if (iov == 0 || count == 0) {
        appendAddress(out, iov);
        return;
    }
    out += iovecText(mem, iov, count, ~0ULL, opts);
}

/// {msg_name=..., msg_namelen=N, msg_iov=[...], msg_iovlen=N, msg_controllen=N, msg_flags=0}
void appendMsghdr(std::string& out, TraceeMemory& mem, uint64_t addr, const DecodeOptions& opts) {
    const bool is32 = opts.arch == Arch::I386;
    // struct msghdr: name, namelen, iov, iovlen, control, controllen, flags (x86_64: 56 bytes
    // with padding after namelen; i386: seven 4-byte fields).
    const size_t size = is32 ? 28 : 56;
    std::string hdr(size, '\0');
    if (addr == 0 || mem.read(addr, hdr.data(), size) != size) {
        appendAddress(out, addr);
        return;
    }
    const size_t word = is32 ? 4 : 8;
    const uint64_t name = wordAt(hdr, 0, is32);
    const uint32_t namelen = field<uint32_t>(hdr, word);
    const uint64_t iov = wordAt(hdr, 2 * word, is32);
    const uint64_t iovlen = wordAt(hdr, 3 * word, is32);
    const uint64_t control = wordAt(hdr, 4 * word, is32);
    const uint64_t controllen = wordAt(hdr, 5 * word, is32);
    const uint32_t flags = field<uint32_t>(hdr, 6 * word);
    out += "{msg_name=";
    std::string sa;
    if (name != 0 && namelen >= kFamilySize && readSockaddr(mem, name, namelen, sa)) {
        appendSockaddr(out, sa);
    } else {
        appendAddress(out, name);
    }
    fmt::format_to(std::back_inserter(out), ", msg_namelen={}, msg_iov=", namelen);
    appendIovecs(out, mem, iov, iovlen, opts);
    fmt::format_to(std::back_inserter(out), ", msg_iovlen={}", iovlen);
    if (controllen != 0) {
        out += ", msg_control=";
        appendAddress(out, control);
    }
    fmt::format_to(std::back_inserter(out), ", msg_controllen={}, msg_flags=", controllen);
    appendFlags(out, flags, kMsgFlags, {}, "MSG_???");
    out += '}';
}

}  // namespace

void appendSockaddr(std::string& out, std::string_view bytes) {
    if (bytes.size() < kFamilySize) {
        out += "{}";
        return;
    }
    const uint16_t fam = family(bytes);
    out += "{sa_family=";
    appendEnum(out, fam, familyNames(), "AF_???");
    const std::string_view data = bytes.substr(kFamilySize);
    if (fam == kAfUnix) {
        if (!data.empty()) {
            out += ", sun_path=";
            if (data.front() == '\0') {
                out += '@';
                appendQuotedBytes(out, data.substr(1));
            } else {
                appendQuotedBytes(out, data.substr(0, std::min(data.find('\0'), data.size())));
            }
        }
    } else if (fam == kAfInet && bytes.size() >= kSockaddrInSize) {
        fmt::format_to(std::back_inserter(out), ", sin_port=htons({}), sin_addr=inet_addr(\"{}\")",
                       ntohs(field<uint16_t>(bytes, 2)), inet4Text(bytes, 4));
    } else if (fam == kAfInet6 && bytes.size() >= kSockaddrIn6Size) {
        fmt::format_to(std::back_inserter(out),
                       ", sin6_port=htons({}), sin6_flowinfo=htonl({}), inet_pton(AF_INET6, "
                       "\"{}\", &sin6_addr), sin6_scope_id={}",
                       ntohs(field<uint16_t>(bytes, 2)), ntohl(field<uint32_t>(bytes, 4)),
                       inet6Text(bytes, 8), field<uint32_t>(bytes, 24));
    } else if (fam == kAfNetlink && bytes.size() >= kSockaddrNlSize) {
        fmt::format_to(std::back_inserter(out), ", nl_pid={}, nl_groups={:08x}",
                       field<uint32_t>(bytes, 4), field<uint32_t>(bytes, 8));
    } else if (!data.empty()) {
        out += ", sa_data=";
        appendQuotedBytes(out, data);
    }
    out += '}';
}

UnixAddrKind unixAddress(std::string_view bytes, std::string& name) {
    name.clear();
    if (bytes.size() < kFamilySize || family(bytes) != kAfUnix) return UnixAddrKind::NotUnix;
    const std::string_view data = bytes.substr(kFamilySize);
    if (data.empty()) return UnixAddrKind::Unnamed;
    if (data.front() == '\0') {
        name.assign(data.substr(1));
        return UnixAddrKind::Abstract;
    }
    name.assign(data.substr(0, std::min(data.find('\0'), data.size())));
    return UnixAddrKind::Path;
}

std::string addressText(std::string_view bytes) {
    if (bytes.size() < kFamilySize) return {};
    std::string name;
    switch (unixAddress(bytes, name)) {
        case UnixAddrKind::Path:
            return name;
        case UnixAddrKind::Abstract:
            return "@" + name;
        case UnixAddrKind::Unnamed:
            return {};
        case UnixAddrKind::NotUnix:
            break;
    }
    const uint16_t fam = family(bytes);
    if (fam == kAfInet && bytes.size() >= kSockaddrInSize) {
        return fmt::format("{}:{}", inet4Text(bytes, 4), ntohs(field<uint16_t>(bytes, 2)));
    }
    if (fam == kAfInet6 && bytes.size() >= kSockaddrIn6Size) {
        return fmt::format("[{}]:{}", inet6Text(bytes, 8), ntohs(field<uint16_t>(bytes, 2)));
    }
    if (fam == kAfNetlink && bytes.size() >= kSockaddrNlSize) {
        return fmt::format("netlink pid {}", field<uint32_t>(bytes, 4));
    }
    return {};
}

bool readSockaddr(TraceeMemory& mem, uint64_t addr, uint64_t len, std::string& buf) {
    buf.clear();
    if (addr == 0 || len == 0) return false;
    buf.resize(static_cast<size_t>(std::min<uint64_t>(len, kSockaddrMax)));
    const size_t got = mem.read(addr, buf.data(), buf.size());
    if (got != buf.size()) {
        buf.clear();
        return false;
    }
    return true;
}

bool hasSocketArgs(const SyscallInfo& info) {
    for (int i = 0; i < info.nargs && i < 6; ++i) {
        switch (info.args[i]) {
            case ArgRole::SockaddrIn:
            case ArgRole::SockaddrOut:
            case ArgRole::SocklenPtr:
            case ArgRole::MsgHdr:
            case ArgRole::MsgFlags:
                return true;
            default:
                break;
        }
    }
    return false;
}

bool decodeSocketArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                     const DecodeOptions& opts, std::string& out) {
    const uint64_t v = args[i];
    out.clear();
    switch (info.args[i]) {
        case ArgRole::SockaddrIn: {
            // The length is the next argument (connect, bind, sendto); 32 bits wide.
            const uint64_t len = i + 1 < 6 ? (args[i + 1] & 0xffffffffU) : 0;
            thread_local std::string sa;
            if (len >= kFamilySize && readSockaddr(mem, v, len, sa)) {
                appendSockaddr(out, sa);
            } else {
                appendAddress(out, v);
            }
            return true;
        }
        case ArgRole::SockaddrOut:
            appendAddress(out, v);  // filled by decodeSocketExit
            return true;
        case ArgRole::SocklenPtr: {
            uint32_t len = 0;
            if (readU32(mem, v, len)) {
                fmt::format_to(std::back_inserter(out), "[{}]", len);
            } else {
                appendAddress(out, v);
            }
            return true;
        }
        case ArgRole::MsgHdr:
            appendMsghdr(out, mem, v, opts);
            return true;
        case ArgRole::MsgFlags:
            appendFlags(out, v & 0xffffffffU, kMsgFlags, {}, "MSG_???");
            return true;
        default:
            return false;
    }
}

void decodeSocketExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                      TraceeMemory& mem, const DecodeOptions& opts, std::vector<std::string>& out) {
    (void)opts;
    if (ret < 0 && ret >= -4095) return;  // strace leaves the address and the entry length
    for (size_t i = 0; i + 1 < info.nargs && i + 1 < out.size(); ++i) {
        if (info.args[i] != ArgRole::SockaddrOut || info.args[i + 1] != ArgRole::SocklenPtr) {
            continue;
        }
        uint32_t after = 0;
        if (args[i] == 0 || !readU32(mem, args[i + 1], after)) continue;
        uint32_t before = after;
        const bool known = parseBracketed(out[i + 1], before);
        out[i + 1].clear();
        if (known && before != after) {
            fmt::format_to(std::back_inserter(out[i + 1]), "[{} => {}]", before, after);
        } else {
            fmt::format_to(std::back_inserter(out[i + 1]), "[{}]", after);
        }
        // The kernel wrote min(entry length, address length) bytes.
        thread_local std::string sa;
        if (after < kFamilySize || !readSockaddr(mem, args[i], after, sa)) continue;
        if (known && before < sa.size()) sa.resize(before);
        if (sa.size() < kFamilySize) continue;
        out[i].clear();
        appendSockaddr(out[i], sa);
    }
}

}  // namespace scratch::tracer
