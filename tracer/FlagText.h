// Flags, enumerations and signal sets rendered as strace renders them, for the roles whose text
// is a function of the argument's value alone (the name tables are in tracer/FlagNames.h).
// Internal to the decoder's files (ArgDecoder.h exposes the few that tests and reports need).
#pragma once

#include <cstdint>
#include <string>

#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// "SIGCHLD", "SIGRT_3"; the number for one that is no signal.
std::string signalText(int64_t sig);

/// A set of `nsig` signals as strace shows it: "[HUP CHLD]", or "~[KILL STOP]" when more than
/// half of them are in it. The one sigset renderer (sa_mask, rt_sigprocmask, ...).
std::string sigsetText(uint64_t bits, unsigned nsig = 64);

/// The sigset of `size` bytes (1 to 8) at `p`: NULL, the address when unreadable or of another
/// size, else sigsetText.
std::string sigsetAt(TraceeMemory& mem, uint64_t p, uint64_t size);

/// F_OK, or R_OK|W_OK ...
std::string accessModeText(uint64_t mode);
/// MAP_PRIVATE|MAP_ANONYMOUS: the type, then the flags.
std::string mapFlagsText(uint64_t flags);
/// SOCK_STREAM|SOCK_CLOEXEC: the type, then the flags.
std::string sockTypeText(uint64_t v);
/// STATX_* (STATX_ALL for BASIC_STATS|BTIME, as strace names it).
std::string statxMaskText(uint64_t v);
/// AT_* of the roles isAtFlagsRole() accepts: AtFlags, StatxAtFlags, EaccessAtFlags.
std::string atFlagsText(ArgRole role, uint64_t v);
/// The flags of the mount API roles: FsopenFlags, FsmountFlags, FspickFlags, MoveMountFlags,
/// OpenTreeFlags.
std::string mountApiFlagsText(ArgRole role, uint64_t v);
/// The flags of an fd-creating call's role (EPOLL_CLOEXEC, IN_NONBLOCK, EFD_*, SFD_*, TFD_*,
/// MFD_*, O_* of userfaultfd).
std::string fdCreateFlagsText(ArgRole role, uint64_t v);
/// The constants of one call's role: MADV_* (MadviseAdvice), POSIX_FADV_* (FadviseAdvice),
/// GRND_* (GrndFlags), ARCH_* (ArchPrctlCode).
std::string namedValueText(ArgRole role, uint64_t v);

/// Whether O_* flags give an open a mode argument (O_CREAT, O_TMPFILE).
bool hasMode(uint64_t openFlags);

}  // namespace scratch::tracer
