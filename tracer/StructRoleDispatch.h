// The argument roles of issue 21's second round of depth (SyscallTable.h, from StatfsOut on):
// which role reads what, at the entry or the exit stop, and what strace adds to the return
// ("(Timeout)", poll's revents, select's "in [3], left {...}"). The renderers are the pure
// functions of StructDecodersTime/System/Poll, CredDecoders, IovecDecoder and SockoptDecoder;
// this file only reads the tracee's memory for them, so the decoder, the deferred-decoding
// capture (which records the reads) and the tests share it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// Whether `role` is one of this file's roles, or of tracer/CallDepthRoles.h's (which this
/// file's functions hand those to).
bool isDepthRole(ArgRole role);

/// Whether the row has an argument of one of this file's roles (cached per table row).
bool hasDepthArgs(const SyscallInfo& info);

/// Argument `i` (a depth role) as it looks at the entry stop: what the call gives the kernel in
/// full, what the kernel fills as its address. False when strace leaves the argument out.
bool decodeDepthArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                    const FdNamer& fdName, const DecodeOptions& opts, std::string& out);

/// At the exit stop: the arguments the kernel filled, in `out` (a failed call keeps the
/// addresses, as strace's does; a sleep's remaining time shows only when a signal cut it).
void decodeDepthExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                     TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                     std::vector<std::string>& out);

/// Appends to `retText` what strace prints after the return value of these calls: " (Timeout)",
/// " ([{fd=3, revents=POLLIN}], left {...})", " (in [3], out [4])". Nothing for other rows.
/// An ioctl's return is replaced where its request makes it an fd (NS_GET_USERNS) or a
/// namespace type (NS_GET_NSTYPE).
void decorateDepthReturn(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                         TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                         std::string& retText);

}  // namespace scratch::tracer
