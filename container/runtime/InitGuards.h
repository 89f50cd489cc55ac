// The container init's guards against the host: closing every inherited fd before anything
// else, a nodev root, and the kernel's own word that the root and the working directory are
// inside the container (runc's CVE-2024-21626 left a host directory as the cwd). Syscalls
// only, no allocation: they run between clone and execve.
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace scratch::container {

/// Closes every fd from 3 up except the `count` ones in `keep` (sorted, unique). close_range
/// over the gaps; close() one by one on kernels before 5.9. 0, or -1 with errno.
int closeFdsExcept(const int* keep, size_t count);

/// Whether the kernel can reach this process's working directory from its root: the raw
/// getcwd syscall answers "(unreachable)/..." for a cwd outside the root (glibc's wrapper
/// hides that), e.g. a host directory entered through /proc/self/fd/N.
bool cwdInsideRoot();

/// Whether "/" (the kernel's root of this process) is the directory (dev, ino).
bool rootIs(dev_t dev, ino_t ino);

/// Remounts the bind mount at path nodev, keeping its read-only, nosuid and noexec flags
/// (a bind remount replaces them all; the atime flags are kept by the kernel). 0, or errno.
int remountNodev(const char* path);

}  // namespace scratch::container
