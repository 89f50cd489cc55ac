// strace 6.1's rendering of a message's control data (msg_control of sendmsg, recvmsg and the
// mmsg calls): [{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3</x>]}],
// SCM_CREDENTIALS as {pid=.., uid=.., gid=..}, the timestamps, the SOL_IP types strace knows,
// and for the rest only the level and the type. Pure over the bytes the caller read, so the
// unit tests feed it strace's own cases.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tracer/FlagNames.h"
#include "tracer/StructDecodersPoll.h"

namespace scratch::tracer {

/// The most control bytes read from a tracee (the kernel's default net.core.optmem_max, rounded
/// as strace rounds it); a longer msg_controllen ends the array with "...".
constexpr uint64_t kControlMax = 20480;

/// Appends the control messages in `control` (the first min(controlLen, kControlMax) bytes at
/// `addr`) as strace prints msg_control's value. `is32`: the i386 layout (4-byte cmsg_len).
/// Fds of SCM_RIGHTS are named by `fds` (strace -y).
void appendControlMessages(std::string& out, std::string_view control, uint64_t addr,
                           uint64_t controlLen, bool is32, const FdText& fds);

/// SOL_SOCKET, SOL_IP, ... or "0x63 /* SOL_??? */" (a cmsg_level, as strace shows it).
void appendSocketLevel(std::string& out, uint64_t level);

/// strace's socketlayers table (SOL_*), ascending: cmsg_level and the socket options' level.
std::span<const FlagName> socketLevelNames();

}  // namespace scratch::tracer
