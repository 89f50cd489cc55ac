// strace-style rendering of the small structs the kernel fills or reads for common calls
// (SyscallTable.h roles StatOut, StatxOut, TimespecIn, TimespecOut, RlimitIn, RlimitOut,
// UtsnameOut, DirentsOut), at strace 6.1's abbreviation level. Pure given a TraceeMemory, so the
// decoder, the deferred-decoding capture (which records the reads) and the tests share it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// Whether `role` is one of the struct roles this file renders.
bool isStructRole(ArgRole role);

/// Whether the row has an argument of a struct role.
bool hasStructArgs(const SyscallInfo& info);

/// Renders argument `i` of a struct role as it looks at the entry stop: a struct the call gives
/// the kernel in full ({tv_sec=1, tv_nsec=0}), one the kernel fills as its address.
void decodeStructArg(const SyscallInfo& info, size_t i, const uint64_t args[6], TraceeMemory& mem,
                     const DecodeOptions& opts, std::string& out);

/// At the exit stop of a successful call: the structs the kernel filled, in `out` (as strace
/// shows them: {st_mode=S_IFREG|0644, st_size=1234, ...}, 0x... /* 3 entries */).
void decodeStructExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                      TraceeMemory& mem, const DecodeOptions& opts, std::vector<std::string>& out);

/// The most getdents64 bytes read to count entries (larger buffers show just the address).
constexpr uint64_t kDirentsReadMax = 65536;

}  // namespace scratch::tracer
