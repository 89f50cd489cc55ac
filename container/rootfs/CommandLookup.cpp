#include "container/rootfs/CommandLookup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "common/Error.h"
#include "common/UniqueFd.h"
#include "container/rootfs/ExecutableFormat.h"
#include "container/rootfs/PathInRoot.h"

namespace scratch::container {
namespace {

/// One path looked up: an O_PATH fd, or why not (with a dangling symlink's target).
struct Probe {
    UniqueFd fd;
    int error = 0;
    bool brokenSymlink = false;
    std::string symlinkTarget;
};

Probe probe(const LookupRoot& root, const std::string& path) {
    Probe out;
    InRootLookup found = openInRoot(root.fd, path, O_PATH);
    if (found.fd) {
        out.fd = std::move(found.fd);
        return out;
    }
    out.error = found.error;
    if (out.error == ENOENT) {
        // ENOENT for the file itself or for its symlink's target? Only the latter is "broken".
        InRootLookup link = openInRoot(root.fd, path, O_PATH | O_NOFOLLOW);
        struct stat st {};
        if (link.fd && ::fstat(link.fd.get(), &st) == 0 && S_ISLNK(st.st_mode)) {
            out.brokenSymlink = true;
            out.symlinkTarget = readSymlinkAt(link.fd.get());
        }
    }
    return out;
}

std::string octalMode(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

/// Why a found file cannot be executed, as {message tail, exit code}; nullopt when it can.
std::optional<Error> whyNotExecutable(const LookupRoot& root, const std::string& shown,
                                      const Probe& p) {
    const std::string head = "command " + printablePath(shown) + ": ";
    struct stat st {};
    if (::fstat(p.fd.get(), &st) != 0) {
        return Error(head + std::strerror(errno) + " in " + root.label, kExitNotExecutable);
    }
    if (S_ISDIR(st.st_mode)) {
        return Error(head + "is a directory in " + root.label, kExitNotExecutable);
    }
    if (!S_ISREG(st.st_mode)) {
        return Error(head + "not a regular file in " + root.label, kExitNotExecutable);
    }
    // faccessat2 with AT_EMPTY_PATH works on the O_PATH fd and, unlike mode bits alone, also
    // knows about noexec mounts and the caller's credentials (root needs one x bit).
    if (::faccessat(p.fd.get(), "", X_OK, AT_EMPTY_PATH) != 0) {
        const int err = errno;
        if ((st.st_mode & 0111) == 0) {
            return Error(
                head + "not executable (mode " + octalMode(st.st_mode) + ") in " + root.label,
                kExitNotExecutable);
        }
        if (err == EACCES || err == EPERM) {
            return Error(head + "execute permission denied (noexec mount?) in " + root.label,
                         kExitNotExecutable);
        }
        // EINVAL/ENOSYS: no faccessat2 here; the mode bits said yes, let execve decide.
    }
    return std::nullopt;
}

/// Checks that the loader or #! interpreter the file needs exists inside the root too.
void checkInterpreter(const LookupRoot& root, const std::string& shown, const Probe& p) {
    char self[64];
    std::snprintf(self, sizeof self, "/proc/self/fd/%d", p.fd.get());
    // An O_PATH fd cannot be read; reopening through /proc/self/fd reaches the same inode.
    UniqueFd file(::open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!file) return;  // unreadable (execute-only): execve will tell
    // Only a regular file is read (the probe said so; the fd says it again).
    if (struct stat st{}; ::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    const ExecutableFormat format = inspectExecutable(file.get());
    if (format.interpreter.empty()) return;
    const bool elf = format.kind == ExecutableFormat::Kind::Elf;
    const char* what = elf ? "the dynamic loader " : "the #! interpreter ";
    const char* fix = elf ? " (copy the loader and the libraries in, or use a static binary)"
                          : " (install the interpreter in the root)";
    Probe loader = probe(root, format.interpreter);
    const std::string head =
        "command " + printablePath(shown) + ": needs " + what + printablePath(format.interpreter);
    if (loader.brokenSymlink) {
        throw Error(head + ", which is a broken symlink (-> " +
                        printablePath(loader.symlinkTarget) + ") in " + root.label + fix,
                    kExitNotExecutable);
    }
    if (!loader.fd) {
        const std::string why = loader.error == ENOENT || loader.error == ENOTDIR
                                    ? ", which is missing from "
                                    : std::string(", which cannot be reached (") +
                                          std::strerror(loader.error) + ") in ";
        throw Error(head + why + root.label + fix, kExitNotExecutable);
    }
    struct stat st {};
    if (::fstat(loader.fd.get(), &st) == 0 && !S_ISREG(st.st_mode)) {
        throw Error(head + ", which is not a regular file in " + root.label, kExitNotExecutable);
    }
}

ResolvedCommand accept(const LookupRoot& root, const std::string& shown,
                       const std::string& execPath, const Probe& p) {
    checkInterpreter(root, shown, p);
    ResolvedCommand out;
    out.execPath = execPath;
    out.hostPath = hostPathOf(p.fd.get());
    return out;
}

Error missError(const LookupRoot& root, const std::string& shown, const Probe& p) {
    const std::string head = "command " + printablePath(shown) + ": ";
    if (p.brokenSymlink) {
        return Error(
            head + "broken symlink (-> " + printablePath(p.symlinkTarget) + ") in " + root.label,
            kExitNotFound);
    }
    if (p.error == ENOENT || p.error == ENOTDIR) {
        return Error(head + "not found in " + root.label, kExitNotFound);
    }
    // ELOOP, EACCES on a directory on the way, ...: it is there but execve will refuse.
    return Error(head + std::strerror(p.error) + " in " + root.label, kExitNotExecutable);
}

}  // namespace

ResolvedCommand lookupCommand(const LookupRoot& root, const std::string& command0,
                              const std::string& pathVar) {
    if (command0.empty()) throw Error("command: empty name", kExitNotFound);

    if (command0.find('/') != std::string::npos) {
        // Taken as is: relative names start at the container's cwd, which is its root.
        Probe p = probe(root, command0);
        if (!p.fd) throw missError(root, command0, p);
        if (auto err = whyNotExecutable(root, command0, p)) throw *err;
        return accept(root, command0, command0, p);
    }

    // execvp's rules: the first executable regular file wins; a candidate that exists but
    // cannot be run is reported only when nothing better turns up later in PATH.
    std::optional<Error> firstRefusal;
    std::optional<Error> firstBroken;
    size_t start = 0;
    for (;;) {
        const size_t colon = pathVar.find(':', start);
        std::string candidate =
            pathVar.substr(start, colon == std::string::npos ? colon : colon - start);
        if (candidate.empty()) candidate = ".";  // POSIX: an empty PATH entry is the cwd
        if (candidate.back() != '/') candidate += '/';
        candidate += command0;
        Probe p = probe(root, candidate);
        if (p.fd) {
            if (auto err = whyNotExecutable(root, candidate, p)) {
                if (!firstRefusal) firstRefusal = std::move(err);
            } else {
                return accept(root, candidate, candidate, p);
            }
        } else if (p.brokenSymlink && !firstBroken) {
            firstBroken = missError(root, candidate, p);
        }
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    if (firstRefusal) throw *firstRefusal;
    if (firstBroken) throw *firstBroken;
    throw Error("command " + printablePath(command0) + ": not found in " + root.label +
                    " (searched PATH=" + printablePath(pathVar) + ")",
                kExitNotFound);
}

}  // namespace scratch::container
