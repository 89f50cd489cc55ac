// strace 6.1's rendering of message headers (its msghdr.c and mmsghdr.c): sendmsg's struct
// msghdr at the entry, recvmsg's at the exit (the data as far as the return, the control
// messages with received fds named, msg_namelen=128 => 16), and the mmsghdr arrays of sendmmsg
// and recvmmsg with each msg_len. Reads through a TraceeMemory and names fds through an
// FdNamer, so the decoder, the deferred-decoding capture (which records both) and the tests
// share it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// Whether `role` is a message-header role (MsgHdr, MsgHdrOut, MmsgHdrIn, MmsgHdrOut).
bool isMsghdrRole(ArgRole role);

/// Whether the row has an argument of a message-header role.
bool hasMsghdrArgs(const SyscallInfo& info);

/// Argument `i` (a message-header role) as it looks at the entry stop.
void decodeMsghdrArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                     const FdNamer& fdName, const DecodeOptions& opts, std::string& out);

/// At the exit stop of a successful call: recvmsg's header and the mmsghdr arrays as the kernel
/// left them, in `out` (what the entry showed).
void decodeMsghdrExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                      TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                      std::vector<std::string>& out);

/// Appends to `retText` what strace prints after recvmmsg's return: " (Timeout)" for 0, the
/// timeout the kernel left " (left {tv_sec=0, tv_nsec=999996074})" when one was given.
void decorateMsghdrReturn(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                          TraceeMemory& mem, const DecodeOptions& opts, std::string& retText);

/// MSG_* flags (send and receive calls, msg_flags) as strace names them.
void appendMsgFlags(std::string& out, uint64_t flags);

}  // namespace scratch::tracer
