// Arguments whose shape depends on another argument of the same call, as strace shows them:
// mount's type and data (ignored for some flags), fcntl's third argument (by command), futex's
// operands (by operation), prctl's operands (by option), an open's mode (only with O_CREAT).
// Each renderer returns false when strace does not show the argument at all.
// Internal to the decoder's files.
#pragma once

#include <cstdint>
#include <string>

#include "tracer/DecodeText.h"

namespace scratch::tracer {

/// MountFsType, MountData: the string, or its address when the MountFlags argument says the
/// kernel ignores it (remount, bind, propagation changes).
bool renderMountArg(const ArgContext& c, size_t i, std::string& out);

/// FcntlArg: FD_CLOEXEC for F_SETFD, O_* for F_SETFL, a number or an address; not shown for the
/// getters.
bool renderFcntlArg(const ArgContext& c, size_t i, std::string& out);
/// After the call: F_GETLK's (and F_OFD_GETLK's) struct flock as the kernel filled it.
void completeFcntlArg(const ArgContext& c, size_t i, int64_t ret, std::string& out);

/// FutexOp: FUTEX_WAIT_PRIVATE, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, ...
std::string futexOpText(uint64_t op);

/// FutexArg: the operands the operation uses (val, timeout, uaddr2, val3 or bitset).
/// Whether futex's argument i is a timeout the decoder reads (a struct timespec *) for this op.
bool futexArgIsTimeout(uint64_t op, size_t i);
bool renderFutexArg(const ArgContext& c, size_t i, std::string& out);

/// PrctlArg: the option's operands (a capability, a name, a signal, numbers), none for most
/// getters.
bool renderPrctlArg(const ArgContext& c, size_t i, std::string& out);

/// At the exit of PR_GET_NAME: the name the kernel wrote.
void completePrctlArg(const ArgContext& c, size_t i, int64_t ret, std::string& out);

/// OpenMode, MqAttr: shown only when the OpenFlags argument has O_CREAT or O_TMPFILE.
bool openModeShown(const ArgContext& c);

}  // namespace scratch::tracer
