// The target directory of `rootfs create`, made ready and rolled back on failure, so that a
// failed create leaves no half-made rootfs behind (busybox and tarball builds alike).
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace scratch::container {

/// Prepares dir (creates it and missing parents, or accepts an empty one, or with force a
/// non-empty one) and, unless commit() is called, removes on destruction what it added: all
/// of what it created, otherwise the top-level entries that were not there before.
class NewRootfsDir {
  public:
    /// forceHint completes "is not empty (use --force ...)". Throws scratch::Error (125).
    NewRootfsDir(const std::filesystem::path& dir, bool force, const std::string& forceHint);
    ~NewRootfsDir();
    NewRootfsDir(const NewRootfsDir&) = delete;
    NewRootfsDir& operator=(const NewRootfsDir&) = delete;

    /// The directory, absolute.
    const std::filesystem::path& path() const { return dir_; }
    /// Keeps everything: the build succeeded.
    void commit() { committed_ = true; }

  private:
    std::filesystem::path dir_;
    std::filesystem::path createdTop_;  ///< the outermost directory this object created
    std::set<std::string> before_;      ///< top-level names present before
    bool committed_ = false;
};

}  // namespace scratch::container
