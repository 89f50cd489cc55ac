// Making a root filesystem to run in: from the host's static busybox (Debian busybox-static).
#pragma once

#include <filesystem>

namespace scratch::container {

/// Options of `scratch-trace rootfs create`.
struct RootfsOptions {
    std::filesystem::path dir;
    bool force = false;  ///< allow a non-empty dir
    std::filesystem::path busybox = "/bin/busybox";  ///< a static busybox to copy
};

/// Creates a minimal busybox rootfs in dir: busybox and its applet links in /bin and /sbin,
/// /etc/passwd, /etc/group, empty /proc /sys /dev /tmp /root. Throws scratch::Error.
void createBusyboxRootfs(const RootfsOptions& options);

}  // namespace scratch::container
