#include "tracer/ObjectIdentity.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/UniqueFd.h"

namespace scratch::tracer {
namespace {

// Magic numbers that older <linux/magic.h> lack.
constexpr uint32_t kPipefsMagic = 0x50495045;
constexpr uint32_t kSockfsMagic = 0x534F434B;
constexpr uint32_t kAnonInodeFsMagic = 0x09041934;
constexpr uint32_t kSecretmemMagic = 0x5345434d;
constexpr uint32_t kPidfsMagic = 0x50494446;
constexpr uint32_t kDmaBufMagic = 0x444d4142;
constexpr uint32_t kAioRingMagic = 0xa10a10a1;
constexpr uint32_t kConfigfsMagic = 0x62656570;
constexpr uint32_t kMqueueMagic = 0x19800202;
constexpr uint32_t kFusectlMagic = 0x65735543;
constexpr uint32_t kSmackMagic = 0x43415d53;

constexpr const char* kNamespaceNames[] = {
    "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
    "user",   "uts"};

}  // namespace

uint64_t mountIdFromFdinfo(int fd) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    const UniqueFd info(::open(path, O_RDONLY | O_CLOEXEC));
    if (!info) return 0;
    char buf[512];
    const ssize_t n = ::read(info.get(), buf, sizeof buf - 1);
    if (n <= 0) return 0;
    buf[n] = '\0';
    const char* at = std::strstr(buf, "mnt_id:");
    return at == nullptr ? 0 : std::strtoull(at + 7, nullptr, 10);
}

bool statObject(int fd, ObjectStat& out) {
    struct statx stx {};
    if (::statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_MNT_ID,
                &stx) == 0) {
        out.dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
        out.ino = stx.stx_ino;
        out.mode = stx.stx_mode;
        out.rdev = makedev(stx.stx_rdev_major, stx.stx_rdev_minor);
        out.mntId = (stx.stx_mask & STATX_MNT_ID) ? stx.stx_mnt_id : mountIdFromFdinfo(fd);
        out.mntIdKnown = (stx.stx_mask & STATX_MNT_ID) || out.mntId != 0;
        return true;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) return false;
    out.dev = st.st_dev;
    out.ino = st.st_ino;
    out.mode = st.st_mode;
    out.rdev = st.st_rdev;
    out.mntId = mountIdFromFdinfo(fd);
    out.mntIdKnown = out.mntId != 0;
    return true;
}

bool isKernelInterfaceFs(uint32_t magic) {
    switch (magic) {
        case PROC_SUPER_MAGIC:
        case SYSFS_MAGIC:
        case DEBUGFS_MAGIC:
        case TRACEFS_MAGIC:
        case SECURITYFS_MAGIC:
        case SELINUX_MAGIC:
        case kSmackMagic:
        case CGROUP_SUPER_MAGIC:
        case CGROUP2_SUPER_MAGIC:
        case BPF_FS_MAGIC:
        case kConfigfsMagic:
        case BINFMTFS_MAGIC:
        case EFIVARFS_MAGIC:
        case PSTOREFS_MAGIC:
        case kFusectlMagic:
            return true;
        default:
            return false;
    }
}

bool isAnonymousFs(uint32_t magic) {
    switch (magic) {
        case kPipefsMagic:
        case kSockfsMagic:
        case kAnonInodeFsMagic:
        case kSecretmemMagic:
        case kPidfsMagic:
        case kDmaBufMagic:
        case kAioRingMagic:
            return true;
        default:
            return false;
    }
}

bool isMessageQueueFs(uint32_t magic) { return magic == kMqueueMagic; }

uint64_t namespaceInode(pid_t tid, const char* name) {
    char path[96];
    snprintf(path, sizeof path, "/proc/%d/ns/%s", static_cast<int>(tid), name);
    struct stat st {};
    return ::stat(path, &st) == 0 ? st.st_ino : 0;
}

bool taskIsInNamespace(pid_t tid, uint64_t ino) {
    if (ino == 0) return false;
    for (const char* name : kNamespaceNames) {
        if (namespaceInode(tid, name) == ino) return true;
    }
    return false;
}

ProcfsOwner procfsOwner(int procRootFd, uint64_t tracerPidNs, uint64_t containerPidNs) {
    UniqueFd ns(::openat(procRootFd, "1/ns/pid", O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!ns || ::fstat(ns.get(), &st) != 0) return ProcfsOwner::Unknown;
    if (st.st_ino == tracerPidNs) return ProcfsOwner::Host;
    if (containerPidNs == 0 || st.st_ino == containerPidNs) return ProcfsOwner::Container;
    // A descendant of the container's namespace (a workload's own unshare(CLONE_NEWPID)) is
    // still the container's; the walk up ends with EPERM above the tracer's namespace.
    for (int depth = 0; depth < 33; ++depth) {
        UniqueFd parent(::ioctl(ns.get(), NS_GET_PARENT));
        if (!parent || ::fstat(parent.get(), &st) != 0) break;
        if (st.st_ino == containerPidNs) return ProcfsOwner::Container;
        if (st.st_ino == tracerPidNs) break;
        ns = std::move(parent);
    }
    return ProcfsOwner::Host;
}

bool isPathUnder(std::string_view path, std::string_view dir) {
    if (dir == "/") return !path.empty() && path[0] == '/';
    return path == dir ||
           (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

bool stripDeleted(std::string& path) {
    static constexpr std::string_view kDeleted = " (deleted)";
    if (path.size() > kDeleted.size() && path.ends_with(kDeleted)) {
        path.resize(path.size() - kDeleted.size());
        return true;
    }
    return false;
}

std::string lastComponents(std::string_view path, int count) {
    size_t begin = path.size();
    for (int i = 0; i < count && begin > 0; ++i) {
        const size_t slash = path.rfind('/', begin - 1);
        if (slash == std::string_view::npos) {
            begin = 0;
            break;
        }
        begin = slash;
    }
    if (count <= 0 || begin >= path.size()) return "/";
    std::string out(path.substr(begin));
    if (out.front() != '/') out.insert(out.begin(), '/');
    return out;
}

std::string joinAbsolute(std::string_view dir, std::string_view below) {
    if (below.empty() || below == "/") return dir.empty() ? std::string("/") : std::string(dir);
    if (dir.empty() || dir == "/") return std::string(below);
    std::string out(dir);
    if (out.back() == '/') out.pop_back();
    if (below.front() != '/') out += '/';
    out += below;
    return out;
}

}  // namespace scratch::tracer
