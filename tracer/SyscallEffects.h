// The side-effect rules of a finished syscall, as pure functions: what a call that returned
// changes in the tracer's model of its caller (the fd table, the remembered resolutions, the
// roots to check). A RecordedStop in, the change out or applied to a plain FdTable; no ptrace,
// no /proc, no tracee memory, so every rule is unit-tested without root or a tracee
// (tests/unit/test_syscall_effects.cpp). The session gathers what a rule needs from the
// tracee (a pipe's two fds, the path an open resolved at its entry) and applies what needs the
// kernel (a /proc lookup, the resolver, the root invariant).
#pragma once

#include <cstdint>

#include "tracer/CallFacts.h"
#include "tracer/Events.h"
#include "tracer/FdTable.h"

namespace scratch::tracer {

/// A finished syscall as the session recorded it at its stops: everything the rules read.
struct RecordedStop {
    const SyscallInfo* info = nullptr;  ///< its table row
    CallFacts facts;                    ///< callFacts(*info)
    uint64_t args[6] = {};              ///< the raw argument registers at the entry
    int64_t ret = 0;                    ///< the return value (negative errno when failed)
    bool failed = false;                ///< returned an error: a failed call changes nothing
    /// pipe, pipe2, socketpair: the two fds the kernel wrote to the caller's memory, read at
    /// the exit stop ({-1, -1}: not read).
    int newPair[2] = {-1, -1};
};

/// The record of a finished event (its row, arguments and return), without the resolved parts.
RecordedStop recordedStop(const SyscallEvent& ev, CallFacts facts);

/// Where pipe, pipe2 and socketpair write their two fds (0 for any other call): the session
/// reads them there into RecordedStop::newPair.
uint64_t newPairAddress(const RecordedStop& stop);

/// What the fd an fd-returning call installed refers to, and where the session learns it.
struct OpenedFd {
    enum class From : uint8_t {
        Nothing,    ///< no fd returned (or the call failed)
        EntryPath,  ///< the path resolved at the entry: set it in the table as it is
        Proc,       ///< ask /proc (the entry's resolution cannot be trusted): then set it
        Forget,     ///< no path (a socket, a pipe...): forget the number, learnt at first use
    };
    From from = From::Nothing;
    int fd = -1;
    bool keptOnExec = false;  ///< survives execve: open/openat without O_CLOEXEC, creat
    /// The path existed at the entry (and the read was trustworthy): an O_CREAT open of an
    /// existing file changed no names.
    bool pathExisted = false;
    /// O_TMPFILE: a file that never had a name (strace -y shows `</tmp/#INODE>(deleted)`).
    bool unnamed = false;
};

/// The fd rule of fd-returning calls. `entryPath`: the call's path argument as resolved at the
/// entry (nullptr when it has none); `racy`: another task shares the fd table or the memory,
/// so the path the kernel read may not be the one the tracer read.
OpenedFd openedFd(const RecordedStop& stop, const PathRef* entryPath, bool racy);

/// How a successful call changes the caller's fd table: close, close_range (CLOSE_RANGE_UNSHARE,
/// CLOSE_RANGE_CLOEXEC), dup, dup2, dup3, fcntl F_DUPFD/F_DUPFD_CLOEXEC/F_SETFD, ioctl
/// FIOCLEX/FIONCLEX, pipe/socketpair's new numbers, unshare(CLONE_FILES). `fds` may be replaced
/// by a copy (the call gave the caller a table of its own). The fd an fd-returning call
/// installed is openedFd()'s.
void applyFdRules(const RecordedStop& stop, SharedFdTable& fds);

/// What a successful call asks of the path resolver and the root invariant.
struct ResolutionEffects {
    enum class Forget : uint8_t {
        Nothing,
        Names,           ///< a path may name another object now: drop remembered resolutions
        Views,           ///< a cwd, root or namespace moved: drop the tasks' views too
        ViewsAndMounts,  ///< and the container's mount tables (a mount, a root change)
    };
    Forget forget = Forget::Nothing;
    bool markDeleted = false;  ///< names were removed: open fds may now be "(deleted)"
    bool unshareFs = false;    ///< unshare(CLONE_FS): the caller has its own root and cwd
    bool checkRoots = false;   ///< a root, cwd or namespace changed: check the caller's
};

/// The resolution rule: `pathExisted` as openedFd() found it (an O_CREAT open changes names
/// only when it created the file).
ResolutionEffects resolutionEffects(const RecordedStop& stop, bool pathExisted);

}  // namespace scratch::tracer
