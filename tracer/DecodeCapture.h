// Decoding is capture at the stop, render on the output side. Formatting a syscall's arguments
// is most of what the tracer does per event beyond the kernel's own stop work (on a read/write
// workload ~0.15 of the ptrace floor); only the memory it shows and the fd names must be taken
// while the tracee is stopped. So at the stops the tracer records those reads and names (a
// capture, tracer/CaptureFormat.h), and the text is rendered later by the same decoder run
// against the recording: on the output thread, at the exit stop when there is none, or from a
// saved JSON trace (`scratch-trace report`), with that command's own -s/-x/-v.
//
// Two ways to capture, one way to render. The common roles (fds, paths, strings, buffers,
// numbers and flags, the sockaddr and struct decoders) are captured by what they read, without
// rendering anything at the stop. A row with any other role (argv, clone's and clone3's
// arguments, wait statuses, signal masks, fcntl/futex/prctl operands, and every role added
// later) is decoded whole at the stops against a recording memory and namer, so the capture
// holds whatever its renderers read without a list of them here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/Events.h"

namespace scratch::tracer {

/// Whether the syscall's decoding can be deferred: true for every row (kept for callers that
/// ask; a row with more than six arguments would not be).
bool deferrable(const SyscallInfo& info);

/// Whether the row is captured by decoding it whole at the stops against a recording (it has a
/// role or a return whose reads this file does not know one by one). Cached per table row.
bool capturedByRendering(const SyscallInfo& info);

/// At the entry stop: starts `capture` with every tracee-memory read and fd name decodeEntry
/// would use for these arguments (the reads go through `mem`, the names through `fdName`).
/// For a row captured by rendering, `shown` gets the entry's texts, which captureExit needs (the
/// exit completes them); otherwise it is cleared.
void captureEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                  const FdNamer& fdName, const DecodeOptions& opts, std::string& capture,
                  std::vector<std::string>& shown);
/// The same without keeping the entry's texts (captureExit then renders them from the capture).
void captureEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                  const FdNamer& fdName, const DecodeOptions& opts, std::string& capture);

/// At the exit stop: the same for decodeExit, formatReturn and decorateDepthReturn. `shown` is
/// what captureEntry left there (cleared here).
void captureExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::string& capture,
                 std::vector<std::string>& shown);
/// The same after the captureEntry that kept nothing.
void captureExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::string& capture);

/// At the exit stop, after captureExit: text the session adds to the return (io_uring_enter's
/// ops), shown after the rendered return.
void captureReturnSuffix(std::string& capture, std::string_view text);

/// Fills event.args (and event.retText when the call finished) from event.decodeCapture, as
/// decodeEntry, decodeExit, formatReturn and decorateDepthReturn would have at the stops; clears
/// decodeDeferred and keeps the capture (a JSON trace saves it). `opts` are the session's, or a
/// replay's (the arch is taken from the event). An event whose capture is not in a known format
/// keeps the args and retText it has.
void completeDecoding(SyscallEvent& event, const DecodeOptions& opts);

}  // namespace scratch::tracer
