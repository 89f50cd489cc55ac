// The scratch directories of --overlay: the upper layer that receives every change the
// container makes, and overlayfs' work directory. Made before the launcher is forked,
// removed by the process that made them once the run is over, however it ended.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace scratch::container {

/// Owns the overlay's upper and work directories (RAII: the destructor removes them).
class OverlayDirs {
  public:
    /// Makes them. Without keepDir: upper/ and work/ in a fresh scratch-overlay-XXXXXX under the
    /// temporary directory ($TMPDIR or /tmp), all removed at the end. With keepDir (an absolute,
    /// missing or empty directory): keepDir is the upper layer and survives; the work directory
    /// is a hidden sibling (overlayfs needs both on one filesystem) and is removed. Checks
    /// that overlayfs can use them (not inside the rootfs, not on an overlayfs, no ',' or ':'
    /// in a path). Throws scratch::Error (125).
    static std::shared_ptr<OverlayDirs> create(const std::filesystem::path& rootfs,
                                               const std::filesystem::path& keepDir);
    ~OverlayDirs();
    OverlayDirs(const OverlayDirs&) = delete;
    OverlayDirs& operator=(const OverlayDirs&) = delete;

    const std::filesystem::path& upper() const { return upper_; }
    const std::filesystem::path& work() const { return work_; }
    bool keepsUpper() const { return keepUpper_; }
    /// overlayfs' mount data: "lowerdir=ROOTFS,upperdir=UPPER,workdir=WORK".
    std::string mountOptions(const std::filesystem::path& rootfs) const;
    /// Removes what is to be removed now (only in the process that created them; a forked
    /// launcher must never delete the layer its container is using). Idempotent.
    void release();

  private:
    OverlayDirs() = default;
    std::filesystem::path remove_;  ///< the tree removed at the end
    std::filesystem::path upper_;
    std::filesystem::path work_;
    bool keepUpper_ = false;
    pid_t owner_ = 0;
    bool released_ = false;
};

}  // namespace scratch::container
