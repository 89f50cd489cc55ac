#include "tracer/SockoptNames.h"

namespace scratch::tracer {
namespace {

constexpr uint64_t kSolIp = 0;
constexpr uint64_t kSolUdp = 17;
constexpr uint64_t kSolIpv6 = 41;
constexpr uint64_t kSolPacket = 263;
constexpr uint64_t kSolNetlink = 270;

constexpr FlagName kIpOptions[] = {
    {1, "IP_TOS"},
    {2, "IP_TTL"},
    {3, "IP_HDRINCL"},
    {4, "IP_OPTIONS"},
    {5, "IP_ROUTER_ALERT"},
    {6, "IP_RECVOPTS"},
    {7, "IP_RETOPTS"},
    {8, "IP_PKTINFO"},
    {9, "IP_PKTOPTIONS"},
    {10, "IP_MTU_DISCOVER"},
    {11, "IP_RECVERR"},
    {12, "IP_RECVTTL"},
    {13, "IP_RECVTOS"},
    {14, "IP_MTU"},
    {15, "IP_FREEBIND"},
    {16, "IP_IPSEC_POLICY"},
    {17, "IP_XFRM_POLICY"},
    {18, "IP_PASSSEC"},
    {19, "IP_TRANSPARENT"},
    {20, "IP_ORIGDSTADDR"},
    {21, "IP_MINTTL"},
    {22, "IP_NODEFRAG"},
    {23, "IP_CHECKSUM"},
    {24, "IP_BIND_ADDRESS_NO_PORT"},
    {25, "IP_RECVFRAGSIZE"},
    {26, "IP_RECVERR_RFC4884"},
    {32, "IP_MULTICAST_IF"},
    {33, "IP_MULTICAST_TTL"},
    {34, "IP_MULTICAST_LOOP"},
    {35, "IP_ADD_MEMBERSHIP"},
    {36, "IP_DROP_MEMBERSHIP"},
    {37, "IP_UNBLOCK_SOURCE"},
    {38, "IP_BLOCK_SOURCE"},
    {39, "IP_ADD_SOURCE_MEMBERSHIP"},
    {40, "IP_DROP_SOURCE_MEMBERSHIP"},
    {41, "IP_MSFILTER"},
    {42, "MCAST_JOIN_GROUP"},
    {43, "MCAST_BLOCK_SOURCE"},
    {44, "MCAST_UNBLOCK_SOURCE"},
    {45, "MCAST_LEAVE_GROUP"},
    {46, "MCAST_JOIN_SOURCE_GROUP"},
    {47, "MCAST_LEAVE_SOURCE_GROUP"},
    {48, "MCAST_MSFILTER"},
    {49, "IP_MULTICAST_ALL"},
    {50, "IP_UNICAST_IF"},
    {51, "IP_LOCAL_PORT_RANGE"},
    {52, "IP_PROTOCOL"},
};

constexpr FlagName kIpv6Options[] = {
    {1, "IPV6_ADDRFORM"},
    {2, "IPV6_2292PKTINFO"},
    {3, "IPV6_2292HOPOPTS"},
    {4, "IPV6_2292DSTOPTS"},
    {5, "IPV6_2292RTHDR"},
    {6, "IPV6_2292PKTOPTIONS"},
    {7, "IPV6_CHECKSUM"},
    {8, "IPV6_2292HOPLIMIT"},
    {9, "IPV6_NEXTHOP"},
    {10, "IPV6_AUTHHDR"},
    {11, "IPV6_FLOWINFO"},
    {16, "IPV6_UNICAST_HOPS"},
    {17, "IPV6_MULTICAST_IF"},
    {18, "IPV6_MULTICAST_HOPS"},
    {19, "IPV6_MULTICAST_LOOP"},
    {20, "IPV6_ADD_MEMBERSHIP"},
    {21, "IPV6_DROP_MEMBERSHIP"},
    {22, "IPV6_ROUTER_ALERT"},
    {23, "IPV6_MTU_DISCOVER"},
    {24, "IPV6_MTU"},
    {25, "IPV6_RECVERR"},
    {26, "IPV6_V6ONLY"},
    {27, "IPV6_JOIN_ANYCAST"},
    {28, "IPV6_LEAVE_ANYCAST"},
    {29, "IPV6_MULTICAST_ALL"},
    {30, "IPV6_ROUTER_ALERT_ISOLATE"},
    {31, "IPV6_RECVERR_RFC4884"},
    {32, "IPV6_FLOWLABEL_MGR"},
    {33, "IPV6_FLOWINFO_SEND"},
    {34, "IPV6_IPSEC_POLICY"},
    {35, "IPV6_XFRM_POLICY"},
    {36, "IPV6_HDRINCL"},
    {42, "MCAST_JOIN_GROUP"},
    {43, "MCAST_BLOCK_SOURCE"},
    {44, "MCAST_UNBLOCK_SOURCE"},
    {45, "MCAST_LEAVE_GROUP"},
    {46, "MCAST_JOIN_SOURCE_GROUP"},
    {47, "MCAST_LEAVE_SOURCE_GROUP"},
    {48, "MCAST_MSFILTER"},
    {49, "IPV6_RECVPKTINFO"},
    {50, "IPV6_PKTINFO"},
    {51, "IPV6_RECVHOPLIMIT"},
    {52, "IPV6_HOPLIMIT"},
    {53, "IPV6_RECVHOPOPTS"},
    {54, "IPV6_HOPOPTS"},
    {55, "IPV6_RTHDRDSTOPTS"},
    {56, "IPV6_RECVRTHDR"},
    {57, "IPV6_RTHDR"},
    {58, "IPV6_RECVDSTOPTS"},
    {59, "IPV6_DSTOPTS"},
    {60, "IPV6_RECVPATHMTU"},
    {61, "IPV6_PATHMTU"},
    {62, "IPV6_DONTFRAG"},
    {63, "IPV6_USE_MIN_MTU"},
    {66, "IPV6_RECVTCLASS"},
    {67, "IPV6_TCLASS"},
    {70, "IPV6_AUTOFLOWLABEL"},
    {72, "IPV6_ADDR_PREFERENCES"},
    {73, "IPV6_MINHOPCOUNT"},
    {74, "IPV6_ORIGDSTADDR"},
    {75, "IPV6_TRANSPARENT"},
    {76, "IPV6_UNICAST_IF"},
    {77, "IPV6_RECVFRAGSIZE"},
    {78, "IPV6_FREEBIND"},
};

constexpr FlagName kUdpOptions[] = {
    {1, "UDP_CORK"},           {100, "UDP_ENCAP"},   {101, "UDP_NO_CHECK6_TX"},
    {102, "UDP_NO_CHECK6_RX"}, {103, "UDP_SEGMENT"}, {104, "UDP_GRO"},
};

constexpr FlagName kPacketOptions[] = {
    {1, "PACKET_ADD_MEMBERSHIP"}, {2, "PACKET_DROP_MEMBERSHIP"},
    {3, "PACKET_RECV_OUTPUT"},    {5, "PACKET_RX_RING"},
    {6, "PACKET_STATISTICS"},     {7, "PACKET_COPY_THRESH"},
    {8, "PACKET_AUXDATA"},        {9, "PACKET_ORIGDEV"},
    {10, "PACKET_VERSION"},       {11, "PACKET_HDRLEN"},
    {12, "PACKET_RESERVE"},       {13, "PACKET_TX_RING"},
    {14, "PACKET_LOSS"},          {15, "PACKET_VNET_HDR"},
    {16, "PACKET_TX_TIMESTAMP"},  {17, "PACKET_TIMESTAMP"},
    {18, "PACKET_FANOUT"},        {19, "PACKET_TX_HAS_OFF"},
    {20, "PACKET_QDISC_BYPASS"},  {21, "PACKET_ROLLOVER_STATS"},
    {22, "PACKET_FANOUT_DATA"},   {23, "PACKET_IGNORE_OUTGOING"},
};

constexpr FlagName kNetlinkOptions[] = {
    {1, "NETLINK_ADD_MEMBERSHIP"},  {2, "NETLINK_DROP_MEMBERSHIP"}, {3, "NETLINK_PKTINFO"},
    {4, "NETLINK_BROADCAST_ERROR"}, {5, "NETLINK_NO_ENOBUFS"},      {6, "NETLINK_RX_RING"},
    {7, "NETLINK_TX_RING"},         {8, "NETLINK_LISTEN_ALL_NSID"}, {9, "NETLINK_LIST_MEMBERSHIPS"},
    {10, "NETLINK_CAP_ACK"},        {11, "NETLINK_EXT_ACK"},        {12, "NETLINK_GET_STRICT_CHK"},
};

}  // namespace

SockoptNameTable moreSockoptNames(uint64_t level) {
    switch (level) {
        case kSolIp:
            return {kIpOptions, "IP_???"};
        case kSolIpv6:
            return {kIpv6Options, "IPV6_???"};
        case kSolUdp:
            return {kUdpOptions, "UDP_???"};
        case kSolPacket:
            return {kPacketOptions, "PACKET_???"};
        case kSolNetlink:
            return {kNetlinkOptions, "NETLINK_???"};
        default:
            return {};
    }
}

}  // namespace scratch::tracer
