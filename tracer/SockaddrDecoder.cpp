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
#include "tracer/MsghdrDecoder.h"
#include "tracer/SockaddrLinkLayer.h"
#include "tracer/StructField.h"

namespace scratch::tracer {

namespace {

constexpr uint16_t kAfUnix = 1;
constexpr uint16_t kAfInet = 2;
constexpr uint16_t kAfInet6 = 10;
constexpr uint16_t kAfNetlink = 16;
constexpr uint16_t kAfPacket = 17;
constexpr size_t kFamilySize = 2;
constexpr size_t kSockaddrInSize = 16;
constexpr size_t kSockaddrIn6Size = 28;
constexpr size_t kSockaddrNlSize = 12;

uint16_t family(std::string_view bytes) {
    uint16_t fam = 0;
    std::memcpy(&fam, bytes.data(), sizeof fam);
    return fam;
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
        if (const auto pad = field<uint16_t>(bytes, 2); pad != 0) {
            fmt::format_to(std::back_inserter(out), ", nl_pad={:#x}", pad);
        }
        // nl_groups as C's "%#08x": 00000000, 0x000011.
        const auto groups = field<uint32_t>(bytes, 8);
        fmt::format_to(std::back_inserter(out), ", nl_pid={}, nl_groups={}",
                       field<int32_t>(bytes, 4),
                       groups == 0 ? std::string("00000000") : fmt::format("{:#08x}", groups));
    } else if (fam == kAfPacket && bytes.size() >= kSockaddrLlMin) {
        appendSockaddrLl(out, bytes);  // tracer/SockaddrLinkLayer.h
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
    (void)opts;  // the same on every ABI: sockaddrs have no pointer-sized fields
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
        case ArgRole::MsgFlags:
            appendMsgFlags(out, v);  // tracer/MsghdrDecoder.h
            return true;
        case ArgRole::ShutdownHow: {
            static constexpr FlagName kShutdownModes[] = {
                {0, "SHUT_RD"}, {1, "SHUT_WR"}, {2, "SHUT_RDWR"}};
            appendEnum(out, v & 0xffffffffU, kShutdownModes, "SHUT_???");
            return true;
        }
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
