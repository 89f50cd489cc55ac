// The session's paths and fd tables: what each syscall's path and fd arguments reached
// (collectPaths at the entry), how a successful call changes the task's fd table and the
// resolver's remembered views (afterSuccess at the exit), the fds the kernel installed, and the
// fds the command inherited at its execve. Split from Session.cpp along that line: the stop loop
// and task lifecycle stay there.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tracer/Openat2Args.h"
#include "tracer/ReceivedFds.h"
#include "tracer/Session.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/SyscallEffects.h"

namespace scratch::tracer {
namespace {

/// The flags of open and openat, what creat means (O_CREAT|O_WRONLY|O_TRUNC); 0 for the rest.
uint64_t openFlags(const SyscallEvent& ev, SpecialCall id) {
    switch (id) {
        case SpecialCall::Open:
            return ev.rawArgs[1];
        case SpecialCall::Openat:
            return ev.rawArgs[2];
        case SpecialCall::Creat:
            return static_cast<uint64_t>(O_CREAT | O_WRONLY | O_TRUNC);
        default:
            return 0;
    }
}

/// Whether the path argument's final symlink is followed (lstat does not, stat does).
bool followsFinal(const SyscallEvent& ev, CallFacts facts, int pathIndex) {
    if (facts.flags & kFactNoFollowFinal) return false;
    switch (facts.id) {
        case SpecialCall::Linkat:
            return pathIndex == 1 && (ev.rawArgs[4] & AT_SYMLINK_FOLLOW);
        case SpecialCall::NameToHandleAt:
            return ev.rawArgs[4] & AT_SYMLINK_FOLLOW;
        case SpecialCall::Umount2:
            return !(ev.rawArgs[1] & 8 /* UMOUNT_NOFOLLOW */);
        case SpecialCall::Open:
        case SpecialCall::Openat:
        case SpecialCall::Creat: {
            const uint64_t flags = openFlags(ev, facts.id);
            if (flags & O_NOFOLLOW) return false;
            if ((flags & O_CREAT) && (flags & O_EXCL)) return false;
            return true;
        }
        default:
            break;
    }
    if (const SyscallInfo* info = ev.info()) {
        for (int i = 0; i < info->nargs; ++i) {
            if (isAtFlagsRole(info->args[i])) {
                return !(ev.rawArgs[i] & AT_SYMLINK_NOFOLLOW);
            }
        }
    }
    return true;
}

/// Calls that copy from one fd to another read one and write the other; the table's access is
/// per syscall, so the direction is per argument here.
uint8_t copyArgAccess(CallFacts facts, int index, uint8_t fallback) {
    if (facts.id == SpecialCall::Sendfile) return index == 0 ? kAccessWrite : kAccessRead;
    if (facts.id == SpecialCall::SpliceLike) return index == 0 ? kAccessRead : kAccessWrite;
    return fallback;
}

/// The access a path or fd use implies; open-like calls refine the table's from their flags.
uint8_t accessOf(const SyscallEvent& ev, CallFacts facts) {
    if (facts.id == SpecialCall::Open || facts.id == SpecialCall::Openat) {
        return openAccess(openFlags(ev, facts.id));
    }
    if (facts.id == SpecialCall::Creat) return kAccessCreate | kAccessWrite;
    const SyscallInfo* info = ev.info();
    return info != nullptr ? info->access : static_cast<uint8_t>(kAccessNone);
}

}  // namespace

void Session::collectPaths(Task& task, SyscallEvent& ev) {
    const SyscallInfo& info = *ev.info();
    const TaskIds ids{task.tid, task.tgid, task.nstid, task.nstgid};
    const CallFacts facts = task.callFacts;
    uint8_t access = accessOf(ev, facts);
    Openat2Args how;
    if (facts.id == SpecialCall::Openat2) {
        how = Openat2Args::read(memory_, ev.rawArgs[2], ev.rawArgs[3]);
        access = how.access();
        if (!how.readable) task.unreadableArgs |= 1U << 2;
    }
    for (int i = 0; i < info.nargs; ++i) {
        const ArgRole role = info.args[i];
        if (role == ArgRole::Path) {
            // symlink's target is content, not a path it uses; mount's source is a path only
            // for bind and move mounts ("proc", "tmpfs", "/dev/sda1" name no file it opens).
            if (i == 0 && facts.id == SpecialCall::Symlink) continue;
            if (i == 0 && facts.id == SpecialCall::Mount &&
                !(ev.rawArgs[3] & (MS_BIND | MS_MOVE))) {
                continue;
            }
            int dirfd = AT_FDCWD;
            if (i > 0 && info.args[i - 1] == ArgRole::DirFd) {
                dirfd = static_cast<int>(ev.rawArgs[i - 1]);
            }
            if (ev.rawArgs[i] == 0 && dirfd != AT_FDCWD &&
                argOfRole(info, ArgRole::UtimensPair) > i) {
                // utimensat(fd, NULL, ...) (futimens): the call operates on the dirfd itself;
                // NULL is no memory the tracer failed to read.
                PathRef& ref = nextPathSlot(ev);
                fillFdRef(task, dirfd, ref);
                ref.access = access;
                continue;
            }
            PathRef& ref = nextPathSlot(ev);
            bool truncated = false;
            if (!memory_.readString(ev.rawArgs[i], 4096, ref.given, &truncated)) {
                ref.given.clear();
                ref.where = Where::Unknown;
                task.unreadableArgs |= 1U << i;  // the exit decides (tracer/UnreadableArgs.h)
                continue;
            }
            ref.access = access;
            ref.fd = -1;
            if (ref.given.empty() && dirfd != AT_FDCWD) {
                // AT_EMPTY_PATH: the call operates on the dirfd itself.
                fillFdRef(task, dirfd, ref);
                ref.access = access;
                continue;
            }
            if (facts.id == SpecialCall::Openat2) {
                resolver_.resolvePath(ids, dirfd, how.pathToResolve(ref.given), how.followsFinal(),
                                      ref);
            } else {
                resolver_.resolvePath(ids, dirfd, ref.given, followsFinal(ev, facts, i), ref);
            }
            // /proc/self/fd/0 and the like: the command's own stream, if no wider access.
            ref.stdio = stdio_.coversPath(ref);
        } else if (role == ArgRole::SockaddrIn) {
            // An AF_UNIX socket path is a path the call uses (bind creates it, connect and
            // sendto follow symlinks to it), attributed like any other.
            thread_local std::string sa;
            thread_local std::string name;
            if (!readSockaddr(memory_, ev.rawArgs[i], ev.rawArgs[i + 1] & 0xffffffffU, sa) ||
                unixAddress(sa, name) != UnixAddrKind::Path) {
                continue;
            }
            PathRef& ref = nextPathSlot(ev);
            ref.given = name;
            ref.access = facts.id == SpecialCall::Bind ? kAccessCreate : kAccessWrite;
            resolver_.resolvePath(ids, AT_FDCWD, ref.given, facts.id != SpecialCall::Bind, ref);
        } else if (role == ArgRole::Fd) {
            const int fd = static_cast<int>(ev.rawArgs[i]);
            if (fd < 0) continue;
            if (isUringCall(facts.id) && uringFdIsRegisteredIndex(facts.id, ev.rawArgs)) {
                continue;  // a registered ring's index, not an fd
            }
            PathRef& ref = nextPathSlot(ev);
            fillFdRef(task, fd, ref);
            ref.access = copyArgAccess(facts, i, access);
        }
    }
}

PathRef& Session::nextPathSlot(SyscallEvent& ev) {
    if (sparePaths_.empty()) return ev.paths.emplace_back();
    PathRef& ref = ev.paths.emplace_back(std::move(sparePaths_.back()));
    sparePaths_.pop_back();
    // Every field as a fresh PathRef has it; the strings keep their capacity.
    ref.given.clear();
    ref.host.clear();
    ref.resolved.clear();
    ref.where = Where::Unknown;
    ref.access = kAccessNone;
    ref.fd = -1;
    ref.exists = true;
    ref.dev = ref.ino = 0;
    ref.mode = 0;
    ref.rdev = 0;
    ref.fsMagic = 0;
    ref.mntId = 0;
    ref.fsPath.clear();
    ref.stdio = false;
    return ref;
}

void Session::recyclePaths(SyscallEvent& ev) {
    constexpr size_t kSparesKept = 64;
    for (PathRef& ref : ev.paths) {
        if (sparePaths_.size() < kSparesKept) sparePaths_.push_back(std::move(ref));
    }
    ev.paths.clear();
}

namespace {
/// "fd N", as the given text of an fd use.
void setFdGiven(std::string& given, int fd) {
    const fmt::format_int number(fd);
    given.assign("fd ");
    given.append(number.data(), number.size());
}
}  // namespace

void Session::fillFdRef(Task& task, int fd, PathRef& ref) {
    // With the stop filter, close and dup may run unseen: the table could be stale.
    const PathRef* known = filtered_ ? nullptr : task.fds->find(fd);
    if (known != nullptr) {
        ref = *known;  // copy-assignment: the slot's strings keep their buffers
        ref.fd = fd;
        setFdGiven(ref.given, fd);
        return;
    }
    ref = PathRef{};
    resolver_.resolveFd(TaskIds{task.tid, task.tgid, task.nstid, task.nstgid}, fd, ref);
    ref.fd = fd;
    setFdGiven(ref.given, fd);
    ref.stdio = stdio_.isStream(ref);
    if (ref.exists && !filtered_) task.fds->set(fd, ref);
}

PathRef Session::fdRef(Task& task, int fd) {
    PathRef ref;
    fillFdRef(task, fd, ref);
    return ref;
}

const std::string* Session::fdName(Task& task, int fd) {
    if (fd == AT_FDCWD) return resolver_.shownCwd(task.tid);  // strace -y's AT_FDCWD</dir>
    if (int real = 0; isProtocolQuery(fd, real)) {  // a decoder's query: tracer/SocketProtocol.h
        return socketProtocols_.answer(task.tid, real, fdName(task, real));
    }
    if (fd < 0) return nullptr;
    bool deleted = false;
    if (const PathRef* known = filtered_ ? nullptr : task.fds->find(fd, deleted)) {
        if (!deleted) return &known->resolved;
        deletedName_ = known->resolved + " (deleted)";  // the kernel's mark; fdText shows it
        return &deletedName_;
    }
    fillFdRef(task, fd, unknownFd_);  // into the member: its strings keep their room
    return &unknownFd_.resolved;
}

void Session::afterSuccess(Task& task, SyscallEvent& ev) {
    // The rules are tracer/SyscallEffects.h's; here what they need from the tracee and the
    // kernel is gathered, and what needs the resolver is done.
    const SpecialCall id = task.callFacts.id;
    RecordedStop stop = recordedStop(ev, task.callFacts);
    // open-like: the path resolved at entry is what the fd refers to. Another thread sharing
    // this memory could have swapped the path buffer between our read and the kernel's.
    PathRef* pathRef = nullptr;
    for (PathRef& ref : ev.paths)
        if (ref.fd < 0) pathRef = &ref;
    const bool racy = task.fds.use_count() > 1 || task.sharesMemory;
    const OpenedFd opened = openedFd(stop, pathRef, racy);
    if (opened.from == OpenedFd::From::EntryPath) {
        pathRef->fd = opened.fd;
        task.fds->set(opened.fd, *pathRef, opened.keptOnExec);
    } else if (opened.from == OpenedFd::From::Proc) {
        PathRef fresh;
        resolver_.resolveFd(TaskIds{task.tid, task.tgid, task.nstid, task.nstgid}, opened.fd,
                            fresh);
        fresh.given = pathRef->given;
        fresh.access = pathRef->access;
        if (id == SpecialCall::Openat2 && (task.unreadableArgs & (1U << 2))) {
            const int mode = StdStreams::accessModeOf(task.tid, opened.fd);  // how was unreadable
            if (mode >= 0) fresh.access = openAccess(static_cast<uint64_t>(mode));
        }
        fresh.stdio = stdio_.coversPath(fresh);
        fresh.fd = opened.fd;
        *pathRef = fresh;
        task.fds->set(opened.fd, fresh, opened.keptOnExec);
        if (opened.unnamed) task.fds->markDeleted(fresh.dev, fresh.ino);
    } else if (opened.from == OpenedFd::From::Forget) {
        task.fds->erase(opened.fd);
    }
    if (id == SpecialCall::IoUringSetup) {
        uring_.onSetup(task.tid, task.tgid, static_cast<int>(ev.ret), ev.rawArgs[1], memory_);
    } else if (id == SpecialCall::IoUringRegister) {
        uring_.onRegister(task.tid, task.tgid, ev.rawArgs, ev.ret, memory_);
    } else if (id == SpecialCall::Mmap && ev.arch == Arch::X86_64 &&
               (!uring_.empty() || ev.rawArgs[5] == kUringOffSqes)) {
        uring_.onMmap(task.tgid, static_cast<int>(ev.rawArgs[4]), ev.rawArgs[5],
                      static_cast<uint64_t>(ev.ret));
    }
    if (const uint64_t addr = newPairAddress(stop); addr != 0) {
        int pair[2] = {-1, -1};
        if (memory_.read(addr, pair, sizeof pair) == sizeof pair) {
            stop.newPair[0] = pair[0];
            stop.newPair[1] = pair[1];
        }
    }
    applyFdRules(stop, task.fds);
    const ResolutionEffects effects = resolutionEffects(stop, opened.pathExisted);
    switch (effects.forget) {
        case ResolutionEffects::Forget::Nothing:
            break;
        case ResolutionEffects::Forget::Names:
            resolver_.invalidatePaths();
            break;
        case ResolutionEffects::Forget::Views:
            resolver_.invalidateAll(false);
            break;
        case ResolutionEffects::Forget::ViewsAndMounts:
            resolver_.invalidateAll(true);
            break;
    }
    if (effects.markDeleted) markDeletedFds(ev);
    if (effects.unshareFs) invariant_.unshareFs(task.tid);
    if (effects.checkRoots) invariant_.check(task, ev.phase, ev.seq);
    attributeInstalledFds(task, ev);
}

void Session::attributeInstalledFds(Task& task, SyscallEvent& ev) {
    installed_.clear();
    const bool abi32 = effectiveArch(ev.arch, ev.nr) == Arch::I386;
    const FdInstall how = installedFds(task.callFacts.id, ev, memory_, abi32, installed_);
    if (how == FdInstall::None) return;
    // Fds appeared where the tracer cannot list them: ask /proc at each next use.
    if (how == FdInstall::CallerUnknown) {
        task.fds->clear();
        return;
    }
    if (how == FdInstall::OtherTables) {
        for (auto& entry : tasks_) entry.second->fds->clear();
        return;
    }
    if (!options_.resolvePaths) return;
    for (const int fd : installed_) {
        task.fds->erase(fd);  // the number may have been known as something else
        PathRef& ref = nextPathSlot(ev);
        fillFdRef(task, fd, ref);
        installedGiven(how, fd, ref.given);
        ref.access = installedAccess(task.callFacts.id, ev);
    }
}

void Session::scanInheritedFds(Task& task) {
    // The standard streams the command was given (a terminal, a pipe, a log file) are the
    // container's on purpose, as in every runtime; remember them so that their uses, dups
    // included, are not taken for leaks. A directory there would be a way out: not exempt.
    for (int fd = 0; fd <= 2; ++fd) {
        PathRef ref;
        resolver_.resolveFd(TaskIds{task.tid, task.tgid, task.nstid, task.nstgid}, fd, ref);
        stdio_.add(ref, StdStreams::accessModeOf(task.tid, fd));
    }
    // Any fd above 2 it still holds crossed from the host.
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", task.tid);
    DIR* dir = opendir(path);
    if (dir == nullptr) return;
    while (dirent* entry = readdir(dir)) {
        const int fd = atoi(entry->d_name);
        if (entry->d_name[0] == '.' || fd <= 2) continue;
        PathRef ref = fdRef(task, fd);
        TracerNote note;
        note.kind = TracerNote::Kind::InheritedFd;
        note.tid = task.tid;
        note.nspid = task.nstid;
        note.seq = task.event.seq;
        note.fd = fd;
        note.host = ref.host.empty() ? ref.resolved : ref.host;
        note.where = ref.where;
        note.detail = "fd " + std::to_string(fd) + " open at the command's execve";
        listener_.onNote(note);
    }
    closedir(dir);
}

}  // namespace scratch::tracer
