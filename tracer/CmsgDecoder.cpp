// Control messages as strace 6.1 prints them (its msghdr.c: decode_msg_control and the
// per-level printers). The walk follows the kernel's CMSG_NXTHDR: each header's cmsg_len
// rounded up to the word, the last one cut to what was read.
#include "tracer/CmsgDecoder.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "tracer/ArgDecoder.h"
#include "tracer/FlagNames.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/SockaddrLinkLayer.h"
#include "tracer/StructDecodersTime.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

constexpr int32_t kSolSocket = 1;
constexpr int32_t kSolIp = 0;

/// socketlayers (SOL_*), as strace names cmsg_level and setsockopt's level.
constexpr FlagName kLevels[] = {
    {0, "SOL_IP"},        {1, "SOL_SOCKET"},  {6, "SOL_TCP"},        {17, "SOL_UDP"},
    {41, "SOL_IPV6"},     {58, "SOL_ICMPV6"}, {132, "SOL_SCTP"},     {136, "SOL_UDPLITE"},
    {255, "SOL_RAW"},     {256, "SOL_IPX"},   {257, "SOL_AX25"},     {258, "SOL_ATALK"},
    {259, "SOL_NETROM"},  {260, "SOL_ROSE"},  {261, "SOL_DECNET"},   {262, "SOL_X25"},
    {263, "SOL_PACKET"},  {264, "SOL_ATM"},   {265, "SOL_AAL"},      {266, "SOL_IRDA"},
    {267, "SOL_NETBEUI"}, {268, "SOL_LLC"},   {269, "SOL_DCCP"},     {270, "SOL_NETLINK"},
    {271, "SOL_TIPC"},    {272, "SOL_RXRPC"}, {273, "SOL_PPPOL2TP"}, {274, "SOL_BLUETOOTH"},
    {275, "SOL_PNPIPE"},  {276, "SOL_RDS"},   {277, "SOL_IUCV"},     {278, "SOL_CAIF"},
    {279, "SOL_ALG"},     {280, "SOL_NFC"},   {281, "SOL_KCM"},      {282, "SOL_TLS"},
    {283, "SOL_XDP"},     {284, "SOL_MPTCP"}, {285, "SOL_MCTP"},     {286, "SOL_SMC"},
};

/// scmvals: the cmsg_type of SOL_SOCKET messages.
constexpr FlagName kScmTypes[] = {
    {1, "SCM_RIGHTS"},
    {2, "SCM_CREDENTIALS"},
    {3, "SCM_SECURITY"},
    {29, "SO_TIMESTAMP_OLD"},
    {35, "SO_TIMESTAMPNS_OLD"},
    {37, "SO_TIMESTAMPING_OLD"},
    {41, "SO_WIFI_STATUS"},
    {0x36, "SCM_TIMESTAMPING_OPT_STATS"},
    {0x3a, "SCM_TIMESTAMPING_PKTINFO"},
    {61, "SO_TXTIME"},
    {63, "SO_TIMESTAMP_NEW"},
    {64, "SO_TIMESTAMPNS_NEW"},
    {65, "SO_TIMESTAMPING_NEW"},
};

/// ip_cmsg_types: the cmsg_type of SOL_IP messages.
constexpr FlagName kIpCmsgTypes[] = {
    {1, "IP_TOS"},       {2, "IP_TTL"},       {3, "SCM_SECURITY"}, {6, "IP_RECVOPTS"},
    {7, "IP_RETOPTS"},   {8, "IP_PKTINFO"},   {11, "IP_RECVERR"},  {20, "IP_ORIGDSTADDR"},
    {23, "IP_CHECKSUM"}, {52, "IP_PROTOCOL"},
};

std::string timespecAt(std::string_view b, size_t offset) {
    return fmt::format("{{tv_sec={}, tv_nsec={}}}", field<int64_t>(b, offset),
                       field<int64_t>(b, offset + 8));
}

/// cmsg_data of a SOL_SOCKET message, or false when strace shows none.
bool socketData(std::string& out, int32_t type, std::string_view d, const FdText& fds) {
    switch (type) {
        case 1: {  // SCM_RIGHTS
            if (d.size() < 4) return false;
            out += '[';
            for (size_t k = 0; k + 4 <= d.size(); k += 4) {
                if (k != 0) out += ", ";
                const int fd = field<int32_t>(d, k);
                out += fds ? fds(fd) : std::to_string(fd);
            }
            out += ']';
            return true;
        }
        case 2:  // SCM_CREDENTIALS
            if (d.size() < 12) return false;
            fmt::format_to(std::back_inserter(out), "{{pid={}, uid={}, gid={}}}",
                           field<int32_t>(d, 0), static_cast<int32_t>(field<uint32_t>(d, 4)),
                           static_cast<int32_t>(field<uint32_t>(d, 8)));
            return true;
        case 3:  // SCM_SECURITY
            if (d.empty()) return false;
            out += '"' + escapeString(d) + '"';
            return true;
        case 29:  // SO_TIMESTAMP_OLD
        case 63:  // SO_TIMESTAMP_NEW
            if (d.empty()) return false;
            out += d.size() < kTimevalSize ? std::string("???") : timevalText(d);
            return true;
        case 35:  // SO_TIMESTAMPNS_OLD
        case 64:  // SO_TIMESTAMPNS_NEW
            if (d.empty()) return false;
            out += d.size() < 16 ? std::string("???") : timespecAt(d, 0);
            return true;
        case 37:  // SO_TIMESTAMPING_OLD
        case 65:  // SO_TIMESTAMPING_NEW
            if (d.empty()) return false;
            if (d.size() < 48) {
                out += "???";
                return true;
            }
            out +=
                '[' + timespecAt(d, 0) + ", " + timespecAt(d, 16) + ", " + timespecAt(d, 32) + ']';
            return true;
        default:
            return false;
    }
}

/// [0x1, 0x2]: bytes as strace's print_xint8_array_member shows them.
void appendByteArray(std::string& out, std::string_view d) {
    out += '[';
    for (size_t k = 0; k < d.size(); ++k) {
        if (k != 0) out += ", ";
        const auto byte = static_cast<uint8_t>(d[k]);
        out += byte == 0 ? std::string("0") : fmt::format("{:#x}", byte);  // C's %#x
    }
    out += ']';
}

/// cmsg_data of a SOL_IP message, or false when strace shows none.
bool ipData(std::string& out, int32_t type, std::string_view d) {
    switch (type) {
        case 2:   // IP_TTL
        case 23:  // IP_CHECKSUM
            if (d.size() < 4) return false;
            out += '[';
            for (size_t k = 0; k + 4 <= d.size(); k += 4) {
                if (k != 0) out += ", ";
                out += std::to_string(field<uint32_t>(d, k));
            }
            out += ']';
            return true;
        case 1:  // IP_TOS
        case 6:  // IP_RECVOPTS
        case 7:  // IP_RETOPTS
            if (d.empty()) return false;
            appendByteArray(out, d);
            return true;
        case 8: {  // IP_PKTINFO: {ipi_ifindex, ipi_spec_dst, ipi_addr}
            if (d.size() < 12) return false;
            char spec[INET_ADDRSTRLEN] = {};
            char addr[INET_ADDRSTRLEN] = {};
            inet_ntop(AF_INET, d.data() + 4, spec, sizeof spec);
            inet_ntop(AF_INET, d.data() + 8, addr, sizeof addr);
            fmt::format_to(std::back_inserter(out),
                           "{{ipi_ifindex={}, ipi_spec_dst=inet_addr(\"{}\"), "
                           "ipi_addr=inet_addr(\"{}\")}}",
                           ifindexText(field<int32_t>(d, 0)), spec, addr);
            return true;
        }
        case 20:  // IP_ORIGDSTADDR
            if (d.size() < 16) return false;
            appendSockaddr(out, d.substr(0, std::min<size_t>(d.size(), kSockaddrMax)));
            return true;
        case 3:  // SCM_SECURITY
            if (d.empty()) return false;
            out += '"' + escapeString(d) + '"';
            return true;
        default:
            return false;
    }
}

}  // namespace

std::span<const FlagName> socketLevelNames() { return kLevels; }

void appendSocketLevel(std::string& out, uint64_t level) {
    appendEnum(out, level & 0xffffffffU, kLevels, "SOL_???");
}

void appendControlMessages(std::string& out, std::string_view control, uint64_t addr,
                           uint64_t controlLen, bool is32, const FdText& fds) {
    const size_t word = is32 ? 4 : 8;
    const size_t hdrSize = is32 ? 12 : 16;  // cmsg_len (a word), cmsg_level, cmsg_type
    if (control.size() < hdrSize) {
        out += addr == 0 ? std::string("NULL") : fmt::format("{:#x}", addr);
        return;
    }
    size_t pos = 0;
    size_t left = control.size();
    out += '[';
    while (left >= hdrSize) {
        const std::string_view c = control.substr(pos);
        const uint64_t len = is32 ? field<uint32_t>(c, 0) : field<uint64_t>(c, 0);
        const int32_t level = field<int32_t>(c, word);
        const int32_t type = field<int32_t>(c, word + 4);
        if (pos != 0) out += ", ";
        fmt::format_to(std::back_inserter(out), "{{cmsg_len={}, cmsg_level=", len);
        appendSocketLevel(out, static_cast<uint32_t>(level));
        out += ", cmsg_type=";
        const uint64_t cut = std::min<uint64_t>(len, left);
        const std::string_view data =
            c.substr(hdrSize, cut > hdrSize ? static_cast<size_t>(cut) - hdrSize : 0);
        std::string shown;
        bool hasData = false;
        if (level == kSolSocket) {
            appendEnum(out, static_cast<uint32_t>(type), kScmTypes, "SCM_???");
            hasData = socketData(shown, type, data, fds);
        } else if (level == kSolIp) {
            appendEnum(out, static_cast<uint32_t>(type), kIpCmsgTypes, "IP_???");
            hasData = ipData(shown, type, data);
        } else {
            fmt::format_to(std::back_inserter(out), "{:#x}", static_cast<uint32_t>(type));
        }
        if (hasData) out += ", cmsg_data=" + shown;
        out += '}';
        if (cut < hdrSize) {
            left -= hdrSize;
            break;
        }
        const uint64_t step = (len + word - 1) & ~static_cast<uint64_t>(word - 1);
        if (step >= left) {
            left = 0;
            break;
        }
        pos += static_cast<size_t>(step);
        left -= static_cast<size_t>(step);
    }
    if (left != 0) {
        fmt::format_to(std::back_inserter(out), ", ... /* {:#x} */",
                       addr + (control.size() - left));
    } else if (control.size() < controlLen) {
        out += ", ...";
    }
    out += ']';
}

}  // namespace scratch::tracer
