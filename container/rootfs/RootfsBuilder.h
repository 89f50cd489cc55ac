// Making a root filesystem to run in: from the host's static busybox (Debian busybox-static),
// or from a rootfs tarball (an Alpine mini root filesystem, a docker export, ...).
#pragma once

#include <cstddef>
#include <filesystem>

namespace scratch::container {

/// Options of `scratch-trace rootfs create`.
struct RootfsOptions {
    std::filesystem::path dir;
    bool force = false;                              ///< allow a non-empty dir
    std::filesystem::path busybox = "/bin/busybox";  ///< a static busybox to copy
    std::filesystem::path from;  ///< a tarball to extract instead (createRootfsFromTarball)
};

/// Creates a minimal busybox rootfs in dir: busybox and its applet links in /bin and /sbin,
/// /etc/passwd, /etc/group, empty /proc /sys /dev /tmp /root. Throws scratch::Error.
void createBusyboxRootfs(const RootfsOptions& options);

/// Extracts options.from (tar; gzip, xz, zstd, bzip2 or plain, detected from the content) into
/// options.dir with libarchive, refusing any entry that would land outside dir (absolute
/// names, "..", a path through a symlink, a hard link to outside). Device nodes are skipped
/// when not root; as root, numeric owners and modes are kept. Returns how many entries were
/// skipped. Throws scratch::Error (125) with one line naming the entry; dir is rolled back.
size_t createRootfsFromTarball(const RootfsOptions& options);

}  // namespace scratch::container
