// strace 6.1's netlink.c (decode_netlink, print_nlmsghdr, decode_nlmsg_flags, decode_nlmsgerr)
// and rtnl_link.c / rtnl_addr.c / rtnl_route.c's family headers, at the basic level.
#include "tracer/NetlinkDecoder.h"

#include <fmt/format.h>
#include <net/if.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <vector>

#include "tracer/FlagNames.h"
#include "tracer/SockaddrLinkLayer.h"
#include "tracer/SocketProtocol.h"

namespace scratch::tracer {
namespace {

constexpr uint64_t kHeaderSize = 16;  // NLMSG_HDRLEN
constexpr uint16_t kMinType = 0x10;   // NLMSG_MIN_TYPE
constexpr uint16_t kError = 2;
constexpr uint16_t kDone = 3;
constexpr uint16_t kRtmBase = 16;
constexpr uint16_t kDelAction = 49;
constexpr uint16_t kCapped = 0x100;  // NLM_F_CAPPED: NLMSG_ERROR's msg is the header alone

struct NlHeader {
    uint32_t len;
    uint16_t type;
    uint16_t flags;
    uint32_t seq;
    uint32_t pid;
};

constexpr FlagName kNlmsgTypes[] = {
    {1, "NLMSG_NOOP"}, {2, "NLMSG_ERROR"}, {3, "NLMSG_DONE"}, {4, "NLMSG_OVERRUN"}};

constexpr FlagName kRouteTypes[] = {
    {16, "RTM_NEWLINK"},
    {17, "RTM_DELLINK"},
    {18, "RTM_GETLINK"},
    {19, "RTM_SETLINK"},
    {20, "RTM_NEWADDR"},
    {21, "RTM_DELADDR"},
    {22, "RTM_GETADDR"},
    {24, "RTM_NEWROUTE"},
    {25, "RTM_DELROUTE"},
    {26, "RTM_GETROUTE"},
    {28, "RTM_NEWNEIGH"},
    {29, "RTM_DELNEIGH"},
    {30, "RTM_GETNEIGH"},
    {32, "RTM_NEWRULE"},
    {33, "RTM_DELRULE"},
    {34, "RTM_GETRULE"},
    {36, "RTM_NEWQDISC"},
    {37, "RTM_DELQDISC"},
    {38, "RTM_GETQDISC"},
    {40, "RTM_NEWTCLASS"},
    {41, "RTM_DELTCLASS"},
    {42, "RTM_GETTCLASS"},
    {44, "RTM_NEWTFILTER"},
    {45, "RTM_DELTFILTER"},
    {46, "RTM_GETTFILTER"},
    {48, "RTM_NEWACTION"},
    {49, "RTM_DELACTION"},
    {50, "RTM_GETACTION"},
    {52, "RTM_NEWPREFIX"},
    {58, "RTM_GETMULTICAST"},
    {62, "RTM_GETANYCAST"},
    {64, "RTM_NEWNEIGHTBL"},
    {66, "RTM_GETNEIGHTBL"},
    {67, "RTM_SETNEIGHTBL"},
    {68, "RTM_NEWNDUSEROPT"},
    {72, "RTM_NEWADDRLABEL"},
    {73, "RTM_DELADDRLABEL"},
    {74, "RTM_GETADDRLABEL"},
    {78, "RTM_GETDCB"},
    {79, "RTM_SETDCB"},
    {80, "RTM_NEWNETCONF"},
    {81, "RTM_DELNETCONF"},
    {82, "RTM_GETNETCONF"},
    {84, "RTM_NEWMDB"},
    {85, "RTM_DELMDB"},
    {86, "RTM_GETMDB"},
    {88, "RTM_NEWNSID"},
    {89, "RTM_DELNSID"},
    {90, "RTM_GETNSID"},
    {92, "RTM_NEWSTATS"},
    {94, "RTM_GETSTATS"},
    {96, "RTM_NEWCACHEREPORT"},
    {100, "RTM_NEWCHAIN"},
    {101, "RTM_DELCHAIN"},
    {102, "RTM_GETCHAIN"},
    {104, "RTM_NEWNEXTHOP"},
    {105, "RTM_DELNEXTHOP"},
    {106, "RTM_GETNEXTHOP"},
    {108, "RTM_NEWLINKPROP"},
    {109, "RTM_DELLINKPROP"},
    {110, "RTM_GETLINKPROP"},
    {112, "RTM_NEWVLAN"},
    {113, "RTM_DELVLAN"},
    {114, "RTM_GETVLAN"},
    {116, "RTM_NEWNEXTHOPBUCKET"},
    {117, "RTM_DELNEXTHOPBUCKET"},
    {118, "RTM_GETNEXTHOPBUCKET"},
    {120, "RTM_NEWTUNNEL"},
    {121, "RTM_DELTUNNEL"},
    {122, "RTM_GETTUNNEL"},
};

// netlink_flags, then the type's own meanings of the high byte, in strace's xlat order.
constexpr FlagName kCommonFlags[] = {{0x1, "NLM_F_REQUEST"},    {0x2, "NLM_F_MULTI"},
                                     {0x4, "NLM_F_ACK"},        {0x8, "NLM_F_ECHO"},
                                     {0x10, "NLM_F_DUMP_INTR"}, {0x20, "NLM_F_DUMP_FILTERED"}};
constexpr FlagName kGetFlags[] = {
    {0x300, "NLM_F_DUMP"}, {0x100, "NLM_F_ROOT"}, {0x200, "NLM_F_MATCH"}, {0x400, "NLM_F_ATOMIC"}};
constexpr FlagName kNewFlags[] = {{0x100, "NLM_F_REPLACE"},
                                  {0x200, "NLM_F_EXCL"},
                                  {0x400, "NLM_F_CREATE"},
                                  {0x800, "NLM_F_APPEND"}};
constexpr FlagName kDeleteFlags[] = {{0x100, "NLM_F_NONREC"}, {0x200, "NLM_F_BULK"}};
constexpr FlagName kAckFlags[] = {{0x100, "NLM_F_CAPPED"}, {0x200, "NLM_F_ACK_TLVS"}};

constexpr FlagName kIffFlags[] = {
    {0x1, "IFF_UP"},           {0x2, "IFF_BROADCAST"},    {0x4, "IFF_DEBUG"},
    {0x8, "IFF_LOOPBACK"},     {0x10, "IFF_POINTOPOINT"}, {0x20, "IFF_NOTRAILERS"},
    {0x40, "IFF_RUNNING"},     {0x80, "IFF_NOARP"},       {0x100, "IFF_PROMISC"},
    {0x200, "IFF_ALLMULTI"},   {0x400, "IFF_MASTER"},     {0x800, "IFF_SLAVE"},
    {0x1000, "IFF_MULTICAST"}, {0x2000, "IFF_PORTSEL"},   {0x4000, "IFF_AUTOMEDIA"},
    {0x8000, "IFF_DYNAMIC"},   {0x10000, "IFF_LOWER_UP"}, {0x20000, "IFF_DORMANT"},
    {0x40000, "IFF_ECHO"},
};

constexpr FlagName kIfaFlags[] = {
    {0x1, "IFA_F_SECONDARY"},       {0x2, "IFA_F_NODAD"},        {0x4, "IFA_F_OPTIMISTIC"},
    {0x8, "IFA_F_DADFAILED"},       {0x10, "IFA_F_HOMEADDRESS"}, {0x20, "IFA_F_DEPRECATED"},
    {0x40, "IFA_F_TENTATIVE"},      {0x80, "IFA_F_PERMANENT"},   {0x100, "IFA_F_MANAGETEMPADDR"},
    {0x200, "IFA_F_NOPREFIXROUTE"}, {0x400, "IFA_F_MCAUTOJOIN"}, {0x800, "IFA_F_STABLE_PRIVACY"},
};

constexpr FlagName kScopes[] = {{0, "RT_SCOPE_UNIVERSE"},
                                {200, "RT_SCOPE_SITE"},
                                {253, "RT_SCOPE_LINK"},
                                {254, "RT_SCOPE_HOST"},
                                {255, "RT_SCOPE_NOWHERE"}};

constexpr FlagName kTables[] = {{0, "RT_TABLE_UNSPEC"},
                                {252, "RT_TABLE_COMPAT"},
                                {253, "RT_TABLE_DEFAULT"},
                                {254, "RT_TABLE_MAIN"},
                                {255, "RT_TABLE_LOCAL"}};

constexpr FlagName kProtocols[] = {
    {0, "RTPROT_UNSPEC"},      {1, "RTPROT_REDIRECT"},  {2, "RTPROT_KERNEL"},
    {3, "RTPROT_BOOT"},        {4, "RTPROT_STATIC"},    {8, "RTPROT_GATED"},
    {9, "RTPROT_RA"},          {10, "RTPROT_MRT"},      {11, "RTPROT_ZEBRA"},
    {12, "RTPROT_BIRD"},       {13, "RTPROT_DNROUTED"}, {14, "RTPROT_XORP"},
    {15, "RTPROT_NTK"},        {16, "RTPROT_DHCP"},     {17, "RTPROT_MROUTED"},
    {18, "RTPROT_KEEPALIVED"}, {42, "RTPROT_BABEL"},    {99, "RTPROT_OPENR"},
    {186, "RTPROT_BGP"},       {187, "RTPROT_ISIS"},    {188, "RTPROT_OSPF"},
    {189, "RTPROT_RIP"},       {192, "RTPROT_EIGRP"},
};

constexpr FlagName kRouteKinds[] = {
    {0, "RTN_UNSPEC"},   {1, "RTN_UNICAST"},   {2, "RTN_LOCAL"},     {3, "RTN_BROADCAST"},
    {4, "RTN_ANYCAST"},  {5, "RTN_MULTICAST"}, {6, "RTN_BLACKHOLE"}, {7, "RTN_UNREACHABLE"},
    {8, "RTN_PROHIBIT"}, {9, "RTN_THROW"},     {10, "RTN_NAT"},      {11, "RTN_XRESOLVE"},
};

constexpr FlagName kRouteFlags[] = {
    {0x1, "RTNH_F_DEAD"},        {0x2, "RTNH_F_PERVASIVE"},
    {0x4, "RTNH_F_ONLINK"},      {0x8, "RTNH_F_OFFLOAD"},
    {0x10, "RTNH_F_LINKDOWN"},   {0x20, "RTNH_F_UNRESOLVED"},
    {0x40, "RTNH_F_TRAP"},       {0x100, "RTM_F_NOTIFY"},
    {0x200, "RTM_F_CLONED"},     {0x400, "RTM_F_EQUALIZE"},
    {0x800, "RTM_F_PREFIX"},     {0x1000, "RTM_F_LOOKUP_TABLE"},
    {0x2000, "RTM_F_FIB_MATCH"}, {0x4000, "RTM_F_OFFLOAD"},
    {0x8000, "RTM_F_TRAP"},      {0x20000000, "RTM_F_OFFLOAD_FAILED"},
};

uint64_t align4(uint64_t n) { return (n + 3) & ~uint64_t{3}; }

/// strace's printxval: the name, or "0x13 /* hint */" ("0 /* hint */" for zero).
void appendXval(std::string& out, uint64_t v, std::span<const FlagName> names,
                std::string_view hint) {
    if (v == 0 &&
        std::none_of(names.begin(), names.end(), [](const FlagName& f) { return f.value == 0; })) {
        fmt::format_to(std::back_inserter(out), "0 /* {} */", hint);
        return;
    }
    appendEnum(out, v, names, hint);
}

/// printstr_ex(..., QUOTE_FORCE_HEX): every byte as \xNN, cut at -s with "...".
void appendHexString(std::string& out, TraceeMemory& mem, uint64_t addr, uint64_t len,
                     const DecodeOptions& opts) {
    if (addr == 0) {
        out += "NULL";
        return;
    }
    const size_t n = static_cast<size_t>(std::min<uint64_t>(len, opts.maxString));
    thread_local std::string bytes;
    bytes.resize(n);
    if (n != 0 && mem.read(addr, bytes.data(), n) != n) {
        fmt::format_to(std::back_inserter(out), "{:#x}", addr);
        return;
    }
    out += '"';
    for (const char c : bytes) {
        fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned char>(c));
    }
    out += '"';
    if (len > n) out += "...";
}

void appendFlagsOf(std::string& out, const NlHeader& h, int protocol) {
    std::vector<FlagName> names(std::begin(kCommonFlags), std::end(kCommonFlags));
    std::span<const FlagName> own;
    if (h.type <= kMinType) {
        if (h.type == kError) own = kAckFlags;
    } else if (protocol == kNetlinkRoute) {
        if (h.type == kDelAction) {
            own = kGetFlags;
        } else if ((h.type & 3) == 0) {
            own = kNewFlags;
        } else if ((h.type & 3) == 1) {
            own = kDeleteFlags;
        } else if ((h.type & 3) == 2) {
            own = kGetFlags;
        }
    }
    names.insert(names.end(), own.begin(), own.end());
    appendFlags(out, h.flags, names, {}, "NLM_F_???");
}

void appendHeaderFields(std::string& out, const NlHeader& h, int protocol) {
    fmt::format_to(std::back_inserter(out), "{{nlmsg_len={}, nlmsg_type=", h.len);
    if (h.type >= kMinType && protocol == kNetlinkRoute) {
        appendXval(out, h.type, kRouteTypes, "RTM_???");
    } else {  // strace's netlink_types, also for a socket whose protocol it could not learn
        appendXval(out, h.type, kNlmsgTypes, "NLMSG_???");
    }
    out += ", nlmsg_flags=";
    appendFlagsOf(out, h, protocol);
    fmt::format_to(std::back_inserter(out), ", nlmsg_seq={}, nlmsg_pid={}}}", h.seq, h.pid);
}

void appendIfindex(std::string& out, uint32_t index) { out += ifindexText(index); }

void appendFamily(std::string& out, uint8_t family) {
    appendEnum(out, family, familyNames(), "AF_???");
}

/// The family header (`size` bytes, its first field the family) and the raw attributes after
/// it; "..." inside the braces when the payload is shorter than the header.
void appendRouteHeader(std::string& out, TraceeMemory& mem, uint64_t addr, uint64_t len,
                       uint16_t type, const DecodeOptions& opts) {
    const uint16_t kind = (type - kRtmBase) / 4;  // 0 link, 1 addr, 2 route
    const size_t size = kind == 0 ? 16 : kind == 1 ? 8 : 12;
    unsigned char b[16] = {};
    const size_t got = mem.read(addr, b, std::min<uint64_t>(len, size));
    if (got == 0) {
        fmt::format_to(std::back_inserter(out), "{:#x}", addr);
        return;
    }
    const char* familyField = kind == 0 ? "ifi_family" : kind == 1 ? "ifa_family" : "rtm_family";
    fmt::format_to(std::back_inserter(out), "{{{}=", familyField);
    appendFamily(out, b[0]);
    out += ", ";
    if (len < size || got < size) {
        out += "...}";
        return;
    }
    auto u32 = [&](size_t at) {
        uint32_t v = 0;
        std::memcpy(&v, b + at, 4);
        return v;
    };
    if (kind == 0) {
        uint16_t arp = 0;
        std::memcpy(&arp, b + 2, 2);
        out += "ifi_type=";
        appendEnum(out, arp, arpHardwareNames(), "ARPHRD_???");
        out += ", ifi_index=";
        appendIfindex(out, u32(4));
        out += ", ifi_flags=";
        appendFlags(out, u32(8), kIffFlags, {}, "IFF_???");
        out += ", ifi_change=";
        fmt::format_to(std::back_inserter(out), "{}",
                       u32(12) == 0 ? "0" : fmt::format("{:#x}", u32(12)));
    } else if (kind == 1) {
        fmt::format_to(std::back_inserter(out), "ifa_prefixlen={}, ifa_flags=", b[1]);
        appendFlags(out, b[2], kIfaFlags, {}, "IFA_F_???");
        out += ", ifa_scope=";
        appendEnum(out, b[3], kScopes, {}, true);
        out += ", ifa_index=";
        appendIfindex(out, u32(4));
    } else {
        fmt::format_to(std::back_inserter(out),
                       "rtm_dst_len={}, rtm_src_len={}, rtm_tos={}, rtm_table=", b[1], b[2], b[3]);
        appendEnum(out, b[4], kTables, {}, true);
        out += ", rtm_protocol=";
        appendEnum(out, b[5], kProtocols, {}, true);
        out += ", rtm_scope=";
        appendEnum(out, b[6], kScopes, {}, true);
        out += ", rtm_type=";
        appendEnum(out, b[7], kRouteKinds, "RTN_???");
        out += ", rtm_flags=";
        appendFlags(out, u32(8), kRouteFlags, {}, "RTM_F_???");
    }
    out += '}';
    const uint64_t attrs = align4(size);
    if (len > attrs) {
        out += ", ";
        appendHexString(out, mem, addr + attrs, len - attrs, opts);
    }
}

bool fetchHeader(TraceeMemory& mem, uint64_t addr, uint64_t len, bool inArray, NlHeader& h,
                 std::string& out, const DecodeOptions& opts);
void appendMessage(std::string& out, TraceeMemory& mem, const NlHeader& h, uint64_t addr,
                   uint64_t len, int protocol, const DecodeOptions& opts);

/// NLMSG_ERROR's struct nlmsgerr: the error as -ENAME, then the request it answers.
void appendError(std::string& out, TraceeMemory& mem, const NlHeader& outer, uint64_t addr,
                 uint64_t len, int protocol, const DecodeOptions& opts) {
    int32_t error = 0;
    if (len < sizeof error) {
        appendHexString(out, mem, addr, len, opts);
        return;
    }
    if (mem.read(addr, &error, sizeof error) != sizeof error) {
        fmt::format_to(std::back_inserter(out), "{:#x}", addr);
        return;
    }
    out += "{error=";
    if (error < 0 && error > -4096 && !errnoName(-error).empty()) {
        out += '-';
        out += errnoName(-error);
    } else {
        fmt::format_to(std::back_inserter(out), "{}", error);
    }
    const uint64_t msgAt = addr + sizeof error;
    const uint64_t msgLen = len - sizeof error;
    if (msgLen != 0) {
        out += ", msg=";
        NlHeader h{};
        if (fetchHeader(mem, msgAt, msgLen, false, h, out, opts)) {
            uint64_t payload = (outer.flags & kCapped) != 0 ? kHeaderSize : h.len;
            payload = std::min(payload, msgLen);
            appendMessage(out, mem, h, msgAt, payload, protocol, opts);
            if (msgLen > payload) {
                out += ", ";
                appendHexString(out, mem, msgAt + payload, msgLen - payload, opts);
            }
        }
    }
    out += '}';
}

void appendPayload(std::string& out, TraceeMemory& mem, const NlHeader& h, uint64_t addr,
                   uint64_t len, int protocol, const DecodeOptions& opts) {
    if (h.type == kError) {
        appendError(out, mem, h, addr, len, protocol, opts);
        return;
    }
    if (h.type == kDone && len == sizeof(int32_t)) {
        int32_t n = 0;
        if (mem.read(addr, &n, sizeof n) != sizeof n) {
            fmt::format_to(std::back_inserter(out), "{:#x}", addr);
        } else {
            fmt::format_to(std::back_inserter(out), "{}", n);
        }
        return;
    }
    if (h.type != kDone && protocol == kNetlinkRoute && h.type >= kRtmBase &&
        h.type < kRtmBase + 12) {
        appendRouteHeader(out, mem, addr, len, h.type, opts);
        return;
    }
    appendHexString(out, mem, addr, len, opts);
}

/// One message: {nlmsghdr} alone, or [{nlmsghdr}, payload] when it has one.
void appendMessage(std::string& out, TraceeMemory& mem, const NlHeader& h, uint64_t addr,
                   uint64_t len, int protocol, const DecodeOptions& opts) {
    const uint64_t msgLen = std::min<uint64_t>(h.len, len);
    const bool payload = msgLen > kHeaderSize;
    if (payload) out += '[';
    appendHeaderFields(out, h, protocol);
    if (payload) {
        out += ", ";
        appendPayload(out, mem, h, addr + kHeaderSize, msgLen - kHeaderSize, protocol, opts);
        out += ']';
    }
}

bool fetchHeader(TraceeMemory& mem, uint64_t addr, uint64_t len, bool inArray, NlHeader& h,
                 std::string& out, const DecodeOptions& opts) {
    if (len < kHeaderSize) {
        appendHexString(out, mem, addr, len, opts);
        return false;
    }
    if (mem.read(addr, &h, sizeof h) == sizeof h) return true;
    if (inArray) {
        fmt::format_to(std::back_inserter(out), "... /* {:#x} */", addr);
    } else {
        fmt::format_to(std::back_inserter(out), "{:#x}", addr);
    }
    return false;
}

}  // namespace

void appendNetlink(std::string& out, TraceeMemory& mem, uint64_t addr, uint64_t len, int protocol,
                   const DecodeOptions& opts) {
    bool array = false;
    NlHeader h{};
    for (size_t elt = 0; fetchHeader(mem, addr, len, array, h, out, opts); ++elt) {
        if (elt == opts.maxString) {
            out += "...";
            break;
        }
        const uint64_t aligned = align4(h.len);
        uint64_t nextAddr = 0;
        uint64_t nextLen = 0;
        if (h.len >= kHeaderSize) {
            nextLen = len >= aligned ? len - aligned : 0;
            if (nextLen != 0 && addr + aligned > addr) nextAddr = addr + aligned;
        }
        if (!array && nextAddr != 0) {
            out += '[';
            array = true;
        }
        appendMessage(out, mem, h, addr, len, protocol, opts);
        if (nextAddr == 0) break;
        out += ", ";
        addr = nextAddr;
        len = nextLen;
    }
    if (array) out += ']';
}

}  // namespace scratch::tracer

namespace scratch::tracer {

std::string netlinkIovecText(TraceeMemory& mem, uint64_t addr, uint64_t count, uint64_t dataLimit,
                             int protocol, const DecodeOptions& opts) {
    constexpr uint64_t kIovMax = 1024;
    const bool i386 = opts.arch == Arch::I386;
    const size_t size = i386 ? 8 : 16;
    if (addr == 0 || count > kIovMax) {
        return addr == 0 ? std::string("NULL") : fmt::format("{:#x}", addr);
    }
    const uint64_t shown = std::min<uint64_t>(count, opts.maxString);
    std::string iov(static_cast<size_t>(shown) * size, '\0');
    if (mem.read(addr, iov.data(), iov.size()) != iov.size()) return fmt::format("{:#x}", addr);
    std::string out = "[";
    uint64_t left = dataLimit;
    for (uint64_t i = 0; i < shown; ++i) {
        uint64_t base = 0;
        uint64_t len = 0;
        std::memcpy(&base, iov.data() + size * i, size / 2);
        std::memcpy(&len, iov.data() + size * i + size / 2, size / 2);
        const uint64_t have = std::min(len, left);
        if (left != ~0ULL) left -= have;
        if (i != 0) out += ", ";
        out += "{iov_base=";
        appendNetlink(out, mem, base, have, protocol, opts);
        fmt::format_to(std::back_inserter(out), ", iov_len={}}}", len);
    }
    if (count > shown) out += ", ...";
    out += ']';
    return out;
}

}  // namespace scratch::tracer

namespace scratch::tracer {

bool appendSocketBuffer(std::string& out, TraceeMemory& mem, const FdNamer& fdName, uint64_t fd,
                        uint64_t addr, uint64_t len, const DecodeOptions& opts) {
    int protocol = kNetlinkUnknown;
    if (!netlinkProtocolOf(fdName, static_cast<int32_t>(fd & 0xffffffffU), protocol)) return false;
    appendNetlink(out, mem, addr, len, protocol, opts);
    return true;
}

}  // namespace scratch::tracer
