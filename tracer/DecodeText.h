// The text pieces every argument renderer is made of: numbers, addresses, strace's escaping and
// quoting of strings, tracee strings and buffers read for showing, fds with their paths (-y).
// Internal to the decoder's files (ArgDecoder.h exposes escapeString and setHexStrings).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tracer/ArgDecoder.h"
#include "tracer/FlagNames.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// What a role's renderer may read: the row, every argument of the call (a role's shape may
/// depend on another argument), the tracee's memory and fd names, the options.
struct ArgContext {
    const SyscallInfo& info;
    const uint64_t* args;
    TraceeMemory& mem;
    const FdNamer& fdName;
    const DecodeOptions& opts;
};

/// Whether the stop's arguments are the i386 ABI's (32-bit ints and pointers).
inline bool is32(const DecodeOptions& opts) { return opts.arch == Arch::I386; }

/// An int-typed argument. The upper half of a 64-bit register is not part of an int (i386
/// arguments arrive zero-extended, and so do some x86_64 ones), so 0x00000000ffffffff is -1.
int64_t asInt(uint64_t v, const DecodeOptions& opts);

/// Decimal text of an integer without fmt's format-string machinery (every call has some).
template <typename Int>
std::string decimal(Int v) {
    return fmt::format_int(v).str();
}

/// The same, appended to `out`.
template <typename Int>
void appendDecimal(std::string& out, Int v) {
    const fmt::format_int text(v);
    out.append(text.data(), text.size());
}

/// Appends "0x..." in lowercase, as fmt's {:#x} (0 is "0x0").
void appendHex(std::string& out, uint64_t v);
/// "0x..." for a number, "0" for zero.
std::string hex(uint64_t v);
/// "0x..." for an address, "NULL" for zero.
std::string addr(uint64_t v);
/// The same, appended to `out`.
void appendAddr(std::string& out, uint64_t v);

/// escapeString into `out`, plus octal escapes for `extra` characters (strace escapes '<' '>'
/// in -y paths).
void appendEscaped(std::string& out, std::string_view bytes, std::string_view extra = {});
/// An fd's path (or the cwd of AT_FDCWD) between strace -y's <...>: escaped with '<' '>' in
/// octal, or all in \\xNN under -xx (and -x when a byte is not printable), as strace does.
void appendFdPath(std::string& out, std::string_view path);
/// Appends `bytes` quoted as strace does (-x / -xx respected), "..." after when truncated.
void appendQuoted(std::string& out, std::string_view bytes, bool truncated);

/// A NUL-terminated string in the tracee: "..." quoted, NULL, or the address when unreadable.
std::string tracedString(TraceeMemory& mem, uint64_t p, size_t maxLen);
/// The same, appended to `out` (the argument's own string keeps its room between events).
void appendTracedString(std::string& out, TraceeMemory& mem, uint64_t p, size_t maxLen);
/// A buffer of `len` bytes at `p` shown up to maxString bytes, appended to `out`.
void appendTracedBuffer(std::string& out, TraceeMemory& mem, uint64_t p, uint64_t len,
                        size_t maxString);

/// "3</etc/passwd>" (strace -y), "3" without a name; " (deleted)" shown as strace shows it.
std::string fdText(int64_t fd, const FdNamer& fdName, const DecodeOptions& opts);
/// The same, appended to `out`.
void appendFdText(std::string& out, int64_t fd, const FdNamer& fdName, const DecodeOptions& opts);

/// An octal mode: "0644", "000".
std::string modeText(uint64_t mode);
/// appendFlags into a new string.
std::string flagsText(uint64_t v, std::span<const FlagName> names, std::string_view zero = {},
                      std::string_view hint = {});
/// appendEnum into a new string.
std::string enumText(uint64_t v, std::span<const FlagName> names, std::string_view hint = {},
                     bool decimal = false);

}  // namespace scratch::tracer
