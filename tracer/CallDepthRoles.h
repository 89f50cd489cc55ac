// The argument roles of the remaining common calls of issue 21 (SyscallTable.h, from WaitIdType
// on, and mq_open's MqAttr): which role reads what, at the entry or the exit stop. The texts are
// the pure functions of tracer/CallDepthText.h and tracer/SiginfoText.h; this file only reads the
// tracee's memory for them. It is reached through tracer/StructRoleDispatch.h (these are depth
// roles), so the decoder, the deferred-decoding capture (which records the reads) and the tests
// share it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// Whether `role` is one of this file's roles.
bool isCallDepthRole(ArgRole role);

/// Argument `i` (one of this file's roles) as it looks at the entry stop. False when strace
/// leaves the argument out (the high half of a split offset; mq_open's attributes without
/// O_CREAT).
bool decodeCallDepthArg(const SyscallInfo& info, size_t i, const uint64_t args[6],
                        TraceeMemory& mem, const FdNamer& fdName, const DecodeOptions& opts,
                        std::string& out);

/// At the exit stop: argument `i` (one of this file's roles) completed in `out`, which holds what
/// the entry showed: the siginfo, xattr value or mq_attr the kernel filled, sendfile's offset
/// after the call ("[0] => [5]"). A failed call keeps the entry's text, as strace's does.
void completeCallDepthArg(const SyscallInfo& info, size_t i, const uint64_t args[6], int64_t ret,
                          TraceeMemory& mem, const DecodeOptions& opts, std::string& out);

/// A struct timespec given to the kernel ({tv_sec=1, tv_nsec=0}), NULL, or its address when it
/// cannot be read or its layout is not the x86_64 one (futex's timeout).
std::string timespecArgText(TraceeMemory& mem, uint64_t p, const DecodeOptions& opts);

/// What strace adds to the return of these RetRoles: " (SIGUSR1)" (SignalRet), " (SCHED_OTHER)"
/// (SchedPolicyRet); "" for the others and for failures.
std::string callDepthReturnSuffix(RetRole role, int64_t ret);

}  // namespace scratch::tracer
