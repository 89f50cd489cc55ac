// io_uring seen from the tracer: the rings each process set up, where they are mapped in its
// memory, and what it submits through them. The kernel runs a ring's operations without a
// syscall of their own; the tracer reads the submission queue at io_uring_enter's entry (while
// the submitter is stopped, before the kernel reads it) and the completion queue at its exit,
// so each operation is logged and attributed like the syscall it stands for. What cannot be
// seen (an SQPOLL ring, an opcode not decoded, a ring whose memory was not found) is reported
// as a blind spot: the verdict cannot then be `isolated`.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracer/CallFacts.h"
#include "tracer/Events.h"
#include "tracer/FdTable.h"
#include "tracer/IoUringOps.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// struct io_uring_params as io_uring_setup writes it back (offsets of the ring fields), with
/// the user_addr fields of IORING_SETUP_NO_MMAP (kernel 6.5) whatever the installed headers.
struct UringParams {
    uint32_t sqEntries, cqEntries, flags, sqThreadCpu, sqThreadIdle, features, wqFd, resv[3];
    struct {
        uint32_t head, tail, ringMask, ringEntries, flags, dropped, array, resv1;
        uint64_t userAddr;
    } sqOff;
    struct {
        uint32_t head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1;
        uint64_t userAddr;
    } cqOff;
};
static_assert(sizeof(UringParams) == 120);

/// mmap offsets of a ring fd (IORING_OFF_*). Session hooks mmap when a ring is known or the
/// offset is kUringOffSqes (which only a ring's SQEs use).
constexpr uint64_t kUringOffSqRing = 0;
constexpr uint64_t kUringOffCqRing = 0x8000000;
constexpr uint64_t kUringOffSqes = 0x10000000;

/// Whether the call is io_uring_enter or io_uring_register (inline: asked for every fd argument).
inline bool isUringCall(SpecialCall id) {
    return id == SpecialCall::IoUringEnter || id == SpecialCall::IoUringRegister;
}

/// Whether io_uring_enter's or io_uring_register's first argument is an index into the task's
/// registered rings (IORING_ENTER_REGISTERED_RING, IORING_REGISTER_USE_REGISTERED_RING) rather
/// than an fd: it must not be attributed as the fd of that number.
bool uringFdIsRegisteredIndex(SpecialCall id, const uint64_t args[6]);

/// What the tracker needs from the session, which owns the resolver, the fd tables and the
/// listener. Built once; only io_uring calls use it.
struct UringContext {
    /// A fresh PathRef appended to the current event's paths.
    std::function<PathRef&()> newPathSlot;
    /// How many PathRefs the current event has.
    std::function<size_t()> pathsSize;
    /// The attribution of fd `fd` of the current task (its table, else /proc).
    std::function<void(int fd, PathRef& out)> fillFd;
    /// Resolves (dirfd, path) as the current task would now.
    std::function<void(int dirfd, std::string_view path, bool follow, PathRef& out)> resolvePath;
    /// What fd `fd` of the current task is now, from /proc (the kernel's answer).
    std::function<void(int fd, PathRef& out)> resolveFdNow;
    /// Something the verdict depends on could not be seen: a BlindSpot note of the current
    /// task, detail as given.
    std::function<void(const std::string& detail)> blindSpot;
    /// Remembered path resolutions may be stale (a rename, unlink, ... completed).
    std::function<void()> invalidatePaths;
};

/// The io_uring rings of every traced process, and the operations in flight on them.
class IoUringRings {
  public:
    explicit IoUringRings(UringContext context) : ctx_(std::move(context)) {}

    /// Whether any ring is known (the cheap test before the rare per-call work).
    bool empty() const { return rings_.empty(); }

    /// io_uring_setup returned `fd` to task tid of process tgid; `paramsAddr` is its params.
    void onSetup(pid_t tid, pid_t tgid, int fd, uint64_t paramsAddr, TraceeMemory& mem);
    /// mmap(fd, offset) returned `addr` in process tgid: a known ring's mapping, or the SQEs of
    /// a ring the tracer did not see set up (a blind spot).
    void onMmap(pid_t tgid, int fd, uint64_t offset, uint64_t addr);
    /// io_uring_enter's entry (args: its six arguments): reads and attributes the submissions,
    /// appending their paths to the current event (through the context).
    void onEnterEntry(pid_t tid, pid_t tgid, uint64_t seq, const uint64_t args[6],
                      TraceeMemory& mem);
    /// io_uring_enter's exit: reads the completions, puts fds that ops opened in `fds`, and
    /// returns the log suffix (" [openat(...) = 5]"), empty when there is nothing to show.
    std::string onEnterExit(pid_t tid, pid_t tgid, uint64_t seq, const uint64_t args[6],
                            int64_t ret, TraceeMemory& mem, std::vector<PathRef>& paths,
                            FdTable& fds);
    /// io_uring_register(fd, opcode, arg, nr) returned `ret` >= 0: registered files and
    /// registered ring fds are remembered.
    void onRegister(pid_t tid, pid_t tgid, const uint64_t args[4], int64_t ret, TraceeMemory& mem);
    /// A fork: the child has the parent's rings (same fds, same mappings).
    void onFork(pid_t parentTgid, pid_t childTgid);
    /// An execve by task tid: the mappings are gone (a ring fd that survived it must be mapped
    /// again), and so are the task's registered ring fds.
    void onExec(pid_t tid, pid_t tgid);
    /// Task tid of process tgid is gone (the process too when tid == tgid).
    void forget(pid_t tid, pid_t tgid);

  private:
    /// One submitted operation waiting for its completion.
    struct PendingOp {
        uint64_t userData = 0;
        uint64_t seq = 0;    ///< the io_uring_enter that submitted it
        int pathIndex = -1;  ///< its first PathRef in that event's paths, or -1
        int pathCount = 0;   ///< how many PathRefs from pathIndex are its own
        uint8_t access = 0;  ///< the access of its path or fd use (an open's from its flags)
        std::string text;    ///< the rendered op, without its result
        UringSqe sqe{};
    };
    struct Ring {
        UringParams params{};
        uint64_t sqRing = 0;  ///< tracee address of the SQ ring mapping (0: not mapped yet)
        uint64_t cqRing = 0;
        uint64_t sqes = 0;
        uint64_t ino = 0;  ///< the ring file's inode (each ring has its own), 0 if unknown
        std::vector<PendingOp> pending;
        /// The SQ position up to which submissions were read at entries whose exits are still
        /// to come (threads entering at once); meaningful while entersInFlight > 0.
        uint32_t sqClaimed = 0;
        uint32_t entersInFlight = 0;
        uint32_t cqSeen = 0;  ///< the CQ tail at the tracker's last look
        bool cqSeenValid = false;
        /// Registered files (index -> what the fd was at registration); fd -1 = empty slot.
        std::vector<PathRef> fixedFiles;
        bool fixedKnown = true;  ///< false after a registration the tracker could not read
    };
    /// The ring fd an io_uring_enter or io_uring_register names: `fd` itself, or what the
    /// task registered at index `fd` (IORING_ENTER_REGISTERED_RING); -1 when not known.
    int ringFd(pid_t tid, int fd, bool registered) const;
    static uint64_t key(pid_t tgid, int fd) {
        return (static_cast<uint64_t>(static_cast<uint32_t>(tgid)) << 32) |
               static_cast<uint32_t>(fd);
    }
    /// Attributes one op's path or fd arguments (op.pathIndex/pathCount) and renders it.
    void attribute(pid_t tgid, Ring& ring, PendingOp& op, TraceeMemory& mem);
    /// Appends the attribution of an fd an op uses (a registered file's when `fixed`).
    void useFd(pid_t tgid, const Ring& ring, int32_t fd, bool fixed, uint8_t access);
    /// Finds the ring's mappings in /proc/TGID/maps when mmap was not seen (a filtered trace
    /// does not stop at mmap). Returns whether the SQ ring and the SQEs are now known.
    static bool locateMappings(pid_t tgid, Ring& ring);
    /// Task tid's io_uring_enter is over (or the task is gone): its ring has one entry less
    /// in flight.
    void leaveEnter(pid_t tid);
    /// A BlindSpot note once per (process, reason).
    void blind(pid_t tgid, const std::string& detail);
    /// What a completed op changes: fds it opened or closed, registered files, names.
    void completeOp(Ring& ring, const PendingOp& op, const UringCqe& cqe, uint64_t seq,
                    std::vector<PathRef>& paths, FdTable& fds);

    UringContext ctx_;
    std::unordered_map<uint64_t, Ring> rings_;       ///< by (tgid, ring fd)
    std::set<std::pair<pid_t, std::string>> noted_;  ///< blind spots already reported
    /// Registered ring fds, per task (the kernel keeps them per task): (tid, index) -> the
    /// ring's key fd (its fd, or kRegisteredOnlyBase + index for a ring that has no fd).
    std::unordered_map<uint64_t, int> registeredRings_;
    /// Tasks stopped between an io_uring_enter entry that read submissions and its exit: the
    /// ring's key.
    std::unordered_map<pid_t, uint64_t> entering_;
};

}  // namespace scratch::tracer
