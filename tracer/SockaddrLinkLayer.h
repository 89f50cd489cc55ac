// strace 6.1's rendering of the link-layer socket address (struct sockaddr_ll, AF_PACKET) and of
// an interface index: sll_protocol=htons(ETH_P_IP), sll_ifindex=if_nametoindex("lo"),
// sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=6, sll_addr=[0x1, ...].
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tracer/FlagNames.h"

namespace scratch::tracer {

/// The bytes of a sockaddr_ll before sll_addr (strace decodes from that length on).
constexpr size_t kSockaddrLlMin = 12;

/// Appends the fields after sa_family of the sockaddr_ll in `bytes` (at least kSockaddrLlMin
/// long), each preceded by ", ".
void appendSockaddrLl(std::string& out, std::string_view bytes);

/// An interface index as strace shows it: if_nametoindex("lo") when this host has an interface
/// of that index (the tracer's network namespace, as for strace), the number otherwise.
std::string ifindexText(int64_t index);

/// ARPHRD_* (linux/if_arph.h) by number, as strace names them: sll_hatype, ifi_type, an
/// ifreq's hardware address family.
std::span<const FlagName> arpHardwareNames();

}  // namespace scratch::tracer
