// clone and clone3 as strace shows them: clone's registers named and reordered (CloneArg), the
// struct clone_args of clone3 (Clone3Args), and what the kernel wrote back at the exit.
// Internal to the decoder's files.
#pragma once

#include <cstdint>
#include <string>

#include "tracer/DecodeText.h"

namespace scratch::tracer {

/// Slot `slot` of clone's arguments in strace's order (child_stack=, flags=, parent_tid=, tls=,
/// child_tidptr=), read from the register the ABI puts it in. False when the flags do not use
/// it (then strace does not show it).
bool renderCloneArg(const ArgContext& c, size_t slot, std::string& out);

/// At the exit of a clone that made a task: parent_tid=[TID] in the slot that showed its address.
void completeCloneArg(const ArgContext& c, size_t slot, int64_t ret, std::string& out);

/// struct clone_args * of clone3, its size in the next argument: "{flags=..., exit_signal=...}".
std::string clone3Text(TraceeMemory& mem, uint64_t p, uint64_t size);

/// At the exit of a successful clone3: " => {pidfd=[5</...>], parent_tid=[42]}" appended.
void completeClone3Args(const ArgContext& c, size_t i, int64_t ret, std::string& out);

}  // namespace scratch::tracer
