// Symbolic names of flag sets and enumerations, rendered the way strace renders them.
// Internal to the decoder (ArgDecoder.h exposes the few that reports and tests need).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tracer/SignalNames.h"  // signalName: the decoder names signals too

namespace scratch::tracer {

/// One named value: a bit (for flag sets) or a whole value (for enumerations).
struct FlagName {
    uint64_t value;
    std::string_view name;
};

/// Appends "A|B|0x40" for the set bits of `value` named in `names` (in the table's order, which
/// is ascending by value like strace's xlat tables); a value with no known bit is shown as
/// "0x40 /* unknownHint */" (strace's style) or "0" when zero and `zeroName` is empty.
void appendFlags(std::string& out, uint64_t value, std::span<const FlagName> names,
                 std::string_view zeroName = {}, std::string_view unknownHint = {});

/// Appends the name of `value` from an enumeration, or "0x7 /* unknownHint */" / decimal.
void appendEnum(std::string& out, uint64_t value, std::span<const FlagName> names,
                std::string_view unknownHint = {}, bool unknownDecimal = false);

/// Tables, ascending by value.
std::span<const FlagName> openFlagNames();    ///< O_* without the access mode
std::span<const FlagName> cloneFlagNames();   ///< CLONE_* (without CSIGNAL)
std::span<const FlagName> clone3FlagNames();  ///< clone3's flags: CLONE_* plus CLONE_NEWTIME (0x80)
std::span<const FlagName> nsFlagNames();      ///< CLONE_NEW* incl. CLONE_NEWTIME (unshare/setns)
std::span<const FlagName> mountFlagNames();   ///< MS_*
std::span<const FlagName> umountFlagNames();  ///< MNT_* / UMOUNT_*
std::span<const FlagName> atFlagNames();      ///< AT_*
std::span<const FlagName> accessModeNames();  ///< R_OK ...
std::span<const FlagName> waitOptionNames();  ///< WNOHANG ...
std::span<const FlagName> whenceNames();      ///< SEEK_*
std::span<const FlagName> protNames();        ///< PROT_*
std::span<const FlagName> mapTypeNames();     ///< MAP_SHARED / MAP_PRIVATE / ...
std::span<const FlagName> mapFlagNames();     ///< MAP_* other than the type
std::span<const FlagName> fcntlNames();       ///< F_*
std::span<const FlagName> familyNames();      ///< AF_*
std::span<const FlagName> sockTypeNames();    ///< SOCK_STREAM ...
std::span<const FlagName> sockFlagNames();    ///< SOCK_NONBLOCK | SOCK_CLOEXEC
std::span<const FlagName> ioctlNames();       ///< a few common ioctl requests
std::span<const FlagName> prctlNames();       ///< PR_*
std::span<const FlagName> rlimitNames();      ///< RLIMIT_*
std::span<const FlagName> clockNames();       ///< CLOCK_*
std::span<const FlagName> sigprocmaskNames();    ///< SIG_BLOCK ...
std::span<const FlagName> ptraceNames();         ///< PTRACE_*
std::span<const FlagName> seccompOpNames();      ///< SECCOMP_SET_MODE_* ...
std::span<const FlagName> statxMaskNames();      ///< STATX_*
std::span<const FlagName> renameFlagNames();     ///< RENAME_*
std::span<const FlagName> resolveFlagNames();    ///< RESOLVE_* (openat2)
std::span<const FlagName> moveMountFlagNames();  ///< MOVE_MOUNT_*
std::span<const FlagName> openTreeFlagNames();   ///< OPEN_TREE_* and AT_*
std::span<const FlagName> fdFlagNames();         ///< FD_CLOEXEC

}  // namespace scratch::tracer
