#include "tracer/CloneGuard.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/UniqueFd.h"
#include "tracer/RegisterEdits.h"

namespace scratch::tracer {

bool isCloneFamily(SpecialCall id) {
    return id == SpecialCall::Clone || id == SpecialCall::Clone3 || id == SpecialCall::Fork ||
           id == SpecialCall::Vfork;
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
    const bool isClone3 = task.callFacts.id == SpecialCall::Clone3;
    if (!isClone3 && task.callFacts.id != SpecialCall::Clone) return CloneEntry::Proceed;
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
        ok = pokeWord(task.tid, ev.rawArgs[0], cleared);
    } else {
        ok = setFirstArgument(task.tid, ev.arch, cleared);
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

namespace {

/// Whether `pid` is a zombie (it already exited: killing it changes nothing).
bool isZombie(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    char buf[512];
    const ssize_t n = fd ? ::read(fd.get(), buf, sizeof buf - 1) : -1;
    if (n <= 0) return true;  // gone altogether
    buf[n] = '\0';
    const char* close = std::strrchr(buf, ')');
    return close == nullptr || close[1] == '\0' || close[2] == 'Z' || close[2] == 'X';
}

/// Kills the children of `tid` (/proc/TID/task/TID/children) that `isTraced` does not know;
/// returns how many.
int killUntracedChildren(pid_t tid, const std::function<bool(pid_t)>& isTraced) {
    char path[96];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", tid, tid);
    UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) return 0;
    char buf[4096];
    const ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
    if (n <= 0) return 0;
    buf[n] = '\0';
    int killed = 0;
    for (char* p = buf; *p != '\0';) {
        char* end = nullptr;
        const long child = std::strtol(p, &end, 10);
        if (end == p) break;
        if (child > 0 && !isTraced(static_cast<pid_t>(child)) &&
            !isZombie(static_cast<pid_t>(child)) &&
            ::kill(static_cast<pid_t>(child), SIGKILL) == 0) {
            ++killed;
        }
        p = end;
    }
    return killed;
}

}  // namespace

void CloneGuard::atExit(const Task& task, const SyscallEvent& ev,
                        const std::function<bool(pid_t)>& isTraced) {
    if (!ev.finished || ev.err != 0 || ev.ret <= 0) return;
    const auto ret = static_cast<pid_t>(ev.ret);
    if (task.newChild != 0) {
        // The usual case: the caller and the child count in the same namespace.
        if (ret == task.newChildNs || (task.newChildNs == 0 && ret == task.newChild)) return;
        // A child in a new PID namespace (or after unshare(CLONE_NEWPID)): its number at the
        // caller's level of the namespace tree.
        const std::vector<pid_t> mine = namespacePids(task.tid);
        const std::vector<pid_t> its = namespacePids(task.newChild);
        // Gone meanwhile: the kernel announced it, so it was traced.
        if (mine.empty() || its.empty()) return;
        if (its.size() >= mine.size() && its[mine.size() - 1] == ret) return;
    }
    const int killed = killUntracedChildren(task.tid, isTraced);
    note(task, ev, TracerNote::Kind::UntracedTask,
         "pid " + std::to_string(ret) + " returned by " + ev.name + " is not traced" +
             (killed > 0 ? " (killed when found)" : ""));
}

}  // namespace scratch::tracer
