// A signal set as strace prints it, shared by the decoders of the calls that take one (ppoll,
// epoll_pwait, pselect6's mask pair).
#pragma once

#include <cstdint>
#include <string>

namespace scratch::tracer {

/// strace's sprintsigmask: "[USR1 CHLD]", or "~[KILL STOP]" when more than half of the `nsig`
/// signals are in the set (so a full mask reads as "~[]").
std::string sigsetText(uint64_t bits, unsigned nsig = 64);

}  // namespace scratch::tracer
