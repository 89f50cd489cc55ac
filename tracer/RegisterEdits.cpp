#include "tracer/RegisterEdits.h"

#include <sys/ptrace.h>
#include <sys/user.h>

namespace scratch::tracer {

bool skipSyscall(pid_t tid) {
    user_regs_struct regs{};
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) != 0) return false;
    regs.orig_rax = static_cast<unsigned long long>(-1);
    return ptrace(PTRACE_SETREGS, tid, 0, &regs) == 0;
}

bool setSyscallReturn(pid_t tid, int64_t value) {
    user_regs_struct regs{};
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) != 0) return false;
    regs.rax = static_cast<unsigned long long>(value);
    return ptrace(PTRACE_SETREGS, tid, 0, &regs) == 0;
}

bool setFirstArgument(pid_t tid, Arch arch, uint64_t value) {
    user_regs_struct regs{};
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) != 0) return false;
    if (arch == Arch::I386) {
        regs.rbx = value;
    } else {
        regs.rdi = value;
    }
    return ptrace(PTRACE_SETREGS, tid, 0, &regs) == 0;
}

bool pokeWord(pid_t tid, uint64_t address, uint64_t value) {
    return ptrace(PTRACE_POKEDATA, tid, address, value) == 0;
}

}  // namespace scratch::tracer
