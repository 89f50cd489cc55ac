#include "container/rootfs/NewRootfsDir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "common/Error.h"
#include "container/rootfs/PathInRoot.h"

namespace scratch::container {
namespace {

namespace fs = std::filesystem;

std::set<std::string> topLevelEntries(const fs::path& dir) {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

}  // namespace

NewRootfsDir::NewRootfsDir(const fs::path& dir, bool force, const std::string& forceHint) {
    if (dir.empty()) throw Error("rootfs create: no directory given", kExitUsage);
    dir_ = fs::absolute(dir).lexically_normal();
    if (dir_.filename().empty()) dir_ = dir_.parent_path();
    const std::string shown = printablePath(dir.string());
    struct stat st {};
    if (::stat(dir_.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            throw Error("rootfs create: " + shown + " exists and is not a directory", kExitFailure);
        }
        before_ = topLevelEntries(dir_);
        if (!before_.empty() && !force) {
            throw Error("rootfs create: " + shown + " is not empty (use --force " + forceHint + ")",
                        kExitFailure);
        }
        return;
    }
    if (errno != ENOENT) {
        throw Error("rootfs create: " + shown + ": " + std::strerror(errno), kExitFailure);
    }
    fs::path probe = dir_;
    createdTop_ = probe;
    while (probe.has_parent_path() && probe.parent_path() != probe &&
           ::stat(probe.parent_path().c_str(), &st) != 0 && errno == ENOENT) {
        probe = probe.parent_path();
        createdTop_ = probe;
    }
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) {
        createdTop_.clear();
        throw Error("rootfs create: mkdir " + shown + ": " + ec.message(), kExitFailure);
    }
}

NewRootfsDir::~NewRootfsDir() {
    if (committed_) return;
    std::error_code ec;
    if (!createdTop_.empty()) {
        fs::remove_all(createdTop_, ec);
        return;
    }
    for (const std::string& name : topLevelEntries(dir_)) {
        if (!before_.contains(name)) fs::remove_all(dir_ / name, ec);
    }
}

}  // namespace scratch::container
