// The i386 layouts of the structs the decoders show (issue 21). A struct that an i386 call
// (int $0x80 from a 64-bit process, or a 32-bit program) gives or gets has 32-bit longs,
// pointers and time_t, and stat64/statfs64 their own packing. Each layout lists its fields and
// where the x86_64 struct has them: the struct is read in the stop's layout and widened into the
// x86_64 bytes, which the one renderer of that struct shows (StructDecoders*,
// StructRoleDispatch, IovecDecoder). A layout per arch, not a decoder per arch; the role of the
// argument says which struct it is, the stop's arch which layout.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// One field of an i386 struct and its place in the x86_64 one.
struct FieldMove {
    uint16_t from = 0;      ///< offset in the i386 struct
    uint8_t fromSize = 0;   ///< its size: 2, 4 or 8 bytes
    bool isSigned = false;  ///< sign-extended (time_t, long) rather than zero-extended
    uint16_t to = 0;        ///< offset in the x86_64 struct
    uint8_t toSize = 0;     ///< its size there: 2, 4 or 8 bytes
};

/// A struct's i386 layout: its size and its fields (the x86_64 fields it has no counterpart
/// for stay zero, as padding does).
struct Layout32 {
    size_t size = 0;        ///< sizeof the i386 struct
    size_t nativeSize = 0;  ///< sizeof the x86_64 struct it widens to
    std::span<const FieldMove> fields;
};

/// The layout the struct of `role` has on `arch`, or nullptr when it is the x86_64 one (every
/// arch but i386, the structs i386 lays out alike, the 64-bit-time roles).
const Layout32* layoutFor(ArgRole role, Arch arch);

/// Whether the decoders know how `arch` lays out what `role` points to: false for the i386
/// structs no layout describes yet (they stay addresses, as before this file).
bool layoutKnown(ArgRole role, Arch arch);

/// `count` structs in `layout` (packed one after the other in `bytes`) widened into x86_64
/// ones in `out`.
void widenArray(const Layout32& layout, std::string_view bytes, size_t count, std::string& out);

/// Reads `count` structs of `role` at `p` in the layout of the stop's arch and gives their
/// x86_64 bytes (`nativeSize` each) in `out`: false when they cannot all be read.
bool readStructs(ArgRole role, uint64_t p, size_t nativeSize, size_t count, TraceeMemory& mem,
                 const DecodeOptions& opts, std::string& out);

/// The same for one struct.
inline bool readStruct(ArgRole role, uint64_t p, size_t nativeSize, TraceeMemory& mem,
                       const DecodeOptions& opts, std::string& out) {
    return readStructs(role, p, nativeSize, 1, mem, opts, out);
}

/// The role whose renderer shows `role`: the 64-bit-time and 64-bit-rlimit twins of the i386
/// calls (Timespec64In, Rlimit64Out, Stat64Out, ...) are shown as their base role is; every other
/// role is its own.
ArgRole baseRole(ArgRole role);

}  // namespace scratch::tracer
