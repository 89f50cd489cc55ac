// Netlink messages as strace 6.1 prints them in the buffers and iovecs of a netlink socket
// (its netlink.c and rtnl_*.c at the basic level): each struct nlmsghdr with NLMSG_* or, on
// NETLINK_ROUTE, RTM_* type names and the NLM_F_* flags that type means (GET: ROOT/MATCH/DUMP,
// NEW: REPLACE/EXCL/CREATE/APPEND), NLMSG_ERROR's {error=-EPERM, msg=...}, NLMSG_DONE's int,
// and rtnetlink's family header (ifinfomsg, ifaddrmsg, rtmsg). The attributes after the
// family header stay raw, quoted in \xNN as strace shows a payload it does not decode. Every
// byte is read through a TraceeMemory, so a RecordingMemory captures what the render needs.
#pragma once

#include <cstdint>
#include <string>

#include "tracer/ArgDecoder.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// The netlink protocol of NETLINK_ROUTE sockets (socket(AF_NETLINK, ..., 0)).
constexpr int kNetlinkRoute = 0;

/// The protocol of a netlink socket strace could not learn (not bound yet: its sock_diag
/// query does not list it): types from NLMSG_* only, flags without the type's meanings.
constexpr int kNetlinkUnknown = -1;

/// Appends the `len` bytes at `addr` as strace prints a netlink buffer of a socket of protocol
/// `protocol` (NETLINK_*, or kNetlinkUnknown): one message as [{nlmsghdr}, payload], several in an
/// array, at most -s (opts.maxString) of them; bytes too short for a header as a \xNN string.
void appendNetlink(std::string& out, TraceeMemory& mem, uint64_t addr, uint64_t len, int protocol,
                   const DecodeOptions& opts);

}  // namespace scratch::tracer

namespace scratch::tracer {

/// A message header's msg_iov when its msg_name is an AF_NETLINK address (strace decodes the
/// iovecs of such a message as netlink, others as strings): [{iov_base=<netlink>, iov_len=N},
/// ...], each buffer as far as what is left of `dataLimit`, at most -s elements.
std::string netlinkIovecText(TraceeMemory& mem, uint64_t addr, uint64_t count, uint64_t dataLimit,
                             int protocol, const DecodeOptions& opts);

}  // namespace scratch::tracer

namespace scratch::tracer {

/// sendto's and recvfrom's buffer (`len` bytes at `addr`) on socket `fd`: appended as netlink
/// messages and true when the namer says `fd` is a netlink socket (tracer/SocketProtocol.h);
/// false, nothing appended, otherwise.
bool appendSocketBuffer(std::string& out, TraceeMemory& mem, const FdNamer& fdName, uint64_t fd,
                        uint64_t addr, uint64_t len, const DecodeOptions& opts);

}  // namespace scratch::tracer
