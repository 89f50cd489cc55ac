// Arguments the kernel fills: shown as their address at the entry stop and completed at the exit
// of a successful call, as strace shows them (read's buffer up to the return, readlink's
// target, getcwd's string, getrandom's bytes, a pipe's two fds, a wait status, an old sigmask).
// Internal to the decoder's files.
#pragma once

#include <cstdint>
#include <string>

#include "tracer/DecodeText.h"

namespace scratch::tracer {

/// OutBuffer, LinkOut, CwdOut, RandomOut: the bytes the call returned the count of.
void completeOutBuffer(const ArgContext& c, size_t i, int64_t ret, std::string& out);

/// PipeFdsOut: "[3<pipe:[123]>, 4<pipe:[123]>]".
void completePipeFds(const ArgContext& c, size_t i, std::string& out);

/// WaitStatusOut: "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]" when a child was reaped.
void completeWaitStatus(const ArgContext& c, size_t i, int64_t ret, std::string& out);

/// SigmaskOut: the old mask, its size in the call's last argument.
void completeSigmaskOut(const ArgContext& c, size_t i, std::string& out);

}  // namespace scratch::tracer
