#include "container/rootfs/OverlayDirs.h"

#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "common/Error.h"
#include "container/rootfs/PathInRoot.h"

namespace scratch::container {
namespace {

namespace fs = std::filesystem;

constexpr long kOverlayfsMagic = 0x794c7630;  // OVERLAYFS_SUPER_MAGIC

std::string shown(const fs::path& path) { return printablePath(path.string()); }

bool isUnder(const fs::path& path, const fs::path& dir) {
    const std::string p = path.string();
    const std::string d = dir.string();
    if (d == "/") return true;
    return p == d || (p.size() > d.size() && p.compare(0, d.size(), d) == 0 && p[d.size()] == '/');
}

/// overlayfs splits its mount data at ',' and lowerdir at ':'; escaping is not worth it.
void checkOptionSafe(const fs::path& path, const std::string& role) {
    if (path.string().find_first_of(",:\\") != std::string::npos) {
        throw Error("--overlay: the " + role + " " + shown(path) +
                        " contains ',', ':' or '\\', which overlayfs cannot take in a path",
                    kExitFailure);
    }
}

/// Where the upper layer goes must be usable by overlayfs and must not overlap the rootfs.
void checkPlace(const fs::path& dir, const fs::path& rootfs, const std::string& hint) {
    std::error_code ec;
    const fs::path real = fs::canonical(dir, ec);
    if (ec) throw Error("--overlay: " + shown(dir) + ": " + ec.message(), kExitFailure);
    if (isUnder(real, rootfs)) {
        throw Error("--overlay: " + shown(real) + " is inside the rootfs " + shown(rootfs) +
                        " (the upper layer cannot be part of the lower one; " + hint + ")",
                    kExitFailure);
    }
    struct statfs sfs {};
    if (::statfs(real.c_str(), &sfs) == 0 && sfs.f_type == kOverlayfsMagic) {
        throw Error("--overlay: " + shown(real) +
                        " is on an overlayfs, which cannot hold an upper layer (" + hint + ")",
                    kExitFailure);
    }
    checkOptionSafe(real, "directory");
}

fs::path makeTemp(const fs::path& pattern) {
    std::string buf = pattern.string();
    if (::mkdtemp(buf.data()) == nullptr) {
        throw Error("--overlay: mkdtemp " + shown(pattern) + ": " + std::strerror(errno),
                    kExitFailure);
    }
    return buf;
}

void makeDir(const fs::path& path) {
    if (::mkdir(path.c_str(), 0755) != 0) {
        throw Error("--overlay: mkdir " + shown(path) + ": " + std::strerror(errno), kExitFailure);
    }
}

}  // namespace

std::shared_ptr<OverlayDirs> OverlayDirs::create(const fs::path& rootfs, const fs::path& keepDir) {
    checkOptionSafe(rootfs, "rootfs");
    std::shared_ptr<OverlayDirs> dirs(new OverlayDirs());
    dirs->owner_ = ::getpid();
    if (keepDir.empty()) {
        std::error_code ec;
        const fs::path base = fs::temp_directory_path(ec);
        if (ec) throw Error("--overlay: no temporary directory: " + ec.message(), kExitFailure);
        checkPlace(base, rootfs, "set TMPDIR to another directory, or use --keep-changes DIR");
        dirs->remove_ = makeTemp(fs::canonical(base) / "scratch-overlay-XXXXXX");
        dirs->upper_ = dirs->remove_ / "upper";
        dirs->work_ = dirs->remove_ / "work";
        makeDir(dirs->upper_);
        makeDir(dirs->work_);
        return dirs;
    }

    const fs::path keep = fs::absolute(keepDir).lexically_normal();
    const std::string what = "--keep-changes " + shown(keepDir);
    std::error_code ec;
    if (fs::exists(keep, ec)) {
        if (!fs::is_directory(keep, ec)) throw Error(what + ": not a directory", kExitFailure);
        if (!fs::is_empty(keep, ec)) {
            throw Error(what + ": not empty (the changes of one run go to a fresh directory)",
                        kExitFailure);
        }
    } else if (::mkdir(keep.c_str(), 0755) != 0) {
        throw Error(what + ": " + std::strerror(errno), kExitFailure);
    }
    const fs::path upper = fs::canonical(keep);
    checkPlace(upper, rootfs, "choose a --keep-changes directory outside the rootfs");
    dirs->upper_ = upper;
    dirs->keepUpper_ = true;
    // overlayfs wants the work directory on the upper layer's filesystem: a hidden sibling.
    dirs->remove_ =
        makeTemp(upper.parent_path() / ("." + upper.filename().string() + ".scratch-work-XXXXXX"));
    dirs->work_ = dirs->remove_;
    checkOptionSafe(dirs->work_, "work directory");
    return dirs;
}

OverlayDirs::~OverlayDirs() { release(); }

std::string OverlayDirs::mountOptions(const fs::path& rootfs) const {
    return "lowerdir=" + rootfs.string() + ",upperdir=" + upper_.string() +
           ",workdir=" + work_.string();
}

namespace {

/// Gives the owner rwx on every directory under dir (not following symlinks). overlayfs
/// leaves its work/work directory with mode 000: root removes it anyway, its unprivileged
/// owner (a rootless run) must first be allowed to look inside.
void letOwnerIn(const fs::path& dir) {
    std::error_code ec;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec)) letOwnerIn(it->path());
    }
}

}  // namespace

void OverlayDirs::release() {
    if (released_ || ::getpid() != owner_ || remove_.empty()) return;
    released_ = true;
    std::error_code ec;
    fs::remove_all(remove_, ec);
    if (ec) {
        letOwnerIn(remove_);
        ec.clear();
        fs::remove_all(remove_, ec);
    }
    if (ec) {
        std::fprintf(stderr, "scratch-trace: could not remove the overlay's %s: %s\n",
                     shown(remove_).c_str(), ec.message().c_str());
    }
}

}  // namespace scratch::container
