#include "tracer/SyscallEffects.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sys/ioctl.h>

#include <algorithm>

namespace scratch::tracer {
namespace {

/// The flags of open and openat, what creat means (O_CREAT|O_WRONLY|O_TRUNC); 0 for the rest.
uint64_t openFlags(const RecordedStop& stop) {
    switch (stop.facts.id) {
        case SpecialCall::Open:
            return stop.args[1];
        case SpecialCall::Openat:
            return stop.args[2];
        case SpecialCall::Creat:
            return static_cast<uint64_t>(O_CREAT | O_WRONLY | O_TRUNC);
        default:
            return 0;
    }
}

/// Whether the fd an open-like call returns stays open across execve: open and openat
/// without O_CLOEXEC, and creat. Any other (openat2's flags are in memory, open_tree's are
/// its own) counts as close-on-exec, which only costs a lookup after the exec.
bool openKeepsFdOnExec(const RecordedStop& stop) {
    const SpecialCall id = stop.facts.id;
    const bool openLike =
        id == SpecialCall::Open || id == SpecialCall::Openat || id == SpecialCall::Creat;
    return openLike && !(openFlags(stop) & O_CLOEXEC);
}

int fdArg(const RecordedStop& stop, int i) { return static_cast<int>(stop.args[i]); }

}  // namespace

RecordedStop recordedStop(const SyscallEvent& ev, CallFacts facts) {
    RecordedStop stop;
    stop.info = ev.info();
    stop.facts = facts;
    std::copy(ev.rawArgs, ev.rawArgs + 6, stop.args);
    stop.ret = ev.ret;
    stop.failed = ev.err != 0;
    return stop;
}

uint64_t newPairAddress(const RecordedStop& stop) {
    if (stop.facts.id == SpecialCall::Socketpair) return stop.args[3];
    if (stop.facts.id == SpecialCall::Pipe) return stop.args[0];
    return 0;
}

OpenedFd openedFd(const RecordedStop& stop, const PathRef* entryPath, bool racy) {
    OpenedFd out;
    if (stop.failed || stop.info == nullptr || stop.info->ret != RetRole::Fd || stop.ret < 0) {
        return out;
    }
    const SpecialCall id = stop.facts.id;
    out.fd = static_cast<int>(stop.ret);
    out.keptOnExec = openKeepsFdOnExec(stop);
    out.pathExisted = entryPath != nullptr && entryPath->exists && entryPath->ino != 0 && !racy;
    // O_TMPFILE's path is the directory the unnamed file was made in, not what the fd is.
    out.unnamed = entryPath != nullptr && (openFlags(stop) & O_TMPFILE) == O_TMPFILE;
    // Never an entry resolution that found nothing to read (an unreadable path), nor
    // openat2's (its RESOLVE_ flags are the kernel's to apply): the installed fd decides.
    if (out.pathExisted && !out.unnamed && id != SpecialCall::Fsopen &&
        id != SpecialCall::Fsmount && id != SpecialCall::Openat2) {
        out.from = OpenedFd::From::EntryPath;
    } else if (entryPath != nullptr) {
        out.from = OpenedFd::From::Proc;  // a newly created file did not exist at the entry
    } else {
        out.from = OpenedFd::From::Forget;  // socket, pipe, ...: learnt lazily on first use
    }
    return out;
}

void applyFdRules(const RecordedStop& stop, SharedFdTable& fds) {
    if (stop.failed) return;
    const SpecialCall id = stop.facts.id;
    const uint64_t* a = stop.args;
    switch (id) {
        case SpecialCall::Dup:
            if (stop.ret >= 0) fds->copyFd(fdArg(stop, 0), static_cast<int>(stop.ret), true);
            break;
        case SpecialCall::Fcntl:
            if ((a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC) && stop.ret >= 0) {
                // F_DUPFD clears the new fd's close-on-exec flag; F_DUPFD_CLOEXEC sets it.
                fds->copyFd(fdArg(stop, 0), static_cast<int>(stop.ret), a[1] == F_DUPFD);
            } else if (a[1] == F_SETFD) {
                fds->setKeptOnExec(fdArg(stop, 0), !(a[2] & FD_CLOEXEC));
            }
            break;
        case SpecialCall::Close:
            fds->erase(fdArg(stop, 0));
            break;
        case SpecialCall::Dup2: {
            // dup2 clears the flag; dup3 sets it with O_CLOEXEC in its third argument. Onto
            // itself, dup2 changes nothing (dup3 fails with EINVAL).
            const bool kept = stop.info == nullptr || stop.info->nargs < 3 || !(a[2] & O_CLOEXEC);
            fds->copyFd(fdArg(stop, 0), fdArg(stop, 1), kept);
            break;
        }
        case SpecialCall::Ioctl:
            if (a[1] == FIOCLEX || a[1] == FIONCLEX) {
                fds->setKeptOnExec(fdArg(stop, 0), a[1] == FIONCLEX);
            }
            break;
        case SpecialCall::CloseRange: {
            // Unshared first, then closed (or only marked close-on-exec: the fds stay open).
            if (a[2] & CLOSE_RANGE_UNSHARE) fds = std::make_shared<FdTable>(*fds);
            const auto first = static_cast<unsigned>(a[0]);
            const auto last = static_cast<unsigned>(a[1]);
            if (a[2] & CLOSE_RANGE_CLOEXEC) {
                fds->setRangeCloseOnExec(first, last);
            } else {
                fds->eraseRange(first, last);
            }
            break;
        }
        case SpecialCall::Pipe:
        case SpecialCall::Socketpair:
            // Two new fds written to memory: forget any stale knowledge of those numbers.
            if (stop.newPair[0] >= 0) fds->erase(stop.newPair[0]);
            if (stop.newPair[1] >= 0) fds->erase(stop.newPair[1]);
            break;
        case SpecialCall::Unshare:
            if (a[0] & CLONE_FILES) fds = std::make_shared<FdTable>(*fds);  // its own from now
            break;
        default:
            break;
    }
}

ResolutionEffects resolutionEffects(const RecordedStop& stop, bool pathExisted) {
    ResolutionEffects out;
    if (stop.failed) return out;
    const CallFacts facts = stop.facts;
    if (facts.flags & (kFactMovesRoots | kFactChangesMounts)) {
        // Only a cwd moved: the container's mount tables stay (re-reading them costs).
        const bool cwdOnly = facts.id == SpecialCall::Chdir || facts.id == SpecialCall::Chroot;
        out.forget =
            cwdOnly ? ResolutionEffects::Forget::Views : ResolutionEffects::Forget::ViewsAndMounts;
        out.unshareFs = facts.id == SpecialCall::Unshare && (stop.args[0] & CLONE_FS);
        out.checkRoots = (facts.flags & kFactMovesRoots) != 0;
        return out;
    }
    // An O_CREAT open changes names only when it created the file: `>/dev/null` in a shell
    // loop must not empty the cache at every command.
    const bool opens = facts.id == SpecialCall::Open || facts.id == SpecialCall::Openat;
    if (facts.flags & kFactChangesNames) {
        out.forget = ResolutionEffects::Forget::Names;
        out.markDeleted = true;
    } else if (opens && (openFlags(stop) & O_CREAT) && !pathExisted) {
        out.forget = ResolutionEffects::Forget::Names;
    }
    return out;
}

}  // namespace scratch::tracer
