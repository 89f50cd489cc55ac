#include "tracer/IoUringRings.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "tracer/ArgDecoder.h"

namespace scratch::tracer {

namespace {

/// Ops kept waiting for a completion the tracer never saw (the program took it from the
/// ring without entering the kernel again): the oldest go.
constexpr size_t kMaxPending = 1024;
/// Completions read at one exit at most (a ring holds at most 2 * 32768 by default).
constexpr uint32_t kMaxCqes = 65536;

uint32_t readU32(TraceeMemory& mem, uint64_t addr, bool& ok) {
    uint32_t v = 0;
    if (mem.read(addr, &v, sizeof v) != sizeof v) ok = false;
    return v;
}

/// A ring's head and tail (u32s at their offsets from base): one read when they are close, as
/// they are in every kernel's struct io_rings (each read is a syscall of the tracer's).
bool readHeadTail(TraceeMemory& mem, uint64_t base, uint32_t headOff, uint32_t tailOff,
                  uint32_t& head, uint32_t& tail) {
    const uint32_t lo = std::min(headOff, tailOff);
    const uint32_t hi = std::max(headOff, tailOff) + 4;
    std::array<char, 512> buffer{};
    if (hi - lo > buffer.size()) {
        bool ok = true;
        head = readU32(mem, base + headOff, ok);
        tail = readU32(mem, base + tailOff, ok);
        return ok;
    }
    if (mem.read(base + lo, buffer.data(), hi - lo) != hi - lo) return false;
    std::memcpy(&head, buffer.data() + (headOff - lo), 4);
    std::memcpy(&tail, buffer.data() + (tailOff - lo), 4);
    return true;
}

/// `count` consecutive u32 slots of a ring of `entries` from slot `first` (wrapping): at most
/// two reads.
bool readSlots(TraceeMemory& mem, uint64_t base, uint32_t entries, uint32_t first, uint32_t count,
               std::vector<uint32_t>& out) {
    out.resize(count);
    const uint32_t untilEnd = std::min(count, entries - first);
    if (untilEnd != 0 &&
        mem.read(base + uint64_t{first} * 4, out.data(), untilEnd * 4) != untilEnd * 4) {
        return false;
    }
    const uint32_t rest = count - untilEnd;
    return rest == 0 || mem.read(base, out.data() + untilEnd, rest * 4) == rest * 4;
}

/// Whether a successful op may make a path resolve to another object.
bool changesNames(const UringSqe& sqe, UringShape shape) {
    switch (shape) {
        case UringShape::Unlinkat:
        case UringShape::Renameat:
        case UringShape::Mkdirat:
        case UringShape::Symlinkat:
        case UringShape::Linkat:
            return true;
        case UringShape::OpenAt:
            return (sqe.opFlags & O_CREAT) != 0;
        case UringShape::OpenAt2:
            return true;  // its flags are in memory; a rare op, so drop the cache
        default:
            return false;
    }
}

}  // namespace

void IoUringRings::blind(pid_t tgid, const std::string& detail) {
    if (noted_.emplace(tgid, detail).second) ctx_.blindSpot(detail);
}

void IoUringRings::onSetup(pid_t tid, pid_t tgid, int fd, uint64_t paramsAddr, TraceeMemory& mem) {
    UringParams params{};
    if (mem.read(paramsAddr, &params, sizeof params) != sizeof params) {
        blind(tgid, "io_uring ring whose parameters could not be read");
        return;
    }
    const int index = fd;
    if (params.flags & kUringSetupRegisteredFdOnly) {
        // The "fd" is an index into the task's registered rings, not a file descriptor (and
        // the ring is NO_MMAP: its memory is the program's).
        fd = kUringRegisteredOnlyBase + index;
        registeredRings_[key(tid, index)] = fd;
    }
    Ring& ring = rings_[key(tgid, fd)];
    ring = Ring{};
    ring.params = params;
    // Each ring file has its own inode: how its mappings are told apart in /proc/PID/maps.
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", tgid, fd);
    struct stat st {};
    if (stat(path, &st) == 0) ring.ino = st.st_ino;
    if (params.flags & kUringSetupSqpoll) {
        blind(tgid, "io_uring SQPOLL ring: submissions without syscalls");
    }
    if (params.flags & kUringSetupNoMmap) {
        // The program gave the memory: the rings at cq_off.user_addr, the SQEs at sq_off's.
        ring.sqRing = ring.cqRing = params.cqOff.userAddr;
        ring.sqes = params.sqOff.userAddr;
    }
}

void IoUringRings::onMmap(pid_t tgid, int fd, uint64_t offset, uint64_t addr) {
    auto it = rings_.find(key(tgid, fd));
    if (it == rings_.end()) {
        // The SQEs of a ring this process did not set up (inherited, received over a socket):
        // with SQPOLL it could submit without ever entering the kernel.
        if (offset != kUringOffSqes) return;
        char path[64];
        char link[64] = {};
        snprintf(path, sizeof path, "/proc/%d/fd/%d", tgid, fd);
        if (readlink(path, link, sizeof link - 1) > 0 && strstr(link, "io_uring") != nullptr) {
            blind(tgid, "io_uring ring the tracer did not see set up (mapped)");
        }
        return;
    }
    Ring& ring = it->second;
    if (offset == kUringOffSqRing) {
        ring.sqRing = addr;
        // IORING_FEAT_SINGLE_MMAP (every kernel since 5.4): SQ and CQ rings are one mapping.
        if (ring.cqRing == 0) ring.cqRing = addr;
    } else if (offset == kUringOffCqRing) {
        ring.cqRing = addr;
    } else if (offset == kUringOffSqes) {
        ring.sqes = addr;
    }
}

bool IoUringRings::locateMappings(pid_t tgid, Ring& ring) {
    if (ring.ino == 0) return false;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/maps", tgid);
    FILE* maps = fopen(path, "re");
    if (maps == nullptr) return false;
    // "start-end perms offset dev inode  anon_inode:[io_uring]"
    char line[512];
    uint64_t sq = 0;
    uint64_t cq = 0;
    uint64_t sqes = 0;
    while (fgets(line, sizeof line, maps) != nullptr) {
        if (strstr(line, "io_uring") == nullptr) continue;
        unsigned long long start = 0;
        unsigned long long end = 0;
        unsigned long long offset = 0;
        unsigned long long ino = 0;
        char perms[8];
        char dev[32];
        if (sscanf(line, "%llx-%llx %7s %llx %31s %llu", &start, &end, perms, &offset, dev, &ino) !=
                6 ||
            ino != ring.ino) {
            continue;
        }
        if (offset == kUringOffSqRing && sq == 0) sq = start;
        if (offset == kUringOffCqRing && cq == 0) cq = start;
        if (offset == kUringOffSqes && sqes == 0) sqes = start;
    }
    fclose(maps);
    if (ring.sqRing == 0) ring.sqRing = sq != 0 ? sq : cq;
    if (ring.cqRing == 0) ring.cqRing = cq != 0 ? cq : sq;
    if (ring.sqes == 0) ring.sqes = sqes;
    return ring.sqRing != 0 && ring.sqes != 0;
}

void IoUringRings::onEnterEntry(pid_t tid, pid_t tgid, uint64_t seq, const uint64_t args[6],
                                TraceeMemory& mem) {
    const auto toSubmit = static_cast<uint32_t>(args[1]);
    if (toSubmit == 0) return;  // only waits for completions
    const int fd =
        ringFd(tid, static_cast<int>(args[0]), (args[3] & kUringEnterRegisteredRing) != 0);
    if (fd == -1) {
        blind(tgid, "io_uring_enter through a registered ring fd the tracer does not know");
        return;
    }
    auto it = rings_.find(key(tgid, fd));
    if (it == rings_.end()) {
        // Inherited, received over a socket, or set up before the trace: its layout is unknown.
        blind(tgid, "io_uring_enter on a ring the tracer did not see set up");
        return;
    }
    Ring& ring = it->second;
    const UringParams& p = ring.params;
    if (p.flags & kUringSetupSqpoll) return;  // the kernel's thread submits; noted at setup
    if ((ring.sqRing == 0 || ring.sqes == 0) && !locateMappings(tgid, ring)) {
        blind(tgid, "io_uring ring whose memory the tracer did not see mapped");
        return;
    }
    uint32_t head = 0;
    uint32_t tail = 0;
    // The kernel's mask is entries - 1 (entries a power of two), whatever the shared copy says.
    const uint32_t mask = p.sqEntries - 1;
    if (p.sqEntries == 0 ||
        !readHeadTail(mem, ring.sqRing, p.sqOff.head, p.sqOff.tail, head, tail)) {
        blind(tgid, "io_uring submission queue the tracer could not read");
        return;
    }
    // Another thread may be stopped at its own entry on this ring, its submissions read but not
    // yet taken by the kernel (which advances head): this call's come after those.
    uint32_t start = head;
    if (ring.entersInFlight > 0 && static_cast<int32_t>(ring.sqClaimed - head) > 0 &&
        static_cast<int32_t>(tail - ring.sqClaimed) >= 0) {
        start = ring.sqClaimed;
    }
    // The kernel submits min(to_submit, entries between head and tail).
    const uint32_t count = std::min({toSubmit, tail - start, p.sqEntries});
    ring.sqClaimed = start + count;
    ++ring.entersInFlight;
    entering_[tid] = key(tgid, fd);
    const uint64_t sqeSize = (p.flags & kUringSetupSqe128) ? 128 : 64;
    std::vector<uint32_t> indexes;
    const bool hasArray = !(p.flags & kUringSetupNoSqArray);
    if (hasArray &&
        !readSlots(mem, ring.sqRing + p.sqOff.array, p.sqEntries, start & mask, count, indexes)) {
        blind(tgid, "io_uring submission queue the tracer could not read");
        return;
    }
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t index = hasArray ? indexes[i] : (start + i) & mask;
        if (index >= p.sqEntries) continue;  // the kernel drops it (sq "dropped")
        PendingOp op;
        op.seq = seq;
        if (mem.read(ring.sqes + index * sqeSize, &op.sqe, sizeof op.sqe) != sizeof op.sqe) {
            blind(tgid, "io_uring submission queue the tracer could not read");
            return;
        }
        op.userData = op.sqe.userData;
        attribute(tgid, ring, op, mem);
        if (ring.pending.size() >= kMaxPending) ring.pending.erase(ring.pending.begin());
        ring.pending.push_back(std::move(op));
    }
}

void IoUringRings::attribute(pid_t tgid, Ring& ring, PendingOp& op, TraceeMemory& mem) {
    const UringSqe& sqe = op.sqe;
    const UringOpInfo& info = uringOp(sqe.opcode);
    std::string path;
    std::string path2;
    bool pathRead = false;
    bool path2Read = false;
    UringOpenHow how;
    if (info.name.empty()) {
        blind(tgid, "io_uring opcode " + uringOpcodeName(sqe.opcode) + " not decoded");
        op.text = renderUringOp(sqe, path, false, path2, false, how);
        return;
    }
    const size_t before = ctx_.pathsSize();
    bool truncated = false;
    // The strings the kernel will resolve; each resolved now, as the submitter would (its
    // root, cwd and fds: the ring's workers share them).
    const auto resolveAt = [&](int dirfd, const std::string& given, bool follow) {
        PathRef& ref = ctx_.newPathSlot();
        ref.given = given;
        ref.fd = -1;
        ctx_.resolvePath(dirfd, given, follow, ref);
        ref.given = given;
        ref.fd = -1;
        return &ref;
    };
    uint8_t access = info.access;
    switch (info.shape) {
        case UringShape::OpenAt2:
            if (sqe.off != 0 && sqe.len >= 24 &&
                mem.read(sqe.off, &how, sizeof how) != sizeof how) {
                how = UringOpenHow{};
            }
            [[fallthrough]];
        case UringShape::OpenAt:
        case UringShape::Statx:
        case UringShape::Unlinkat:
        case UringShape::Mkdirat:
        case UringShape::Renameat:
        case UringShape::Linkat: {
            pathRead = mem.readString(sqe.addr, 4096, path, &truncated);
            uint64_t flags = info.shape == UringShape::OpenAt2 ? how.flags : sqe.opFlags;
            bool follow = true;
            if (info.shape == UringShape::OpenAt || info.shape == UringShape::OpenAt2) {
                access = openAccess(flags);
                follow = !(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL));
            } else if (info.shape == UringShape::Statx) {
                follow = !(flags & AT_SYMLINK_NOFOLLOW);
            } else if (info.shape == UringShape::Linkat) {
                follow = (flags & AT_SYMLINK_FOLLOW) != 0;
            } else {
                follow = false;  // unlink, mkdir, rename act on the name itself
            }
            if (pathRead) {
                resolveAt(sqe.fd, path, follow)->access = access;
            } else {
                blind(tgid,
                      "io_uring " + std::string(info.name) + " path the tracer could not read");
            }
            if (info.shape == UringShape::Renameat || info.shape == UringShape::Linkat) {
                path2Read = mem.readString(sqe.off, 4096, path2, &truncated);
                if (path2Read) {
                    resolveAt(static_cast<int32_t>(sqe.len), path2, false)->access = kAccessCreate;
                }
            }
            break;
        }
        case UringShape::Symlinkat:
            pathRead = mem.readString(sqe.addr, 4096, path, &truncated);  // the target: content
            path2Read = mem.readString(sqe.off, 4096, path2, &truncated);
            if (path2Read) resolveAt(sqe.fd, path2, false)->access = access;
            break;
        case UringShape::XattrPath:
            path2Read = mem.readString(sqe.addr3, 4096, path2, &truncated);
            if (path2Read) resolveAt(AT_FDCWD, path2, true)->access = access;
            break;
        case UringShape::Fd:
        case UringShape::Close:
            if (info.shape == UringShape::Fd || (sqe.flags & kSqeFixedFile)) {
                useFd(tgid, ring, sqe.fd, (sqe.flags & kSqeFixedFile) != 0, access);
            }
            break;
        case UringShape::Splice:
            // Reads splice_fd_in, writes fd.
            useFd(tgid, ring, static_cast<int32_t>(sqe.fileIndex),
                  (sqe.opFlags & kSpliceFdInFixed) != 0, kAccessRead);
            useFd(tgid, ring, sqe.fd, (sqe.flags & kSqeFixedFile) != 0, kAccessWrite);
            break;
        case UringShape::None:
        case UringShape::NewFd:
            break;
    }
    const size_t after = ctx_.pathsSize();
    if (after > before) {
        op.pathIndex = static_cast<int>(before);
        op.pathCount = static_cast<int>(after - before);
    }
    op.access = access;
    op.text = renderUringOp(sqe, path, pathRead, path2, path2Read, how);
}

std::string IoUringRings::onEnterExit(pid_t tid, pid_t tgid, uint64_t seq, const uint64_t args[6],
                                      int64_t ret, TraceeMemory& mem, std::vector<PathRef>& paths,
                                      FdTable& fds) {
    (void)ret;
    leaveEnter(tid);
    const int fd =
        ringFd(tid, static_cast<int>(args[0]), (args[3] & kUringEnterRegisteredRing) != 0);
    auto it = rings_.find(key(tgid, fd));
    if (fd == -1 || it == rings_.end()) return {};
    Ring& ring = it->second;
    if (ring.pending.empty()) return {};
    const UringParams& p = ring.params;
    // (user_data, submitting seq, text) of each op shown, in the order they are shown.
    struct Shown {
        uint64_t userData;
        uint64_t seq;
        std::string text;
    };
    std::vector<Shown> shown;
    if (ring.cqRing != 0) {
        uint32_t head = 0;
        uint32_t tail = 0;
        const uint32_t mask = p.cqEntries - 1;
        bool ok = p.cqEntries != 0 &&
                  readHeadTail(mem, ring.cqRing, p.cqOff.head, p.cqOff.tail, head, tail);
        // Completions the program has not consumed yet and this tracker already looked at
        // (at an earlier exit) are not matched again.
        if (ring.cqSeenValid && static_cast<int32_t>(ring.cqSeen - head) > 0 &&
            static_cast<int32_t>(tail - ring.cqSeen) >= 0) {
            head = ring.cqSeen;
        }
        if (ok) {
            ring.cqSeen = tail;
            ring.cqSeenValid = true;
        }
        const uint32_t count = ok ? std::min({tail - head, p.cqEntries, kMaxCqes}) : 0;
        const uint64_t cqeSize = (p.flags & kUringSetupCqe32) ? 32 : 16;
        // The ring's entries in one read: from head's slot to the end, then the wrapped part.
        std::vector<char> buffer(static_cast<size_t>(count) * cqeSize);
        const uint32_t first = head & mask;
        const uint32_t untilEnd = std::min(count, mask + 1 - first);
        const uint64_t base = ring.cqRing + p.cqOff.cqes;
        ok = count == 0 || mem.read(base + first * cqeSize, buffer.data(), untilEnd * cqeSize) ==
                               untilEnd * cqeSize;
        if (ok && count > untilEnd) {
            const size_t rest = (count - untilEnd) * cqeSize;
            ok = mem.read(base, buffer.data() + untilEnd * cqeSize, rest) == rest;
        }
        for (uint32_t i = 0; ok && i < count && !ring.pending.empty(); ++i) {
            UringCqe cqe{};
            std::copy_n(buffer.data() + i * cqeSize, sizeof cqe, reinterpret_cast<char*>(&cqe));
            auto match =
                std::find_if(ring.pending.begin(), ring.pending.end(),
                             [&](const PendingOp& op) { return op.userData == cqe.userData; });
            if (match == ring.pending.end()) continue;
            completeOp(ring, *match, cqe, seq, paths, fds);
            std::string text = match->text + renderUringResult(true, cqe.res);
            if (match->seq != seq) text += fmt::format(" (submitted at seq {})", match->seq);
            shown.push_back(Shown{match->userData, match->seq, std::move(text)});
            if (!(cqe.flags & kCqeMore)) ring.pending.erase(match);
        }
    }
    // Ops of this call still in flight.
    std::string suffix;
    for (const PendingOp& op : ring.pending) {
        if (op.seq != seq) continue;
        // A multishot op that posted a completion stays pending: shown once.
        const bool alreadyShown = std::ranges::any_of(
            shown, [&](const Shown& s) { return s.userData == op.userData && s.seq == op.seq; });
        if (!alreadyShown)
            shown.push_back(Shown{op.userData, op.seq, op.text + renderUringResult(false, 0)});
    }
    for (const Shown& s : shown) {
        suffix += suffix.empty() ? " [" : ", ";
        suffix += s.text;
    }
    if (!suffix.empty()) suffix += "]";
    return suffix;
}

void IoUringRings::completeOp(Ring& ring, const PendingOp& op, const UringCqe& cqe, uint64_t seq,
                              std::vector<PathRef>& paths, FdTable& fds) {
    const UringSqe& sqe = op.sqe;
    const UringOpInfo& info = uringOp(sqe.opcode);
    const bool ownPaths = op.seq == seq && op.pathIndex >= 0 &&
                          static_cast<size_t>(op.pathIndex + op.pathCount) <= paths.size();
    if (cqe.res < 0) {
        // Nothing was reached: like a failed syscall's, its paths are only attempts.
        if (ownPaths) {
            for (int i = 0; i < op.pathCount; ++i) paths[op.pathIndex + i].exists = false;
        }
        return;
    }
    if (changesNames(sqe, info.shape)) ctx_.invalidatePaths();
    switch (info.shape) {
        case UringShape::OpenAt:
        case UringShape::OpenAt2: {
            if (sqe.fileIndex != 0) {
                // A direct open: the file went to a registered slot, not to the fd table.
                const uint32_t slot = sqe.fileIndex == kUringFileIndexAlloc
                                          ? static_cast<uint32_t>(cqe.res)
                                          : sqe.fileIndex - 1;
                if (slot < (1U << 20)) {
                    if (ring.fixedFiles.size() <= slot) ring.fixedFiles.resize(slot + 1);
                    PathRef known;
                    if (ownPaths) known = paths[op.pathIndex];
                    known.fd = ownPaths ? 0 : -1;  // -1: slot content unknown
                    ring.fixedFiles[slot] = known;
                }
                break;
            }
            // The fd the kernel installed is the truth, whatever the string said.
            const int fd = cqe.res;
            PathRef fresh;
            ctx_.resolveFdNow(fd, fresh);
            fresh.fd = fd;
            if (ownPaths) {
                PathRef& ref = paths[op.pathIndex];
                fresh.given = ref.given;
                fresh.access = ref.access;
                ref = fresh;
            } else {
                // Its path was not read at entry (unreadable memory), or the op was submitted
                // by an earlier call: the object the kernel opened is still this event's, so
                // the checks see it whatever the string was.
                fresh.given = fmt::format("<io_uring fd {}>", fd);
                fresh.access = op.access;
                paths.push_back(fresh);
            }
            const uint64_t flags = sqe.opFlags;  // openat2's are in memory: close-on-exec assumed
            const bool kept = info.shape == UringShape::OpenAt && !(flags & O_CLOEXEC);
            if (fresh.exists) fds.set(fd, fresh, kept);
            break;
        }
        case UringShape::NewFd:
            if (sqe.fileIndex == 0) fds.erase(cqe.res);  // learnt from /proc at its first use
            break;
        case UringShape::Close:
            if (sqe.fileIndex != 0) {
                if (sqe.fileIndex - 1 < ring.fixedFiles.size()) {
                    ring.fixedFiles[sqe.fileIndex - 1] = PathRef{};
                }
            } else {
                fds.erase(sqe.fd);
            }
            break;
        default:
            break;
    }
}

void IoUringRings::onFork(pid_t parentTgid, pid_t childTgid) {
    std::vector<std::pair<uint64_t, Ring>> copies;
    for (const auto& [k, ring] : rings_) {
        if (static_cast<pid_t>(k >> 32) != parentTgid) continue;
        Ring copy = ring;
        copy.pending.clear();
        copies.emplace_back(key(childTgid, static_cast<int>(k & 0xffffffffU)), std::move(copy));
    }
    for (auto& [k, ring] : copies) rings_[k] = std::move(ring);
}

void IoUringRings::onExec(pid_t tid, pid_t tgid) {
    std::erase_if(registeredRings_, [tid](const auto& entry) {
        return static_cast<pid_t>(entry.first >> 32) == tid;
    });
    for (auto& [k, ring] : rings_) {
        if (static_cast<pid_t>(k >> 32) != tgid) continue;
        // The old program's memory is gone, NO_MMAP rings' included.
        ring.pending.clear();
        ring.sqRing = ring.cqRing = ring.sqes = 0;
    }
}

void IoUringRings::leaveEnter(pid_t tid) {
    auto it = entering_.find(tid);
    if (it == entering_.end()) return;
    auto ring = rings_.find(it->second);
    if (ring != rings_.end() && ring->second.entersInFlight > 0) --ring->second.entersInFlight;
    entering_.erase(it);
}

void IoUringRings::forget(pid_t tid, pid_t tgid) {
    if (rings_.empty() && registeredRings_.empty() && entering_.empty() && noted_.empty()) return;
    leaveEnter(tid);
    std::erase_if(registeredRings_, [tid](const auto& entry) {
        return static_cast<pid_t>(entry.first >> 32) == tid;
    });
    if (tid != tgid) return;
    std::erase_if(rings_, [tgid](const auto& entry) {
        return static_cast<pid_t>(entry.first >> 32) == tgid;
    });
    // A later process with the same pid gets its own notes.
    std::erase_if(noted_, [tgid](const auto& entry) { return entry.first == tgid; });
}

}  // namespace scratch::tracer
