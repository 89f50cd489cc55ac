// Every change the tracer makes to a tracee's registers or memory, in one place: skipping a
// syscall (the kernel runs nothing and the exit reports ENOSYS) and clearing a flag the tracer
// refuses (CLONE_UNTRACED). Each is one or two ptrace calls on a stopped task; each says
// whether it worked, since a task killed meanwhile refuses them (ESRCH).
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "tracer/Events.h"

namespace scratch::tracer {

/// At a syscall-entry (or seccomp) stop: orig_rax = -1, so the kernel skips the call; the
/// session sets its return value at the exit stop (setSyscallReturn).
bool skipSyscall(pid_t tid);

/// At a syscall-exit stop: the value the task sees returned (rax).
bool setSyscallReturn(pid_t tid, int64_t value);

/// At a syscall-entry stop: the first argument's register (rdi; ebx for an i386 call).
bool setFirstArgument(pid_t tid, Arch arch, uint64_t value);

/// One 64-bit word of tracee memory (e.g. clone3's flags in its struct clone_args).
bool pokeWord(pid_t tid, uint64_t address, uint64_t value);

}  // namespace scratch::tracer
