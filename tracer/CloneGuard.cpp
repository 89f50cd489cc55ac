#include "tracer/CloneGuard.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/UniqueFd.h"

namespace scratch::tracer {

bool isCloneFamily(SyscallId id) {
    return id == SyscallId::Clone || id == SyscallId::Clone3 || id == SyscallId::Fork ||
           id == SyscallId::Vfork;
}

void CloneGuard::note(const Task& task, const SyscallEvent& ev, TracerNote::Kind kind,
                      std::string detail) {
    TracerNote n{kind};
    n.tid = task.tid;
    n.nspid = task.nstid;
    n.seq = ev.seq;
    n.detail = std::move(detail);
    listener_.onNote(n);
}

CloneEntry CloneGuard::atEntry(Task& task, const SyscallEvent& ev, TraceeMemory& memory) {
    task.newChild = 0;
    task.pendingCloneFlags = 0;
    const bool isClone3 = task.kind.id == SyscallId::Clone3;
    if (!isClone3 && task.kind.id != SyscallId::Clone) return CloneEntry::Proceed;
    uint64_t flags = ev.rawArgs[0];
    if (isClone3 && ev.rawArgs[0] != 0 &&
        memory.read(ev.rawArgs[0], &flags, sizeof flags) != sizeof flags) {
        // The kernel can read what the tracer cannot (memfd_secret memory): a child made from
        // flags nobody saw could carry CLONE_UNTRACED. (A NULL pointer fails with EFAULT.)
        note(task, ev, TracerNote::Kind::UntracedTask,
             "prevented: clone3 arguments the tracer cannot read; refused with ENOSYS");
        return CloneEntry::Refuse;
    }
    if (isClone3 && ev.rawArgs[0] == 0) return CloneEntry::Proceed;
    task.pendingCloneFlags = flags;
    if (!(flags & CLONE_UNTRACED)) return CloneEntry::Proceed;
    // Clear the flag before the kernel sees it: the argument register at syscall-entry-stop,
    // clone3's struct in tracee memory.
    const uint64_t cleared = flags & ~static_cast<uint64_t>(CLONE_UNTRACED);
    bool ok = false;
    if (isClone3) {
        ok = ptrace(PTRACE_POKEDATA, task.tid, ev.rawArgs[0], cleared) == 0;
    } else {
        user_regs_struct regs{};
        if (ptrace(PTRACE_GETREGS, task.tid, 0, &regs) == 0) {
            if (ev.arch == Arch::I386) {
                regs.rbx = cleared;
            } else {
                regs.rdi = cleared;
            }
            ok = ptrace(PTRACE_SETREGS, task.tid, 0, &regs) == 0;
        }
    }
    if (!ok) {
        note(task, ev, TracerNote::Kind::UntracedTask,
             "prevented: " + ev.name +
                 " with CLONE_UNTRACED that could not be cleared; refused "
                 "with ENOSYS");
        return CloneEntry::Refuse;
    }
    note(task, ev, TracerNote::Kind::UntracedCloneBlocked,
         ev.name + " with CLONE_UNTRACED: flag removed, the child is traced");
    task.pendingCloneFlags = cleared;
    return CloneEntry::Proceed;
}

std::vector<pid_t> CloneGuard::namespacePids(pid_t tid) {
    std::vector<pid_t> pids;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) return pids;
    char buf[4096];
    const ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
    if (n <= 0) return pids;
    buf[n] = '\0';
    const char* line = std::strstr(buf, "\nNSpid:");
    if (line == nullptr) return pids;
    const char* p = line + 7;
    while (*p != '\0' && *p != '\n') {
        char* end = nullptr;
        const long v = std::strtol(p, &end, 10);
        if (end == p) break;
        pids.push_back(static_cast<pid_t>(v));
        p = end;
    }
    return pids;
}

void CloneGuard::atExit(const Task& task, const SyscallEvent& ev, const Task* child) {
    if (!ev.finished || ev.err != 0 || ev.ret <= 0) return;
    const auto ret = static_cast<pid_t>(ev.ret);
    if (child != nullptr) {
        // The usual case: the caller and the child count in the same namespace.
        if (ret == child->nstid || (child->nstid == 0 && ret == child->tid)) return;
        // A child in a new PID namespace (or after unshare(CLONE_NEWPID)): its number at the
        // caller's level of the namespace tree.
        const std::vector<pid_t> mine = namespacePids(task.tid);
        const std::vector<pid_t> its = namespacePids(child->tid);
        if (mine.empty() || its.empty()) return;  // gone meanwhile: nothing left to ask
        if (its.size() >= mine.size() && its[mine.size() - 1] == ret) return;
    }
    note(task, ev, TracerNote::Kind::UntracedTask,
         "pid " + std::to_string(ret) + " returned by " + ev.name + " is not traced");
}

}  // namespace scratch::tracer
