// strace 6.1's rendering of iovec arrays (readv/writev/preadv/pwritev and their v2 forms):
// [{iov_base="hello", iov_len=5}, ...], the data shown up to what the call moved, quoted as
// strace quotes strings (-x / -xx respected). Reads the array, in the layout of the stop's arch
// (tracer/StructLayouts32.h), and the buffers through a TraceeMemory, so the unit tests use a
// fake tracee.
#pragma once

#include <cstdint>
#include <string>

#include "tracer/ArgDecoder.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// The iovec array of `count` elements at `addr`; each buffer shown up to its length, the
/// whole array up to `dataLimit` bytes (the return of a read, or no limit for a write: ~0),
/// each string cut at -s (opts.maxString). The address alone when the array cannot be read.
std::string iovecText(TraceeMemory& mem, uint64_t addr, uint64_t count, uint64_t dataLimit,
                      const DecodeOptions& opts);

}  // namespace scratch::tracer
