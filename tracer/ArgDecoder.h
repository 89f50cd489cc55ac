// Turns raw syscall arguments into strace-style text, by the argument and return roles of the
// syscall's table row (tracer/SyscallTable.h) only. Pure given a TraceeMemory and an fd namer,
// so it is unit-tested through a fake tracee.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// Paths are shown up to PATH_MAX, not cut at -s (as strace does).
constexpr size_t kDecodePathMax = 4096;

/// Options that change how arguments are shown (strace's -s, -v, -y).
struct DecodeOptions {
    size_t maxString = 32;    ///< -s N: strings longer than this are cut and end with "..."
    bool showEnv = false;     ///< show envp in full instead of "0x... /* N vars */"
    bool showFdPaths = true;  ///< -y: fds shown as 3</etc/passwd>
    /// The ABI of the stop: i386 arguments are 32-bit (sign of ints, clone's tls/child_tid order).
    Arch arch = Arch::X86_64;
};

/// Gives the path of an fd of the current task (for -y): a pointer to a string the namer owns,
/// valid until its next call, or nullptr (or empty) when unknown. A pointer, not a copy: the
/// decoder names an fd in most syscalls, and a copy was an allocation per long path. Asked for
/// AT_FDCWD (-100) it may give the task's cwd, which then shows as `AT_FDCWD</cwd>` like
/// strace 6 -y; nothing keeps the plain `AT_FDCWD`.
using FdNamer = std::function<const std::string*(int fd)>;

/// strace's -x (strings with a non-ASCII byte all in \\xNN) and -xx (every string in \\xNN).
enum class HexStrings : uint8_t { Never, NonAscii, All };
/// Sets how quoted strings are shown, for the whole process; called once, before decoding.
void setHexStrings(HexStrings mode);
/// The mode setHexStrings set (the start record saves it, so a replay renders the same).
HexStrings hexStrings();

/// Escapes bytes as strace does: \n \t \" \\ and \ooo / \xNN for the rest of the non-printables.
/// Non-UTF-8 bytes are escaped, so the result is always valid ASCII.
std::string escapeString(std::string_view bytes);

/// Decodes the arguments of a syscall at its entry. `out` gets one string per argument strace
/// shows (an open's mode without O_CREAT, fcntl's getters' third argument are left out).
/// Output-only arguments (buffers the kernel fills) are shown as addresses here and completed by
/// decodeExit.
void decodeEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::vector<std::string>& out);

/// Completes arguments that are only meaningful after the call (read buffers, pipe fds, ...).
void decodeExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                const FdNamer& fdName, const DecodeOptions& opts, std::vector<std::string>& out);

/// The return value as strace shows it: "3</etc/passwd>", "-1 ENOENT (No such file or
/// directory)", "0x7f... ", "?" for no return.
std::string formatReturn(const SyscallInfo& info, int64_t ret, const FdNamer& fdName,
                         const DecodeOptions& opts);

/// The same, given the arguments too: returns whose shape depends on them (RetRole FcntlRet,
/// PrctlRet) come out as strace shows them (F_DUPFD gives an fd, F_GETFL "0x8002 (flags
/// O_RDWR|O_LARGEFILE)"). Prefer this one when the arguments are at hand.
std::string formatReturn(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                         const FdNamer& fdName, const DecodeOptions& opts);

/// The access an open-style call makes, from its O_* flags: read/write from the access mode,
/// create with O_CREAT/O_TMPFILE, write with O_TRUNC, stat only for O_PATH.
uint8_t openAccess(uint64_t openFlags);

/// Flag renderers (tracer/FlagText.cpp): formatOpenFlags for the io_uring log lines too, the
/// others for the unit tests.
std::string formatOpenFlags(uint64_t flags);
std::string formatCloneFlags(uint64_t flags);
std::string formatMountFlags(uint64_t flags);
std::string formatSignal(int sig);
/// "ENOENT" for 2; "E<n>" for unknown numbers (also the reports' errno names, reports/Names.h).
std::string errnoName(int err);

}  // namespace scratch::tracer
