// Fds that a successful call put in the caller's table beyond the open family, so that each is
// attributed at once by the object the kernel installed (/proc/TID/fd/N), never by a string:
// the fd returned by open_by_handle_at, accept, pidfd_getfd, memfd_create, bpf(BPF_OBJ_GET)
// and the ioctls that hand out namespace or peer fds, and every fd received with SCM_RIGHTS in
// recvmsg and recvmmsg (read from the message headers at the exit, as the kernel left them).
#pragma once

#include <cstdint>
#include <vector>

#include "tracer/CallFacts.h"
#include "tracer/Events.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// What a successful call did to fd tables, beyond what the session already tracks.
enum class FdInstall : uint8_t {
    None,
    Returned,  ///< the returned fd (listed in `fds`)
    Received,  ///< fds received with SCM_RIGHTS (listed in `fds`; maybe none)
    /// fds installed that the tracer cannot list (a message header it cannot read): the
    /// caller's table must be forgotten, so each fd is resolved from /proc at its next use
    CallerUnknown,
    /// seccomp's SECCOMP_IOCTL_NOTIF_ADDFD put an fd (maybe over an open one) into the table of
    /// the process whose notification it answers: the tables of the traced tasks are stale
    OtherTables,
};

/// The fds `ev` (finished, successful) installed. `abi32`: the call used the i386 layouts.
FdInstall installedFds(SpecialCall id, const SyscallEvent& ev, TraceeMemory& memory, bool abi32,
                       std::vector<int>& fds);

/// The fds in the SCM_RIGHTS control messages of the msghdr at `msghdr`, appended to `fds`.
/// False when the header or its control data could not be read.
bool scmRightsOfMsghdr(TraceeMemory& memory, uint64_t msghdr, bool abi32, std::vector<int>& fds);

/// The same for the first `count` entries of an mmsghdr array (recvmmsg).
bool scmRightsOfMmsghdrs(TraceeMemory& memory, uint64_t vec, uint64_t count, bool abi32,
                         std::vector<int>& fds);

/// The access an installed fd's first record carries: open_by_handle_at's from its O_* flags,
/// none for the rest (holding an fd is what counts; its uses carry their own access).
uint8_t installedAccess(SpecialCall id, const SyscallEvent& ev);

/// How an installed fd is named in its PathRef: "<returned fd N>" or "<received fd N>".
void installedGiven(FdInstall how, int fd, std::string& given);

}  // namespace scratch::tracer
