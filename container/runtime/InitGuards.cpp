#include "container/runtime/InitGuards.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

// Runs on the init's static stack, like ContainerInit.cpp: not instrumented under ASan.
#if defined(__SANITIZE_ADDRESS__)
#define SCRATCH_INIT_NO_ASAN __attribute__((no_sanitize("address")))
#else
#define SCRATCH_INIT_NO_ASAN
#endif

namespace scratch::container {
namespace {

/// close_range(first, last), falling back to close() one by one on kernels before 5.9.
SCRATCH_INIT_NO_ASAN int closeRange(unsigned first, unsigned last) {
    if (first > last) return 0;
    if (::syscall(SYS_close_range, first, last, 0) == 0) return 0;
    if (errno != ENOSYS) return -1;
    const long max = ::sysconf(_SC_OPEN_MAX);
    const unsigned end =
        max > 0 && static_cast<unsigned long>(max) <= last ? static_cast<unsigned>(max - 1) : last;
    for (unsigned fd = first; fd <= end; ++fd) ::close(static_cast<int>(fd));
    return 0;
}

}  // namespace

SCRATCH_INIT_NO_ASAN int closeFdsExcept(const int* keep, size_t count) {
    unsigned next = 3;
    for (size_t i = 0; i < count; ++i) {
        if (keep[i] < static_cast<int>(next)) continue;
        if (closeRange(next, static_cast<unsigned>(keep[i]) - 1) != 0) return -1;
        next = static_cast<unsigned>(keep[i]) + 1;
    }
    return closeRange(next, ~0U);
}

SCRATCH_INIT_NO_ASAN bool cwdInsideRoot() {
    char buf[4096];
    const long n = ::syscall(SYS_getcwd, buf, sizeof buf);
    // Too long to answer (ERANGE) is not "outside"; anything else the kernel refuses is.
    if (n < 0) return errno == ERANGE;
    return buf[0] == '/';
}

SCRATCH_INIT_NO_ASAN bool rootIs(dev_t dev, ino_t ino) {
    struct stat st {};
    return ::stat("/", &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

SCRATCH_INIT_NO_ASAN int remountNodev(const char* path) {
    struct statvfs vfs {};
    if (::statvfs(path, &vfs) != 0) return errno;
    // ST_RDONLY, ST_NOSUID and ST_NOEXEC have the values of the MS_ flags.
    const unsigned long keep = vfs.f_flag & (ST_RDONLY | ST_NOSUID | ST_NOEXEC);
    if (::mount(nullptr, path, nullptr, MS_BIND | MS_REMOUNT | MS_NODEV | keep, nullptr) != 0) {
        return errno;
    }
    return 0;
}

}  // namespace scratch::container
