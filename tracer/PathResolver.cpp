#include "tracer/PathResolver.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
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

/// d_path marks unlinked objects with " (deleted)"; the path is still the best we have.
void stripDeleted(std::string& path) {
    static constexpr std::string_view kDeleted = " (deleted)";
    if (path.size() > kDeleted.size() && path.ends_with(kDeleted)) {
        path.resize(path.size() - kDeleted.size());
    }
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

bool isUnder(std::string_view path, std::string_view dir) {
    if (dir == "/") return !path.empty() && path[0] == '/';
    return path == dir ||
           (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
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
    if (!rootfsHost_.empty() && ::stat(rootfsHost_.c_str(), &st) == 0) {
        rootfsDev_ = st.st_dev;
        rootfsIno_ = st.st_ino;
    }
}

void PathResolver::invalidateAll() {
    ++generation_;
    cache_.clear();
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
    if (::stat(link.c_str(), &root) != 0 || ::stat("/", &host) != 0) return;
    if (root.st_dev == host.st_dev && root.st_ino == host.st_ino) return;
    if (root.st_dev == rootfsDev_ && root.st_ino == rootfsIno_) return;
    rootfsDev_ = root.st_dev;
    rootfsIno_ = root.st_ino;
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
    struct stat st {};
    // The rootfs directory itself, or something mounted over it (an overlay whose lower layer
    // it is): both are the container's root filesystem.
    tv.rootIsRootfs =
        ::fstat(tv.rootFd(), &st) == 0 && rootfsIno_ != 0 &&
        ((st.st_dev == rootfsDev_ && st.st_ino == rootfsIno_) || tv.rootPath == rootfsHost_);
    tv.rootDev = st.st_dev;
    tv.rootIno = st.st_ino;
    tv.rootfsPath = tv.rootIsRootfs ? tv.rootPath : locateRootfs(tv);
    struct stat ns {};
    const std::string nsLink = procPath(tid, "ns/mnt");
    tv.mntNs = ::stat(nsLink.c_str(), &ns) == 0 ? ns.st_ino : 0;
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
        tv.haveCwd = true;
    }
    out = tv.cwdPath;
    return true;
}

const std::string* PathResolver::shownCwd(pid_t tid) {
    TaskView* tv = view(tid);
    if (tv == nullptr || !cwdPath(tid, *tv, shownCwd_)) return nullptr;
    // As resolved paths are shown: from the task's root (classify() does the same).
    if (tv->rootPath != "/" && isUnder(shownCwd_, tv->rootPath)) {
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
            const bool hostProc = st.st_dev == hostProcDev_;
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
    if (dirfd == AT_FDCWD) {
        if (!cwdPath(ids.tid, tv, base)) return -ESRCH;
    } else {
        const std::string link = procFdPath(ids.tid, dirfd);
        if (!readLink(AT_FDCWD, link.c_str(), base)) return -EBADF;
        stripDeleted(base);
    }
    if (isUnder(base, tv.rootPath)) {
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
            describe(obj.get(), tv, rest, out);
            out.exists = rest.empty();
            // procfs changes under us as processes come and go: never remembered.
            const bool procfs =
                out.where == Where::ContainerProcfs || out.where == Where::HostProcfs;
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
    clearAttribution(out, true);
    const std::string link = procFdPath(ids.tid, fd);
    std::string dpath;
    if (!readLink(AT_FDCWD, link.c_str(), dpath)) {
        out.exists = false;
        return;
    }
    if (!dpath.starts_with('/')) {
        // pipe:[N], socket:[N], anon_inode:[eventfd]: no path, nothing on the host's tree.
        out.resolved = std::move(dpath);
        return;
    }
    stripDeleted(dpath);
    UniqueFd obj(::open(link.c_str(), O_PATH | O_CLOEXEC));
    struct stat st {};
    if (!obj || ::fstat(obj.get(), &st) != 0) {
        out.resolved = std::move(dpath);
        return;
    }
    out.dev = st.st_dev;
    out.ino = st.st_ino;
    out.mode = st.st_mode;
    classify(dpath, st.st_dev, fsType(obj.get(), st.st_dev), view(ids.tid), out);
}

void PathResolver::describe(int fd, const TaskView* tv, std::string_view rest, PathRef& out) {
    struct stat st {};
    std::string dpath;
    char link[64];
    // Relative to the kept /proc/self/fd, or the whole path if that could not be opened.
    snprintf(link, sizeof link, ownFds_ ? "%d" : "/proc/self/fd/%d", fd);
    const int linkDir = ownFds_ ? ownFds_.get() : AT_FDCWD;
    if (::fstat(fd, &st) != 0 || !readLink(linkDir, link, dpath)) return;
    stripDeleted(dpath);
    if (!rest.empty()) {
        if (dpath.back() != '/') dpath += '/';
        dpath += rest;
    } else {
        out.dev = st.st_dev;
        out.ino = st.st_ino;
        out.mode = st.st_mode;
    }
    classify(dpath, st.st_dev, fsType(fd, st.st_dev), tv, out);
}

void PathResolver::classify(const std::string& dpath, uint64_t dev, uint32_t fstype,
                            const TaskView* tv, PathRef& out) {
    // dpath is the kernel's d_path of the object, in the coordinates of its mount namespace;
    // the task's root and the rootfs are located in the same coordinates, so "under" is
    // decided on kernel-made canonical strings, never on what the process typed.
    const bool inRoot = tv != nullptr && isUnder(dpath, tv->rootPath);
    const bool inRootfs =
        tv != nullptr && !tv->rootfsPath.empty() && isUnder(dpath, tv->rootfsPath);
    out.resolved = inRoot && tv->rootPath != "/" ? dpath.substr(tv->rootPath.size()) : dpath;
    if (out.resolved.empty()) out.resolved = "/";
    if (fstype == PROC_SUPER_MAGIC) {
        out.where = dev == hostProcDev_ ? Where::HostProcfs : Where::ContainerProcfs;
    } else if (!inRootfs) {
        out.where = Where::Host;
    } else if (dev == rootfsDev_) {
        out.where = Where::Rootfs;
    } else {
        // Another mount inside the rootfs: private if it is a virtual fs made for the
        // container (tmpfs, devpts, mqueue), a host object if it is a host disk bound in.
        out.where = major(dev) == 0 ? Where::ContainerMount : Where::Host;
    }
    if (inRootfs) {
        // Map to the host through the rootfs: its host path plus the path below it.
        std::string_view below =
            std::string_view(dpath).substr(tv->rootfsPath == "/" ? 0 : tv->rootfsPath.size());
        out.host = rootfsHost_;
        if (!below.empty() && below != "/") {
            if (out.host.back() == '/') below.remove_prefix(1);
            out.host += below;
        }
    } else {
        out.host = dpath;
    }
}

}  // namespace scratch::tracer
