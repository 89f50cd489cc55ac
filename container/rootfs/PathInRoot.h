// Looking a path up inside a root directory exactly as the kernel will once the process has
// chrooted there: `..` stops at the root and absolute symlinks restart at the root.
#pragma once

#include <string>

#include "common/UniqueFd.h"

namespace scratch::container {

/// The outcome of one lookup: an fd (O_PATH unless other flags were asked for) or an errno.
struct InRootLookup {
    UniqueFd fd;
    int error = 0;  ///< errno of the lookup when fd is not valid
};

/// Opens path relative to rootFd with openat2(RESOLVE_IN_ROOT): the kernel clamps `..` and
/// absolute symlinks to rootFd, so the answer is what a chrooted process would get. String
/// joins (rootfs + path) would follow absolute symlinks out to the host instead. rootFd ==
/// AT_FDCWD means no new root: a plain lookup from this process's own root and cwd.
InRootLookup openInRoot(int rootFd, const std::string& path, int flags);

/// The target of the symlink that fd (opened with O_PATH|O_NOFOLLOW) refers to, or "".
std::string readSymlinkAt(int fd);

/// The host path of an open fd (readlink of /proc/self/fd/N): where the kernel really went.
std::string hostPathOf(int fd);

/// path with control characters escaped, so that every message stays on one line.
std::string printablePath(const std::string& path);

}  // namespace scratch::container
