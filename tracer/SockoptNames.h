// The socket option names of the levels beyond SOL_SOCKET and SOL_TCP that programs commonly
// set (strace 6.1's sock_ip_options, sock_ipv6_options, sock_netlink_options, sock_udp_options
// and sock_packet_options tables).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "tracer/FlagNames.h"

namespace scratch::tracer {

/// One level's option names and strace's placeholder for a name it lacks ("IP_???").
struct SockoptNameTable {
    std::span<const FlagName> names;
    std::string_view unknown;
};

/// The option names of SOL_IP, SOL_IPV6, SOL_UDP, SOL_PACKET and SOL_NETLINK; an empty table
/// for the other levels.
SockoptNameTable moreSockoptNames(uint64_t level);

}  // namespace scratch::tracer
