// What strace learns of a socket's protocol before it decodes the socket's buffers: whether
// it is a netlink socket (the "system.sockprotoname" xattr of /proc/PID/fd/N) and, once the
// socket is bound, its NETLINK_* protocol (strace asks sock_diag; /proc/PID/net/netlink lists
// the same bound sockets). A decoder asks the FdNamer for the pseudo-fd protocolQuery(fd), so
// the answer is recorded in a row's capture like an fd name and a replay renders the same.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <unordered_map>

#include "tracer/ArgDecoder.h"

namespace scratch::tracer {

/// Pseudo-fds at and below this are protocol queries, far from AT_FDCWD and real fds.
constexpr int kProtocolQueryBase = -0x40000000;

/// The pseudo-fd to ask an FdNamer for the protocol of `fd`.
constexpr int protocolQuery(int fd) { return kProtocolQueryBase - fd; }

/// Whether `fd` (as given to an FdNamer) is a protocol query, and of which fd.
constexpr bool isProtocolQuery(int fd, int& real) {
    if (fd > kProtocolQueryBase) return false;
    real = kProtocolQueryBase - fd;
    return true;
}

/// The netlink protocol of `fd` as the namer answers a protocol query: true for a netlink
/// socket, `protocol` its NETLINK_* or -1 when not learnt yet (not bound); false otherwise.
bool netlinkProtocolOf(const FdNamer& fdName, int64_t fd, int& protocol);

/// The tracer's side of the query, cached by socket inode: one xattr per socket, and for a
/// netlink socket a read of /proc/PID/net/netlink until it is found bound.
class SocketProtocols {
  public:
    /// "NETLINK:0" for a bound NETLINK_ROUTE socket, "NETLINK" for an unbound netlink socket,
    /// nullptr for anything else. `fdName`: the fd's name ("socket:[N]").
    const std::string* answer(pid_t tid, int fd, const std::string* fdName);

  private:
    std::unordered_map<uint64_t, std::string> byInode_;  ///< "" when not netlink
};

}  // namespace scratch::tracer
