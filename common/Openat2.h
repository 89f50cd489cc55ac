// openat2(2), which glibc 2.36 does not wrap, retried on EAGAIN: with RESOLVE_IN_ROOT or
// RESOLVE_BENEATH the kernel answers EAGAIN when a rename or mount anywhere on the system raced
// with a ".." in the walk, and asks the caller to try again (openat2(2), ERRORS).
#pragma once

#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace scratch {

/// Returns the new fd, or -1 with errno set (EAGAIN only after many lost races in a row).
inline long openat2Retrying(int dirfd, const char* path, const open_how& how) {
    long fd = -1;
    for (int attempt = 0; attempt < 64; ++attempt) {
        fd = ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
        if (fd >= 0 || errno != EAGAIN) break;
    }
    return fd;
}

}  // namespace scratch
