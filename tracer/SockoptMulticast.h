// strace 6.1's rendering of the multicast membership requests given to setsockopt (its net.c:
// print_mreq, print_mreq6, print_group_req): {imr_multiaddr=inet_addr("224.0.0.251"),
// imr_interface=inet_addr("127.0.0.1")}, {inet_pton(AF_INET6, "ff02::fb", &ipv6mr_multiaddr),
// ipv6mr_interface=if_nametoindex("lo")}, {gr_interface=..., gr_group={sa_family=AF_INET, ...}}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// The most bytes of a membership request (struct group_req on x86_64).
constexpr uint64_t kGroupReqSize = 136;

/// The request in `bytes` when (level, name) is IP_ADD/DROP_MEMBERSHIP, IPV6_ADD/DROP_MEMBERSHIP,
/// IPV6_JOIN/LEAVE_ANYCAST or MCAST_JOIN/LEAVE_GROUP and the bytes hold the whole struct; empty
/// otherwise.
std::string multicastRequestText(uint64_t level, uint64_t name, std::string_view bytes);

}  // namespace scratch::tracer
