#include "tracer/ReceivedFds.h"

#include <linux/seccomp.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "tracer/ArgDecoder.h"

namespace scratch::tracer {
namespace {

constexpr int kSolSocket = 1;
constexpr int kScmRights = 1;
constexpr uint64_t kMaxControl = 64 * 1024;  // more than the kernel's SCM_MAX_FD (253) fds
constexpr uint64_t kMaxMessages = 1024;      // UIO_MAXIOV, recvmmsg's own cap

// ioctls that return a new fd to an object that already exists.
constexpr unsigned long kNsGetUserns = 0xb701;   // NS_GET_USERNS
constexpr unsigned long kNsGetParent = 0xb702;   // NS_GET_PARENT
constexpr unsigned long kTiocgptpeer = 0x5441;   // TIOCGPTPEER
constexpr unsigned long kSiocgskns = 0x894c;     // SIOCGSKNS: a socket's net namespace
constexpr unsigned long kPidfsIoctlType = 0xff;  // PIDFD_GET_*_NAMESPACE (Linux 6.11)
constexpr unsigned long kPidfsIoctlFirst = 1;    // PIDFD_GET_CGROUP_NAMESPACE
constexpr unsigned long kPidfsIoctlLast = 10;    // PIDFD_GET_UTS_NAMESPACE
constexpr uint64_t kBpfObjGet = 7;               // BPF_OBJ_GET

bool ioctlReturnsFd(uint64_t request) {
    const auto req = static_cast<unsigned long>(request & 0xffffffffU);
    if (req == kNsGetUserns || req == kNsGetParent || req == kTiocgptpeer || req == kSiocgskns) {
        return true;
    }
    // _IO(0xFF, n): no direction, no size.
    return (req >> 8) == kPidfsIoctlType && (req & 0xff) >= kPidfsIoctlFirst &&
           (req & 0xff) <= kPidfsIoctlLast;
}

/// The SCM_RIGHTS fds in `control` (the bytes the kernel wrote).
void parseControl(const std::string& control, bool abi32, std::vector<int>& fds) {
    const size_t header = abi32 ? 12 : 16;  // cmsg_len (size_t), cmsg_level, cmsg_type
    const size_t align = abi32 ? 4 : 8;
    size_t off = 0;
    while (off + header <= control.size()) {
        uint64_t len = 0;
        std::memcpy(&len, control.data() + off, abi32 ? 4 : 8);
        int level = 0;
        int type = 0;
        std::memcpy(&level, control.data() + off + (abi32 ? 4 : 8), 4);
        std::memcpy(&type, control.data() + off + (abi32 ? 8 : 12), 4);
        if (len < header || len > control.size() - off) break;
        if (level == kSolSocket && type == kScmRights) {
            for (size_t p = off + header; p + 4 <= off + len; p += 4) {
                int fd = -1;
                std::memcpy(&fd, control.data() + p, 4);
                if (fd >= 0) fds.push_back(fd);
            }
        }
        off += (len + align - 1) / align * align;
    }
}

}  // namespace

bool scmRightsOfMsghdr(TraceeMemory& memory, uint64_t msghdr, bool abi32, std::vector<int>& fds) {
    uint64_t control = 0;
    uint64_t controlLen = 0;
    if (abi32) {
        uint32_t h[7] = {};  // name, namelen, iov, iovlen, control, controllen, flags
        if (memory.read(msghdr, h, sizeof h) != sizeof h) return false;
        control = h[4];
        controlLen = h[5];
    } else {
        uint64_t h[7] = {};  // name, namelen (padded), iov, iovlen, control, controllen, flags
        if (memory.read(msghdr, h, sizeof h) != sizeof h) return false;
        control = h[4];
        controlLen = h[5];
    }
    // The kernel set msg_controllen to what it wrote: 0 when no control message came.
    if (control == 0 || controlLen == 0) return true;
    std::string bytes(std::min(controlLen, kMaxControl), '\0');
    if (memory.read(control, bytes.data(), bytes.size()) != bytes.size()) return false;
    parseControl(bytes, abi32, fds);
    return true;
}

bool scmRightsOfMmsghdrs(TraceeMemory& memory, uint64_t vec, uint64_t count, bool abi32,
                         std::vector<int>& fds) {
    const uint64_t stride = abi32 ? 32 : 64;  // struct mmsghdr: msghdr + msg_len, padded
    for (uint64_t i = 0; i < std::min(count, kMaxMessages); ++i) {
        if (!scmRightsOfMsghdr(memory, vec + i * stride, abi32, fds)) return false;
    }
    return true;
}

FdInstall installedFds(SpecialCall id, const SyscallEvent& ev, TraceeMemory& memory, bool abi32,
                       std::vector<int>& fds) {
    if (!ev.finished || ev.err != 0 || ev.ret < 0) return FdInstall::None;
    const auto returned = [&]() {
        fds.push_back(static_cast<int>(ev.ret));
        return FdInstall::Returned;
    };
    switch (id) {
        case SpecialCall::FdFromKernel:
        case SpecialCall::Accept:  // its peer is named too (tracer/SocketPeer.h)
            return returned();
        case SpecialCall::Bpf:
            return ev.rawArgs[0] == kBpfObjGet ? returned() : FdInstall::None;
        case SpecialCall::Ioctl:
            if (ev.rawArgs[1] == SECCOMP_IOCTL_NOTIF_ADDFD) return FdInstall::OtherTables;
            return ioctlReturnsFd(ev.rawArgs[1]) ? returned() : FdInstall::None;
        case SpecialCall::Recvmsg:
            return scmRightsOfMsghdr(memory, ev.rawArgs[1], abi32, fds) ? FdInstall::Received
                                                                        : FdInstall::CallerUnknown;
        case SpecialCall::Recvmmsg:
            return scmRightsOfMmsghdrs(memory, ev.rawArgs[1], static_cast<uint64_t>(ev.ret), abi32,
                                       fds)
                       ? FdInstall::Received
                       : FdInstall::CallerUnknown;
        default:
            return FdInstall::None;
    }
}

uint8_t installedAccess(SpecialCall id, const SyscallEvent& ev) {
    // open_by_handle_at is the one of them with O_* flags (its third argument).
    const SyscallInfo* info = ev.info();
    if (id == SpecialCall::FdFromKernel && info != nullptr && info->nargs > 2 &&
        info->args[2] == ArgRole::OpenFlags) {
        return openAccess(ev.rawArgs[2]);
    }
    return kAccessNone;
}

void installedGiven(FdInstall how, int fd, std::string& given) {
    given.assign(how == FdInstall::Received ? "<received fd " : "<returned fd ");
    given += std::to_string(fd);
    given += '>';
}

}  // namespace scratch::tracer
