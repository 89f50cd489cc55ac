// Registered files and registered ring fds: io_uring's second-level fd tables, which an op or an
// io_uring_enter can name by index instead of by fd. The tracker follows io_uring_register so
// that those indexes still name what they stand for.
#include <fmt/format.h>

#include <algorithm>

#include "tracer/IoUringRings.h"

namespace scratch::tracer {

bool uringFdIsRegisteredIndex(SpecialCall id, const uint64_t args[6]) {
    return (id == SpecialCall::IoUringEnter && (args[3] & kUringEnterRegisteredRing)) ||
           (id == SpecialCall::IoUringRegister && (args[1] & kUringRegisterUseRegisteredRing));
}

int IoUringRings::ringFd(pid_t tid, int fd, bool registered) const {
    if (!registered) return fd;
    auto it = registeredRings_.find(key(tid, fd));
    return it == registeredRings_.end() ? -1 : it->second;
}

void IoUringRings::useFd(pid_t tgid, const Ring& ring, int32_t fd, bool fixed, uint8_t access) {
    if (fixed) {
        const auto index = static_cast<uint32_t>(fd);
        if (ring.fixedKnown && index < ring.fixedFiles.size() && ring.fixedFiles[index].fd >= 0) {
            PathRef& ref = ctx_.newPathSlot();
            ref = ring.fixedFiles[index];
            ref.given = fmt::format("io_uring fixed file {}", index);
            ref.access = access;
        } else {
            blind(tgid, "io_uring registered file the tracer does not know");
        }
    } else if (fd >= 0) {
        PathRef& ref = ctx_.newPathSlot();
        ctx_.fillFd(fd, ref);
        ref.access = access;
    }
}

void IoUringRings::onRegister(pid_t tid, pid_t tgid, const uint64_t args[4], int64_t ret,
                              TraceeMemory& mem) {
    const int fd =
        ringFd(tid, static_cast<int>(args[0]), (args[1] & kUringRegisterUseRegisteredRing) != 0);
    const uint64_t opcode = args[1] & ~kUringRegisterUseRegisteredRing;
    if (opcode == kUringRegisterRingFds || opcode == kUringUnregisterRingFds) {
        // struct io_uring_rsrc_update {offset, resv, data}: data is the ring fd; the kernel
        // wrote back the offset it chose. Ret says how many were done.
        struct {
            uint32_t offset, resv;
            uint64_t data;
        } update{};
        const auto count = static_cast<uint32_t>(std::min<int64_t>(ret, 16));
        for (uint32_t i = 0; i < count; ++i) {
            if (mem.read(args[2] + i * sizeof update, &update, sizeof update) != sizeof update) {
                break;
            }
            if (opcode == kUringUnregisterRingFds) {
                registeredRings_.erase(key(tid, static_cast<int>(update.offset)));
            } else {
                registeredRings_[key(tid, static_cast<int>(update.offset))] =
                    static_cast<int>(update.data);
            }
        }
        return;
    }
    auto it = rings_.find(key(tgid, fd));
    if (fd == -1 || it == rings_.end()) return;
    Ring& ring = it->second;
    const auto readFds = [&](uint64_t addr, uint32_t offset, uint32_t count) {
        if (count > (1U << 20) || offset > (1U << 20)) {
            ring.fixedKnown = false;
            return;
        }
        std::vector<int32_t> list(count);
        if (count != 0 && (addr == 0 || mem.read(addr, list.data(), count * 4) != count * 4)) {
            ring.fixedKnown = false;
            return;
        }
        if (ring.fixedFiles.size() < offset + count) ring.fixedFiles.resize(offset + count);
        for (uint32_t i = 0; i < count; ++i) {
            PathRef ref;
            if (list[i] >= 0) {
                ctx_.fillFd(list[i], ref);
                ref.fd = list[i];
            }
            ring.fixedFiles[offset + i] = ref;
        }
    };
    switch (opcode) {
        case kUringRegisterFiles:
            ring.fixedFiles.clear();
            ring.fixedKnown = true;
            readFds(args[2], 0, static_cast<uint32_t>(args[3]));
            break;
        case kUringUnregisterFiles:
            ring.fixedFiles.clear();
            ring.fixedKnown = true;
            break;
        case kUringRegisterFiles2: {
            struct {
                uint32_t nr, flags;
                uint64_t resv2, data, tags;
            } reg{};
            ring.fixedFiles.clear();
            ring.fixedKnown = true;
            if (mem.read(args[2], &reg, sizeof reg) != sizeof reg) {
                ring.fixedKnown = false;
            } else if (reg.flags & 1U /* IORING_RSRC_REGISTER_SPARSE */) {
                ring.fixedFiles.assign(std::min(reg.nr, 1U << 20), PathRef{});
            } else {
                readFds(reg.data, 0, reg.nr);
            }
            break;
        }
        case kUringRegisterFilesUpdate:
        case kUringRegisterFilesUpdate2: {
            struct {
                uint32_t offset, resv;
                uint64_t data, tags;
                uint32_t nr, resv2;
            } update{};
            const size_t size = opcode == kUringRegisterFilesUpdate ? 16 : sizeof update;
            if (mem.read(args[2], &update, size) != size) {
                ring.fixedKnown = false;
                break;
            }
            const uint32_t nr =
                opcode == kUringRegisterFilesUpdate ? static_cast<uint32_t>(args[3]) : update.nr;
            readFds(update.data, update.offset, nr);
            break;
        }
        default:
            break;
    }
}

}  // namespace scratch::tracer
