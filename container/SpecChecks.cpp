#include "container/SpecChecks.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/Error.h"
#include "container/rootfs/PathInRoot.h"

namespace scratch::container {

std::filesystem::path checkRootfsDir(const std::filesystem::path& rootfs) {
    if (rootfs.empty()) throw Error("rootfs: empty path", kExitFailure);
    const std::string shown = "rootfs " + printablePath(rootfs.string());
    struct stat st {};
    if (::stat(rootfs.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT) throw Error(shown + ": no such directory", kExitFailure);
        if (err == ENOTDIR) {
            throw Error(shown + ": no such directory (a parent is not a directory)", kExitFailure);
        }
        throw Error(shown + ": " + std::strerror(err), kExitFailure);
    }
    if (!S_ISDIR(st.st_mode)) throw Error(shown + ": not a directory", kExitFailure);

    DIR* dir = ::opendir(rootfs.c_str());
    if (dir == nullptr) throw Error(shown + ": " + std::strerror(errno), kExitFailure);
    bool empty = true;
    while (const dirent* entry = ::readdir(dir)) {
        if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) {
            empty = false;
            break;
        }
    }
    ::closedir(dir);
    if (empty) {
        throw Error(shown + ": empty directory (make one with: scratch-trace rootfs create " +
                        printablePath(rootfs.string()) + ")",
                    kExitFailure);
    }

    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::canonical(rootfs, ec);
    if (ec) throw Error(shown + ": " + ec.message(), kExitFailure);
    return canonical;
}

void checkProcMountPoint(int rootFd, const std::filesystem::path& rootfs) {
    // Looked up inside the root: a /proc symlink is followed the way mount(2) will follow it.
    const InRootLookup proc = openInRoot(rootFd, "/proc", O_PATH | O_DIRECTORY);
    if (proc.fd) return;
    const std::string shown = printablePath(rootfs.string());
    const std::string why = proc.error == ENOENT    ? "has no /proc directory"
                            : proc.error == ENOTDIR ? "has a /proc that is not a directory"
                                                    : std::string("has an unusable /proc (") +
                                                          std::strerror(proc.error) + ")";
    throw Error("rootfs " + shown + " " + why + " to mount a fresh procfs on (mkdir " + shown +
                    "/proc, or use --proc none)",
                kExitFailure);
}

void checkDevMountPoint(int rootFd, const std::filesystem::path& rootfs) {
    const InRootLookup dev = openInRoot(rootFd, "/dev", O_PATH | O_DIRECTORY);
    if (dev.fd) return;
    const std::string shown = printablePath(rootfs.string());
    const std::string why = dev.error == ENOENT    ? "has no /dev directory"
                            : dev.error == ENOTDIR ? "has a /dev that is not a directory"
                                                   : std::string("has an unusable /dev (") +
                                                         std::strerror(dev.error) + ")";
    throw Error("rootfs " + shown + " " + why + " to mount a minimal /dev on (mkdir " + shown +
                    "/dev, or use --dev none)",
                kExitFailure);
}

std::string checkMaskPath(const std::string& path) {
    const std::string shown = "--mask " + printablePath(path);
    if (path.empty() || path[0] != '/') {
        throw Error(shown + ": not an absolute path inside the container", kExitUsage);
    }
    for (const auto& part : std::filesystem::path(path)) {
        if (part == ".." || part == ".") {
            throw Error(shown + ": no '.' or '..' components, please", kExitUsage);
        }
    }
    std::string normal = std::filesystem::path(path).lexically_normal().string();
    while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
    if (normal == "/") throw Error(shown + ": cannot mask the root", kExitUsage);
    return normal;
}

void checkHostname(const std::string& name) {
    const std::string shown = "--hostname " + printablePath(name);
    if (name.empty() || name.size() > 64) {
        throw Error(shown + ": must be 1 to 64 bytes long", kExitUsage);
    }
    for (const char c : name) {
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '/') {
            throw Error(shown + ": no spaces, control characters or '/'", kExitUsage);
        }
    }
}

void checkWorkdirSyntax(const std::string& workdir) {
    if (workdir.empty() || workdir[0] != '/') {
        throw Error(
            "--workdir " + printablePath(workdir) + ": not an absolute path inside the container",
            kExitUsage);
    }
}

void checkWorkdirInRoot(int rootFd, const std::string& workdir, const std::string& rootLabel,
                        const std::vector<std::string>& mountedDirs) {
    const InRootLookup dir = openInRoot(rootFd, workdir, O_PATH | O_DIRECTORY);
    if (dir.fd) return;
    const std::filesystem::path normal = std::filesystem::path(workdir).lexically_normal();
    for (const std::string& mounted : mountedDirs) {
        const std::filesystem::path top(mounted);
        const auto rest = std::mismatch(normal.begin(), normal.end(), top.begin(), top.end());
        if (rest.second == top.end()) return;  // on a filesystem the init mounts: it checks
    }
    throw Error("--workdir " + printablePath(workdir) + ": " +
                    (dir.error == ENOTDIR ? std::string("not a directory")
                                          : std::string(std::strerror(dir.error))) +
                    " in " + rootLabel,
                kExitFailure);
}

void checkKeepFds(const std::vector<int>& fds) {
    for (const int fd : fds) {
        if (fd < 0) {
            throw Error("--keep-fd " + std::to_string(fd) + ": not a file descriptor number",
                        kExitFailure);
        }
        if (::fcntl(fd, F_GETFD) < 0) {
            throw Error("--keep-fd " + std::to_string(fd) + ": not an open file descriptor",
                        kExitFailure);
        }
    }
}

std::vector<std::string> defaultEnvironment(const std::string& home) {
    std::vector<std::string> env;
    env.emplace_back(std::string("PATH=") + kDefaultPath);
    env.emplace_back("HOME=" + home);
    if (const char* term = std::getenv("TERM"); term != nullptr && *term != '\0') {
        env.emplace_back(std::string("TERM=") + term);
    }
    return env;
}

std::string pathFromEnvironment(const std::vector<std::string>& env) {
    for (const std::string& entry : env) {
        if (entry.rfind("PATH=", 0) == 0) return entry.substr(5);
    }
    return kDefaultPath;
}

}  // namespace scratch::container
