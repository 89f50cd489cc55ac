#include "tracer/PathResolver.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "common/Openat2.h"

namespace scratch::tracer {
namespace {

constexpr int kMaxSymlinks = 40;  // the kernel's MAXSYMLINKS

int openat2Path(int dirfd, const char* path, bool followFinal, uint64_t resolve) {
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC | (followFinal ? 0 : O_NOFOLLOW);
    how.resolve = resolve;
    const long fd = openat2Retrying(dirfd, path, how);
    return fd < 0 ? -errno : static_cast<int>(fd);
}

/// readlink into a std::string; false on failure.
bool readLink(int dirfd, const char* path, std::string& out) {
    char buf[4096];
    const ssize_t n = ::readlinkat(dirfd, path, buf, sizeof buf);
    if (n < 0) return false;
    out.assign(buf, static_cast<size_t>(n));
    return true;
}

/// What the resolver says about an object, without the caller's own fields (given, fd, access).
void copyAttribution(const PathRef& from, PathRef& to) {
    to.host = from.host;
    to.resolved = from.resolved;
    to.where = from.where;
    to.exists = from.exists;
    to.dev = from.dev;
    to.ino = from.ino;
    to.mode = from.mode;
    to.rdev = from.rdev;
    to.fsMagic = from.fsMagic;
    to.mntId = from.mntId;
    to.fsPath = from.fsPath;
}

void clearAttribution(PathRef& ref, bool exists) {
    ref.host.clear();
    ref.resolved.clear();
    ref.where = Where::Unknown;
    ref.exists = exists;
    ref.dev = ref.ino = 0;
    ref.mode = 0;
    ref.rdev = 0;
    ref.fsMagic = 0;
    ref.mntId = 0;
    ref.fsPath.clear();
    ref.stdio = false;
}

std::string procPath(pid_t tid, const char* leaf) {
    std::string p = "/proc/";
    p += std::to_string(tid);
    p += '/';
    p += leaf;
    return p;
}

std::string procFdPath(pid_t tid, int fd) {
    std::string p = procPath(tid, "fd/");
    p += std::to_string(fd);
    return p;
}

}  // namespace

PathResolver::PathResolver(std::string rootfsHost)
    : rootfsHost_(std::move(rootfsHost)),
      ownFds_(::open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC)) {
    struct stat st {};
    if (::stat("/proc", &st) == 0) hostProcDev_ = st.st_dev;
    tracerPidNs_ = namespaceInode(::getpid(), "pid");
    // The kernel's internal shmem mount, in no namespace's table: where memfds live.
    if (const UniqueFd memfd(::memfd_create("scratch-trace-probe", MFD_CLOEXEC)); memfd) {
        ObjectStat probe;
        if (statObject(memfd.get(), probe) && probe.mntIdKnown) {
            shmMntId_ = probe.mntId;
            shmMntIdKnown_ = true;
        }
    }
    // And its hugetlbfs mounts, one per huge page size (no pages are taken: the memfds stay
    // empty). A size the kernel lacks fails, which is fine.
    constexpr unsigned kHuge2Mb = 21U << 26;  // MFD_HUGE_2MB, MFD_HUGE_1GB (<linux/memfd.h>)
    constexpr unsigned kHuge1Gb = 30U << 26;
    for (const unsigned size : {0U, kHuge2Mb, kHuge1Gb}) {
        const UniqueFd memfd(
            ::memfd_create("scratch-trace-probe", MFD_CLOEXEC | MFD_HUGETLB | size));
        ObjectStat probe;
        if (memfd && statObject(memfd.get(), probe) && probe.mntIdKnown) {
            hugetlbMntIds_.push_back(probe.mntId);
        }
    }
    const UniqueFd rootfs(
        rootfsHost_.empty() ? -1 : ::open(rootfsHost_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ObjectStat os;
    if (rootfs && statObject(rootfs.get(), os)) {
        rootfsDev_ = os.dev;
        rootfsIno_ = os.ino;
        rootfsHostMntId_ = os.mntId;
        // Its path inside its filesystem: the mount's root plus the part below the mount point.
        if (const MountEntry* m = mounts_.hostMount(os.mntId);
            m != nullptr && isPathUnder(rootfsHost_, m->target)) {
            rootfsFsPath_ = joinAbsolute(
                m->root, m->target == "/" ? rootfsHost_ : rootfsHost_.substr(m->target.size()));
        }
    }
}

void PathResolver::invalidateAll(bool mountsChanged) {
    ++generation_;
    cache_.clear();
    insideDirs_.clear();
    if (mountsChanged) {
        mounts_.invalidate();
        procfsWhere_.clear();
    }
}

void PathResolver::inheritView(pid_t parent, pid_t child) {
    const auto from = views_.find(parent);
    if (from == views_.end() || from->second.generation != generation_ ||
        from->second.rootFd() < 0 || views_.contains(child)) {
        return;
    }
    views_.emplace(child, from->second);
}

void PathResolver::forget(pid_t tid) { views_.erase(tid); }

void PathResolver::adoptContainerRoot(pid_t tid) {
    struct stat root {};
    struct stat host {};
    const std::string link = procPath(tid, "root");
    // Its namespaces are the container's, whatever the root mode.
    containerTid_ = tid;
    containerPidNs_ = namespaceInode(tid, "pid");
    procfsWhere_.clear();
    if (::stat(link.c_str(), &root) != 0 || ::stat("/", &host) != 0) return;
    if (root.st_dev == host.st_dev && root.st_ino == host.st_ino) return;
    if (root.st_dev == rootfsDev_ && root.st_ino == rootfsIno_) return;
    // Something mounted over the rootfs (an overlay): all of that filesystem is the rootfs.
    rootfsDev_ = root.st_dev;
    rootfsIno_ = root.st_ino;
    rootfsFsPath_ = "/";
    invalidateAll();
}

PathResolver::TaskView* PathResolver::view(pid_t tid) {
    TaskView& tv = views_[tid];
    if (tv.generation == generation_ && tv.rootFd() >= 0) return &tv;
    const std::string rootLink = procPath(tid, "root");
    tv.root = std::make_shared<const UniqueFd>(::open(rootLink.c_str(), O_PATH | O_CLOEXEC));
    if (tv.rootFd() < 0 || !readLink(AT_FDCWD, rootLink.c_str(), tv.rootPath)) {
        views_.erase(tid);
        return nullptr;
    }
    stripDeleted(tv.rootPath);
    ObjectStat st;
    const bool haveStat = statObject(tv.rootFd(), st);
    const bool atContainerRoot =
        haveStat && rootfsIno_ != 0 && st.dev == rootfsDev_ && st.ino == rootfsIno_;
    // The rootfs directory itself, or something mounted over it (an overlay whose lower layer
    // it is): both are the container's root filesystem.
    tv.rootIsRootfs =
        haveStat && rootfsIno_ != 0 && (atContainerRoot || tv.rootPath == rootfsHost_);
    tv.rootDev = st.dev;
    tv.rootIno = st.ino;
    tv.rootMntId = st.mntId;
    tv.rootfsPath = tv.rootIsRootfs ? tv.rootPath : locateRootfs(tv);
    struct stat ns {};
    const std::string nsLink = procPath(tid, "ns/mnt");
    tv.mntNs = ::stat(nsLink.c_str(), &ns) == 0 ? ns.st_ino : 0;
    // A task rooted at the container's root shows its mount namespace's container mounts.
    if (atContainerRoot) mounts_.noteContainerTask(tv.mntNs, tid, tv.root, tv.rootPath, st.mntId);
    tv.haveCwd = false;
    tv.generation = generation_;
    return &tv;
}

std::string PathResolver::locateRootfs(const TaskView& tv) {
    if (rootfsIno_ == 0) return {};
    auto isRootfs = [this](int fd) {
        struct stat st {};
        return ::fstat(fd, &st) == 0 && st.st_dev == rootfsDev_ && st.st_ino == rootfsIno_;
    };
    auto pathOf = [](int fd) {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        std::string path;
        readLink(AT_FDCWD, link, path);
        return path;
    };
    // A root chrooted somewhere below the rootfs: walk up (the tracer is not clamped).
    UniqueFd cur(::fcntl(tv.rootFd(), F_DUPFD_CLOEXEC, 0));
    for (int depth = 0; cur && depth < 256; ++depth) {
        UniqueFd up(::openat(cur.get(), "..", O_PATH | O_CLOEXEC));
        struct stat a {};
        struct stat b {};
        if (!up || ::fstat(up.get(), &a) != 0 || ::fstat(cur.get(), &b) != 0) break;
        if (isRootfs(up.get())) return pathOf(up.get());
        if (a.st_dev == b.st_dev && a.st_ino == b.st_ino) break;  // the top
        cur = std::move(up);
    }
    // A root above the rootfs (the host's, or an escape): the rootfs at its host path.
    const std::string_view rel = std::string_view(rootfsHost_).substr(1);
    UniqueFd down(
        ::openat(tv.rootFd(), rel.empty() ? "." : std::string(rel).c_str(), O_PATH | O_CLOEXEC));
    if (down && (isRootfs(down.get()) || pathOf(down.get()) == rootfsHost_)) {
        return pathOf(down.get());
    }
    return {};
}

bool PathResolver::cwdPath(pid_t tid, TaskView& tv, std::string& out) {
    if (!tv.haveCwd) {
        const std::string link = procPath(tid, "cwd");
        if (!readLink(AT_FDCWD, link.c_str(), tv.cwdPath)) return false;
        stripDeleted(tv.cwdPath);
        tv.cwdInside = startsInside(link.c_str(), tv.cwdPath, tv);
        tv.haveCwd = true;
    }
    out = tv.cwdPath;
    return true;
}

bool PathResolver::startsInside(const char* link, const std::string& dpath, const TaskView& tv) {
    if (!isPathUnder(dpath, tv.rootPath)) return false;
    if (!mounts_.known()) return true;  // before the root switch: d_path is all there is
    struct statx stx {};
    if (::statx(AT_FDCWD, link, 0, STATX_BASIC_STATS | STATX_MNT_ID, &stx) != 0 ||
        !(stx.stx_mask & STATX_MNT_ID)) {
        return false;  // walking from the start itself is right either way, only slower
    }
    // The root's own mount, or any other mount of the container's namespace for a task rooted
    // at the container root (its mountinfo lists exactly the mounts reachable from that root).
    const ContainerMounts::Namespace* ns = nullptr;
    const bool mountInside =
        stx.stx_mnt_id == tv.rootMntId ||
        (tv.rootDev == rootfsDev_ && tv.rootIno == rootfsIno_ &&
         mounts_.containerMount(stx.stx_mnt_id, &ns) != nullptr && ns->rootMntId == tv.rootMntId);
    if (!mountInside) return false;
    // A directory opened by handle through such a mount may lie outside its root, with a d_path
    // that looks inside: the same path from the root must reach the same directory. Checked
    // once per directory (until paths or mounts change).
    const DirKey key{makedev(stx.stx_dev_major, stx.stx_dev_minor), stx.stx_ino, tv.rootDev,
                     tv.rootIno};
    if (const auto it = insideDirs_.find(key); it != insideDirs_.end()) return it->second;
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const std::string rel = tv.rootPath == "/" ? dpath : dpath.substr(tv.rootPath.size());
    const UniqueFd again(
        static_cast<int>(openat2Retrying(tv.rootFd(), rel.empty() ? "." : rel.c_str(), how)));
    ObjectStat st;
    const bool inside =
        again && statObject(again.get(), st) && st.dev == key.dev && st.ino == key.ino;
    if (insideDirs_.size() > 4096) insideDirs_.clear();
    insideDirs_.emplace(key, inside);
    return inside;
}

const std::string* PathResolver::shownCwd(pid_t tid) {
    TaskView* tv = view(tid);
    if (tv == nullptr || !cwdPath(tid, *tv, shownCwd_)) return nullptr;
    // As resolved paths are shown: from the task's root (classify() does the same).
    if (tv->rootPath != "/" && isPathUnder(shownCwd_, tv->rootPath)) {
        shownCwd_.erase(0, tv->rootPath.size());
        if (shownCwd_.empty()) shownCwd_ = "/";
    }
    return &shownCwd_;
}

uint32_t PathResolver::fsType(int fd, uint64_t dev) {
    if (auto it = fsTypes_.find(dev); it != fsTypes_.end()) return it->second;
    struct statfs sfs {};
    const uint32_t type = ::fstatfs(fd, &sfs) == 0 ? static_cast<uint32_t>(sfs.f_type) : 0;
    fsTypes_.emplace(dev, type);
    return type;
}

int PathResolver::walk(const TaskIds& ids, TaskView& tv, int startFd, std::string_view path,
                       bool followFinal) {
    // Components still to walk, last first, so symlink targets are pushed on the end.
    std::vector<std::string> todo;
    auto pushPath = [&todo](std::string_view p) {
        size_t end = p.size();
        while (end > 0) {
            size_t begin = p.rfind('/', end - 1);
            begin = begin == std::string_view::npos ? 0 : begin + 1;
            if (end > begin) todo.emplace_back(p.substr(begin, end - begin));
            if (begin == 0) break;
            end = begin - 1;
        }
    };
    pushPath(path);
    UniqueFd cur(::fcntl(path.starts_with('/') ? tv.rootFd() : startFd, F_DUPFD_CLOEXEC, 0));
    if (!cur) return -errno;
    int links = 0;
    while (!todo.empty()) {
        const std::string comp = std::move(todo.back());
        todo.pop_back();
        if (comp == ".") continue;
        if (comp == "..") {
            struct stat st {};
            // The chroot clamp: ".." at the task's root stays at the root.
            if (::fstat(cur.get(), &st) == 0 && st.st_dev == tv.rootDev && st.st_ino == tv.rootIno)
                continue;
            UniqueFd up(::openat(cur.get(), "..", O_PATH | O_CLOEXEC));
            if (!up) return -errno;
            cur = std::move(up);
            continue;
        }
        const bool last = todo.empty();
        UniqueFd next(::openat(cur.get(), comp.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!next) return -errno;
        struct stat st {};
        if (::fstat(next.get(), &st) != 0) return -errno;
        if (!S_ISLNK(st.st_mode) || (last && !followFinal)) {
            cur = std::move(next);
            continue;
        }
        if (++links > kMaxSymlinks) return -ELOOP;
        const bool inProc = fsType(next.get(), st.st_dev) == PROC_SUPER_MAGIC;
        if (inProc && (comp == "self" || comp == "thread-self")) {
            // /proc/self means the *task*, not the tracer reading it: substitute the task's
            // pid as that procfs's PID namespace numbers it.
            const bool hostProc = procfsWhere(st.st_dev, cur.get()) == Where::HostProcfs;
            const pid_t tgid = hostProc ? ids.tgid : ids.nstgid;
            const pid_t tid = hostProc ? ids.tid : ids.nstid;
            if (tgid <= 0) return -ENOENT;
            std::string sub = std::to_string(tgid);
            if (comp == "thread-self") sub += "/task/" + std::to_string(tid);
            pushPath(sub);
            continue;
        }
        std::string target;
        if (!readLink(next.get(), "", target)) return -errno;
        const bool magic =
            inProc && (target.starts_with('/') || target.find(':') != std::string::npos);
        if (magic) {
            // A procfs magic link (fd/N, cwd, root, exe): the kernel jumps to the object itself.
            UniqueFd jumped(::openat(cur.get(), comp.c_str(), O_PATH | O_CLOEXEC));
            if (!jumped) return -errno;
            cur = std::move(jumped);
            continue;
        }
        if (target.starts_with('/')) {
            UniqueFd root(::fcntl(tv.rootFd(), F_DUPFD_CLOEXEC, 0));
            if (!root) return -errno;
            cur = std::move(root);
        }
        pushPath(target);
    }
    return cur.release();
}

int PathResolver::openResolved(const TaskIds& ids, TaskView& tv, int dirfd, std::string_view path,
                               bool followFinal, std::string& composed, int* startFd) {
    *startFd = -1;
    composed.clear();
    if (path.starts_with('/')) {
        composed = path;
        return 0;
    }
    std::string base;
    bool inside = false;
    if (dirfd == AT_FDCWD) {
        if (!cwdPath(ids.tid, tv, base)) return -ESRCH;
        inside = tv.cwdInside;
    } else {
        const std::string link = procFdPath(ids.tid, dirfd);
        if (!readLink(AT_FDCWD, link.c_str(), base)) return -EBADF;
        stripDeleted(base);
        inside = startsInside(link.c_str(), base, tv);
    }
    if (inside) {
        // Inside the task's root: the same walk from the root, so RESOLVE_IN_ROOT applies.
        composed = tv.rootPath == "/" ? base : base.substr(tv.rootPath.size());
        if (composed.empty() || composed.back() != '/') composed += '/';
        composed += path;
        return 0;
    }
    // The start is outside the task's root (an escaped cwd or a directory fd from outside):
    // ".." is not clamped there, so walk from the start itself.
    const std::string link =
        dirfd == AT_FDCWD ? procPath(ids.tid, "cwd") : procFdPath(ids.tid, dirfd);
    *startFd = ::open(link.c_str(), O_PATH | O_CLOEXEC);
    if (*startFd < 0) return -errno;
    composed = path;
    (void)followFinal;
    return 0;
}

void PathResolver::resolvePath(const TaskIds& ids, int dirfd, std::string_view path,
                               bool followFinal, PathRef& out) {
    clearAttribution(out, false);
    TaskView* tv = view(ids.tid);
    if (tv == nullptr) return;
    if (path.empty()) return;  // ENOENT; AT_EMPTY_PATH is handled by the caller as an fd use
    int start = -1;
    if (openResolved(ids, *tv, dirfd, path, followFinal, scratch_, &start) < 0) return;
    UniqueFd startFd(start);

    // Paths through /proc/self or magic links need the component walk; everything else takes
    // the kernel's own RESOLVE_IN_ROOT in one syscall.
    const bool needsWalk = scratch_.find("self") != std::string::npos;
    const int base = startFd ? startFd.get() : tv->rootFd();
    const uint64_t resolve =
        RESOLVE_NO_MAGICLINKS | (startFd ? 0 : static_cast<uint64_t>(RESOLVE_IN_ROOT));

    // A path resolved from the root before, with nothing changed since, resolves the same.
    const bool cacheable = !startFd && !needsWalk && tv->mntNs != 0;
    if (cacheable) {
        key_.clear();
        key_.append(reinterpret_cast<const char*>(&tv->mntNs), sizeof tv->mntNs);
        key_.append(reinterpret_cast<const char*>(&tv->rootDev), sizeof tv->rootDev);
        key_.append(reinterpret_cast<const char*>(&tv->rootIno), sizeof tv->rootIno);
        key_ += followFinal ? 'F' : 'N';
        key_ += scratch_;
        if (auto it = cache_.find(key_); it != cache_.end()) {
            copyAttribution(it->second, out);
            return;
        }
    }

    // Try the whole path, then ever shorter parents: a path that does not exist still gets the
    // host path the kernel would have used (the deepest existing parent plus the rest).
    std::string attempt = scratch_;
    std::string rest;
    for (int tries = 0; tries < 64; ++tries) {
        const bool follow = rest.empty() ? followFinal : true;
        int fd = needsWalk ? -ELOOP : openat2Path(base, attempt.c_str(), follow, resolve);
        if (fd == -ELOOP || fd == -EXDEV) fd = walk(ids, *tv, base, attempt, follow);
        if (fd >= 0) {
            UniqueFd obj(fd);
            // From a start outside the root, the object's place under the root is checked.
            describe(obj.get(), ids, tv, rest, static_cast<bool>(startFd), out);
            out.exists = rest.empty();
            // procfs changes under us as processes come and go: never remembered, nor what its
            // magic links reach (namespace files, pipes, sockets: anonymous objects).
            const bool procfs = out.where == Where::ContainerProcfs ||
                                out.where == Where::HostProcfs || out.where == Where::Anonymous;
            if (cacheable && !procfs) {
                if (cache_.size() > 65536) cache_.clear();
                copyAttribution(out, cache_[key_]);
            }
            return;
        }
        if (fd != -ENOENT && fd != -ENOTDIR) return;
        while (attempt.size() > 1 && attempt.back() == '/') attempt.pop_back();
        const size_t slash = attempt.rfind('/');
        std::string leaf;
        if (slash == std::string::npos) {
            if (attempt == ".") return;
            leaf = attempt;
            attempt = ".";
        } else {
            leaf = attempt.substr(slash + 1);
            attempt.resize(slash == 0 ? 1 : slash);
        }
        if (leaf.empty()) return;
        if (!rest.empty()) {
            leaf += '/';
            leaf += rest;
        }
        rest = std::move(leaf);
    }
}

void PathResolver::resolveFd(const TaskIds& ids, int fd, PathRef& out) {
    resolveLink(ids, procFdPath(ids.tid, fd), out);
}

void PathResolver::resolveTaskDir(const TaskIds& ids, bool cwd, PathRef& out) {
    resolveLink(ids, procPath(ids.tid, cwd ? "cwd" : "root"), out);
}

void PathResolver::resolveLink(const TaskIds& ids, const std::string& link, PathRef& out) {
    clearAttribution(out, true);
    std::string dpath;
    if (!readLink(AT_FDCWD, link.c_str(), dpath)) {
        out.exists = false;
        return;
    }
    UniqueFd obj(::open(link.c_str(), O_PATH | O_CLOEXEC));
    ObjectStat os;
    if (!obj || !statObject(obj.get(), os)) {
        out.resolved = std::move(dpath);
        if (!out.resolved.starts_with('/')) out.where = Where::Anonymous;
        return;
    }
    classify(obj.get(), dpath, os, true, ids, view(ids.tid), true, out);
}

void PathResolver::describe(int fd, const TaskIds& ids, const TaskView* tv, std::string_view rest,
                            bool verify, PathRef& out) {
    ObjectStat os;
    std::string dpath;
    char link[64];
    // Relative to the kept /proc/self/fd, or the whole path if that could not be opened.
    snprintf(link, sizeof link, ownFds_ ? "%d" : "/proc/self/fd/%d", fd);
    const int linkDir = ownFds_ ? ownFds_.get() : AT_FDCWD;
    if (!statObject(fd, os) || !readLink(linkDir, link, dpath)) return;
    if (!rest.empty()) {
        stripDeleted(dpath);
        if (dpath.back() != '/') dpath += '/';
        dpath += rest;
    }
    classify(fd, dpath, os, rest.empty(), ids, tv, verify, out);
}

}  // namespace scratch::tracer
