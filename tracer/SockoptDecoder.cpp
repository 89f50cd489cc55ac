#include "tracer/SockoptDecoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "tracer/CmsgDecoder.h"
#include "tracer/DecodeText.h"
#include "tracer/FlagNames.h"
#include "tracer/SockoptMulticast.h"
#include "tracer/SockoptNames.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

constexpr uint64_t kAfUnix = 1;
constexpr uint64_t kAfInet = 2;
constexpr uint64_t kAfInet6 = 10;
constexpr uint64_t kAfNetlink = 16;
constexpr uint64_t kSolSocket = 1;
constexpr uint64_t kSolTcp = 6;
constexpr uint64_t kSoError = 4;
constexpr uint64_t kSoLinger = 13;
constexpr uint64_t kSoPeercred = 17;

constexpr FlagName kIpProtocols[] = {
    {0, "IPPROTO_IP"},      {1, "IPPROTO_ICMP"},       {2, "IPPROTO_IGMP"},
    {4, "IPPROTO_IPIP"},    {6, "IPPROTO_TCP"},        {8, "IPPROTO_EGP"},
    {12, "IPPROTO_PUP"},    {17, "IPPROTO_UDP"},       {22, "IPPROTO_IDP"},
    {29, "IPPROTO_TP"},     {33, "IPPROTO_DCCP"},      {41, "IPPROTO_IPV6"},
    {46, "IPPROTO_RSVP"},   {47, "IPPROTO_GRE"},       {50, "IPPROTO_ESP"},
    {51, "IPPROTO_AH"},     {58, "IPPROTO_ICMPV6"},    {92, "IPPROTO_MTP"},
    {94, "IPPROTO_BEETPH"}, {98, "IPPROTO_ENCAP"},     {103, "IPPROTO_PIM"},
    {108, "IPPROTO_COMP"},  {132, "IPPROTO_SCTP"},     {136, "IPPROTO_UDPLITE"},
    {137, "IPPROTO_MPLS"},  {143, "IPPROTO_ETHERNET"}, {255, "IPPROTO_RAW"},
    {262, "IPPROTO_MPTCP"},
};

constexpr FlagName kNetlinkProtocols[] = {
    {0, "NETLINK_ROUTE"},       {1, "NETLINK_UNUSED"},
    {2, "NETLINK_USERSOCK"},    {3, "NETLINK_FIREWALL"},
    {4, "NETLINK_SOCK_DIAG"},   {5, "NETLINK_NFLOG"},
    {6, "NETLINK_XFRM"},        {7, "NETLINK_SELINUX"},
    {8, "NETLINK_ISCSI"},       {9, "NETLINK_AUDIT"},
    {10, "NETLINK_FIB_LOOKUP"}, {11, "NETLINK_CONNECTOR"},
    {12, "NETLINK_NETFILTER"},  {13, "NETLINK_IP6_FW"},
    {14, "NETLINK_DNRTMSG"},    {15, "NETLINK_KOBJECT_UEVENT"},
    {16, "NETLINK_GENERIC"},    {18, "NETLINK_SCSITRANSPORT"},
    {19, "NETLINK_ECRYPTFS"},   {20, "NETLINK_RDMA"},
    {21, "NETLINK_CRYPTO"},     {22, "NETLINK_SMC"},
};

constexpr FlagName kSocketOptions[] = {
    {1, "SO_DEBUG"},
    {2, "SO_REUSEADDR"},
    {3, "SO_TYPE"},
    {4, "SO_ERROR"},
    {5, "SO_DONTROUTE"},
    {6, "SO_BROADCAST"},
    {7, "SO_SNDBUF"},
    {8, "SO_RCVBUF"},
    {9, "SO_KEEPALIVE"},
    {10, "SO_OOBINLINE"},
    {11, "SO_NO_CHECK"},
    {12, "SO_PRIORITY"},
    {13, "SO_LINGER"},
    {14, "SO_BSDCOMPAT"},
    {15, "SO_REUSEPORT"},
    {16, "SO_PASSCRED"},
    {17, "SO_PEERCRED"},
    {18, "SO_RCVLOWAT"},
    {19, "SO_SNDLOWAT"},
    {20, "SO_RCVTIMEO_OLD"},
    {21, "SO_SNDTIMEO_OLD"},
    {22, "SO_SECURITY_AUTHENTICATION"},
    {23, "SO_SECURITY_ENCRYPTION_TRANSPORT"},
    {24, "SO_SECURITY_ENCRYPTION_NETWORK"},
    {25, "SO_BINDTODEVICE"},
    {26, "SO_ATTACH_FILTER"},
    {27, "SO_DETACH_FILTER"},
    {28, "SO_PEERNAME"},
    {29, "SO_TIMESTAMP_OLD"},
    {30, "SO_ACCEPTCONN"},
    {31, "SO_PEERSEC"},
    {32, "SO_SNDBUFFORCE"},
    {33, "SO_RCVBUFFORCE"},
    {34, "SO_PASSSEC"},
    {35, "SO_TIMESTAMPNS_OLD"},
    {36, "SO_MARK"},
    {37, "SO_TIMESTAMPING_OLD"},
    {38, "SO_PROTOCOL"},
    {39, "SO_DOMAIN"},
    {40, "SO_RXQ_OVFL"},
    {41, "SO_WIFI_STATUS"},
    {42, "SO_PEEK_OFF"},
    {43, "SO_NOFCS"},
    {44, "SO_LOCK_FILTER"},
    {45, "SO_SELECT_ERR_QUEUE"},
    {46, "SO_BUSY_POLL"},
    {47, "SO_MAX_PACING_RATE"},
    {48, "SO_BPF_EXTENSIONS"},
    {49, "SO_INCOMING_CPU"},
    {50, "SO_ATTACH_BPF"},
    {51, "SO_ATTACH_REUSEPORT_CBPF"},
    {52, "SO_ATTACH_REUSEPORT_EBPF"},
    {53, "SO_CNX_ADVICE"},
    {55, "SO_MEMINFO"},
    {56, "SO_INCOMING_NAPI_ID"},
    {57, "SO_COOKIE"},
    {59, "SO_PEERGROUPS"},
    {60, "SO_ZEROCOPY"},
    {61, "SO_TXTIME"},
    {62, "SO_BINDTOIFINDEX"},
    {63, "SO_TIMESTAMP_NEW"},
    {64, "SO_TIMESTAMPNS_NEW"},
    {65, "SO_TIMESTAMPING_NEW"},
    {66, "SO_RCVTIMEO_NEW"},
    {67, "SO_SNDTIMEO_NEW"},
    {68, "SO_DETACH_REUSEPORT_BPF"},
    {69, "SO_PREFER_BUSY_POLL"},
    {70, "SO_BUSY_POLL_BUDGET"},
    {71, "SO_NETNS_COOKIE"},
    {72, "SO_BUF_LOCK"},
    {73, "SO_RESERVE_MEM"},
    {74, "SO_TXREHASH"},
    {75, "SO_RCVMARK"},
};

constexpr FlagName kTcpOptions[] = {
    {1, "TCP_NODELAY"},
    {2, "TCP_MAXSEG"},
    {3, "TCP_CORK"},
    {4, "TCP_KEEPIDLE"},
    {5, "TCP_KEEPINTVL"},
    {6, "TCP_KEEPCNT"},
    {7, "TCP_SYNCNT"},
    {8, "TCP_LINGER2"},
    {9, "TCP_DEFER_ACCEPT"},
    {10, "TCP_WINDOW_CLAMP"},
    {11, "TCP_INFO"},
    {12, "TCP_QUICKACK"},
    {13, "TCP_CONGESTION"},
    {14, "TCP_MD5SIG"},
    {18, "TCP_USER_TIMEOUT"},
    {23, "TCP_FASTOPEN"},
    {30, "TCP_FASTOPEN_CONNECT"},
};

}  // namespace

std::string sockProtocolText(uint64_t family, uint64_t protocol) {
    const uint64_t p = protocol & 0xffffffffU;
    std::string out;
    if (family == kAfInet || family == kAfInet6) {
        appendEnum(out, p, kIpProtocols, "IPPROTO_???");
    } else if (family == kAfNetlink) {
        appendEnum(out, p, kNetlinkProtocols, "NETLINK_???");
    } else {
        (void)kAfUnix;
        out = std::to_string(static_cast<int32_t>(p));
    }
    return out;
}

std::string sockoptLevelText(uint64_t level) {
    std::string out;
    appendEnum(out, level & 0xffffffffU, socketLevelNames(), "SOL_??", true);
    return out;
}

std::string sockoptNameText(uint64_t level, uint64_t name) {
    std::string out;
    const uint64_t n = name & 0xffffffffU;
    switch (level & 0xffffffffU) {
        case kSolSocket:
            appendEnum(out, n, kSocketOptions, "SO_???");
            break;
        case kSolTcp:
            appendEnum(out, n, kTcpOptions, "TCP_???");
            break;
        default:
            if (const auto names = moreSockoptNames(level & 0xffffffffU); !names.names.empty()) {
                appendEnum(out, n, names.names, names.unknown);  // tracer/SockoptNames.h
                break;
            }
            out = std::to_string(static_cast<int32_t>(n));
    }
    return out;
}

std::string sockoptValueText(uint64_t level, uint64_t name, std::string_view bytes) {
    const uint64_t l = level & 0xffffffffU;
    const uint64_t n = name & 0xffffffffU;
    if (l == kSolSocket && n == kSoLinger && bytes.size() >= 8) {
        return fmt::format("{{l_onoff={}, l_linger={}}}", field<int32_t>(bytes, 0),
                           field<int32_t>(bytes, 4));
    }
    if (l == kSolSocket && n == kSoPeercred && bytes.size() >= 12) {
        return fmt::format("{{pid={}, uid={}, gid={}}}", field<int32_t>(bytes, 0),
                           field<uint32_t>(bytes, 4), field<uint32_t>(bytes, 8));
    }
    if (std::string text = multicastRequestText(l, n, bytes); !text.empty()) {
        return text;  // tracer/SockoptMulticast.h
    }
    if (l == kSolSocket && n == kSoError && bytes.size() >= 4) {
        // The pending error by name, as strace's print_get_error: [ECONNREFUSED].
        const auto err = field<int32_t>(bytes, 0);
        const char* name = err > 0 ? strerrorname_np(err) : nullptr;
        return name != nullptr ? fmt::format("[{}]", name) : fmt::format("[{}]", err);
    }
    if (bytes.size() == 4) return fmt::format("[{}]", field<int32_t>(bytes, 0));
    return {};
}

std::string sockoptAt(TraceeMemory& mem, uint64_t addr, uint64_t len, const uint64_t args[6],
                      size_t maxString) {
    // The structs strace decodes are small; longer values are only shown as a string.
    constexpr uint64_t kStructMax = kGroupReqSize;
    thread_local std::string buf;
    buf.resize(
        static_cast<size_t>(std::min<uint64_t>(len, std::max<uint64_t>(kStructMax, maxString))));
    if (addr == 0 || (!buf.empty() && mem.read(addr, buf.data(), buf.size()) != buf.size())) {
        return {};
    }
    if (len <= kStructMax) {
        std::string text = sockoptValueText(args[1], args[2], buf);
        if (!text.empty()) return text;
    }
    std::string out;
    appendQuoted(out, std::string_view(buf).substr(0, std::min<size_t>(buf.size(), maxString)),
                 len > maxString);
    return out;
}

}  // namespace scratch::tracer
