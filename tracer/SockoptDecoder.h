// strace 6.1's rendering of socket protocols (socket's third argument: IPPROTO_TCP,
// NETLINK_ROUTE) and of socket options (setsockopt/getsockopt: SOL_SOCKET, SO_REUSEADDR, [1],
// {l_onoff=1, l_linger=5}). Pure functions over values and the option's bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// The protocol of socket(family, type, protocol): IPPROTO_* for AF_INET/AF_INET6,
/// NETLINK_* for AF_NETLINK, a number otherwise.
std::string sockProtocolText(uint64_t family, uint64_t protocol);
/// SOL_SOCKET, SOL_TCP, SOL_IP, ...
std::string sockoptLevelText(uint64_t level);
/// SO_REUSEADDR for SOL_SOCKET, TCP_NODELAY for SOL_TCP, ...; a number otherwise.
std::string sockoptNameText(uint64_t level, uint64_t name);
/// The option's value as strace prints it from its `bytes` (the length the call gave or the
/// kernel returned): [1] for an int, {l_onoff=1, l_linger=5}, {pid=1, uid=0, gid=0}; empty
/// when strace would show the address.
std::string sockoptValueText(uint64_t level, uint64_t name, std::string_view bytes);

/// The value of `len` bytes at `addr` of the option in `args` (level and name in args[1] and
/// args[2]): sockoptValueText's form, else the bytes quoted and cut at `maxString` as strace's
/// default (a timeval as "\5\0\0\0..."); empty when the bytes cannot be read.
std::string sockoptAt(TraceeMemory& mem, uint64_t addr, uint64_t len, const uint64_t args[6],
                      size_t maxString);

}  // namespace scratch::tracer
