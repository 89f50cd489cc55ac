// strace-style rendering of socket addresses (struct sockaddr; message headers are
// tracer/MsghdrDecoder.h) for the socket calls' argument roles (SyscallTable.h: SockaddrIn,
// SockaddrOut, SocklenPtr, MsgFlags, ShutdownHow). Pure given a TraceeMemory, so the decoder, the
// deferred-decoding capture and the tests share it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// The most bytes of a sockaddr read from a tracee (sizeof(struct sockaddr_storage)).
constexpr size_t kSockaddrMax = 128;

/// Appends the sockaddr in `bytes` (what the buffer holds up to the length the call gave or the
/// kernel returned) as strace 6 prints it: {sa_family=AF_UNIX, sun_path="/run/x.sock"},
/// sun_path=@"name" for an abstract name, {sa_family=AF_INET, sin_port=htons(80),
/// sin_addr=inet_addr("127.0.0.1")}, AF_INET6, AF_NETLINK, and sa_data="..." for the rest.
void appendSockaddr(std::string& out, std::string_view bytes);

/// What a unix sockaddr names: a path in the filesystem, an abstract name, or nothing.
enum class UnixAddrKind : uint8_t { NotUnix, Path, Abstract, Unnamed };

/// Classifies sockaddr bytes; `name` gets the path (up to its NUL) or the abstract name
/// (without the leading NUL).
UnixAddrKind unixAddress(std::string_view bytes, std::string& name);

/// A short form of an address for reports: "/run/x.sock", "@name", "127.0.0.1:80",
/// "[::1]:80", "netlink pid 0"; empty when there is nothing to say.
std::string addressText(std::string_view bytes);

/// Reads the sockaddr of `len` bytes at `addr` (at most kSockaddrMax) into `buf`; false when
/// there is nothing to read or the read fails.
bool readSockaddr(TraceeMemory& mem, uint64_t addr, uint64_t len, std::string& buf);

/// Renders argument `i` when its role is one of the socket roles, as it looks at the entry
/// stop (an out-sockaddr shows its address until decodeSocketExit fills it); false otherwise.
bool decodeSocketArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                     const DecodeOptions& opts, std::string& out);

/// At the exit stop of a successful call: fills the out-sockaddrs and their lengths
/// ("[110 => 2]") in `out`, as strace shows them.
void decodeSocketExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                      TraceeMemory& mem, const DecodeOptions& opts, std::vector<std::string>& out);

/// Whether the row has an argument of a socket role (its decoding reads sockaddrs).
bool hasSocketArgs(const SyscallInfo& info);

}  // namespace scratch::tracer
