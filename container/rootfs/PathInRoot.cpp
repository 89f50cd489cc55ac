#include "container/rootfs/PathInRoot.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "common/Openat2.h"

namespace scratch::container {

InRootLookup openInRoot(int rootFd, const std::string& path, int flags) {
    InRootLookup out;
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
    // AT_FDCWD stands for "the host as this process sees it": a plain lookup. Anything else is
    // a root directory, and RESOLVE_IN_ROOT makes the kernel treat it as "/".
    how.resolve = rootFd == AT_FDCWD ? 0 : RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const long fd = openat2Retrying(rootFd, path.c_str(), how);
    if (fd < 0) {
        out.error = errno;
    } else {
        out.fd.reset(static_cast<int>(fd));
    }
    return out;
}

std::string readSymlinkAt(int fd) {
    char buf[4096];
    const ssize_t n = ::readlinkat(fd, "", buf, sizeof buf);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

std::string hostPathOf(int fd) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char buf[4096];
    const ssize_t n = ::readlink(link, buf, sizeof buf);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

std::string printablePath(const std::string& path) {
    std::string out;
    out.reserve(path.size());
    for (unsigned char c : path) {
        if (c < 0x20 || c == 0x7f) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02x", c);
            out += esc;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace scratch::container
