// Decoding later, on another thread, exactly as it would have been at the stop. Formatting a
// syscall's arguments is most of what the tracer does per event beyond the kernel's own stop
// work (on a read/write workload ~0.15 of the ptrace floor); only the memory it shows and the
// fd names must be taken while the tracee is stopped. For the syscalls whose decoding reads
// nothing but their arguments' own strings and buffers, the tracer records those reads and
// names (a capture) and the output thread runs the same decoder against the recording.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/Events.h"

namespace scratch::tracer {

/// Whether the syscall's decoding can be deferred: every argument role is plain (numbers,
/// flags, fds, a path or string, a buffer sized by the next argument or the return value, the
/// sockaddrs and structs whose reads the capture records), and so is the return's. Cached per
/// table row.
bool deferrable(const SyscallInfo& info);

/// At the entry stop: appends to `capture` every tracee-memory read and fd name decodeEntry
/// would use for these arguments (the reads go through `mem`, the names through `fdName`).
void captureEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                  const FdNamer& fdName, const DecodeOptions& opts, std::string& capture);

/// At the exit stop: the same for decodeExit and formatReturn.
void captureExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::string& capture);

/// Fills event.args (and event.retText when the call finished) from event.decodeCapture, as
/// decodeEntry, decodeExit and formatReturn would have at the stops; clears decodeDeferred.
/// `opts` are the session's options (the arch is taken from the event).
void completeDecoding(SyscallEvent& event, const DecodeOptions& opts);

}  // namespace scratch::tracer
