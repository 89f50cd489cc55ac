// createBusyboxRootfs: a minimal root filesystem from the host's static busybox.
//
// Applet links are RELATIVE symlinks (usr/bin/awk -> ../../bin/busybox): they resolve to the
// rootfs' busybox both inside the container and when the directory is inspected from the host
// (ls -l, a file manager, a tracer that resolves paths without RESOLVE_IN_ROOT). An absolute
// link (/bin/busybox) would point at the host's busybox when followed from outside.
#include "container/rootfs/RootfsBuilder.h"

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "common/Error.h"
#include "common/UniqueFd.h"
#include "container/rootfs/ExecutableFormat.h"
#include "container/rootfs/NewRootfsDir.h"
#include "container/rootfs/PathInRoot.h"

namespace scratch::container {
namespace {

namespace fs = std::filesystem;

std::string shown(const fs::path& path) { return printablePath(path.string()); }

[[noreturn]] void failIo(const std::string& what, int error) {
    throw Error("rootfs create: " + what + ": " + std::strerror(error), kExitFailure);
}

/// Opens busybox and makes sure it can run in a rootfs without a libc: a static ELF.
UniqueFd openStaticBusybox(const fs::path& busybox) {
    UniqueFd fd(::open(busybox.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        const int err = errno;
        if (err == ENOENT && busybox == "/bin/busybox") {
            throw Error("busybox-static is not installed (apt-get install busybox-static)",
                        kExitFailure);
        }
        throw Error("busybox " + shown(busybox) + ": " + std::strerror(err), kExitFailure);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        throw Error("busybox " + shown(busybox) + ": not a regular file", kExitFailure);
    }
    const ExecutableFormat format = inspectExecutable(fd.get());
    if (format.kind != ExecutableFormat::Kind::Elf) {
        throw Error("busybox " + shown(busybox) + ": not an ELF executable", kExitFailure);
    }
    if (!format.interpreter.empty()) {
        throw Error("busybox " + shown(busybox) + " is dynamically linked (needs " +
                        printablePath(format.interpreter) +
                        ") and would not run in the rootfs: install busybox-static "
                        "(apt-get install busybox-static)",
                    kExitFailure);
    }
    return fd;
}

/// The applet paths busybox knows (`busybox --list-full`: "usr/bin/awk", "linuxrc", ...).
std::vector<std::string> listApplets(const fs::path& busybox) {
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) failIo("pipe2", errno);
    UniqueFd readEnd(pipeFds[0]);
    UniqueFd writeEnd(pipeFds[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), STDOUT_FILENO);
    const std::string program = busybox.string();
    char arg0[] = "busybox";
    char arg1[] = "--list-full";
    char* argv[] = {arg0, arg1, nullptr};
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) failIo("running " + program + " --list-full", rc);
    writeEnd.reset();

    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(readEnd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Error("busybox " + shown(busybox) + " --list-full failed", kExitFailure);
    }

    std::vector<std::string> applets;
    size_t start = 0;
    while (start < out.size()) {
        size_t end = out.find('\n', start);
        if (end == std::string::npos) end = out.size();
        std::string entry = out.substr(start, end - start);
        start = end + 1;
        while (!entry.empty() && entry.front() == '/') entry.erase(0, 1);
        // Never trust a name to stay inside the rootfs: no "..", nothing empty.
        const fs::path p(entry);
        bool safe = !entry.empty() && entry != "bin/busybox";
        for (const auto& part : p) safe = safe && part != ".." && part != ".";
        if (safe) applets.push_back(entry);
    }
    if (applets.empty()) {
        throw Error("busybox " + shown(busybox) + " --list-full listed no applets", kExitFailure);
    }
    return applets;
}

void makeDir(const fs::path& path, mode_t mode) {
    if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) failIo("mkdir " + shown(path), errno);
    // By fd, without following a symlink: with --force, an existing rootfs' tmp -> /etc must
    // not get the host's /etc chmodded 1777.
    const UniqueFd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir) failIo(shown(path), errno == ELOOP ? ENOTDIR : errno);
    // Explicit chmod: mkdir's mode is filtered by the umask, and /tmp needs its sticky bit.
    if (::fchmod(dir.get(), mode) != 0) failIo("chmod " + shown(path), errno);
}

/// Writes a small file unless one is already there (--force must not clobber a user's /etc).
void writeFileIfMissing(const fs::path& path, const std::string& text, mode_t mode) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!fd) {
        if (errno == EEXIST) return;
        failIo("create " + shown(path), errno);
    }
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
        failIo("write " + shown(path), errno);
    }
    if (::fchmod(fd.get(), mode) != 0) failIo("chmod " + shown(path), errno);
}

/// Copies the already verified busybox (by fd: the file checked is the file copied) into
/// place through a temporary name and a rename, so that bin/busybox is never half written.
void copyBusybox(int from, const fs::path& to) {
    const fs::path tmp = to.string() + ".scratch-tmp";
    ::unlink(tmp.c_str());
    UniqueFd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755));
    if (!out) failIo("create " + shown(tmp), errno);
    char buf[65536];
    off_t offset = 0;
    for (;;) {
        const ssize_t n = ::pread(from, buf, sizeof buf, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) failIo("read busybox", errno);
        if (n == 0) break;
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out.get(), buf + done, static_cast<size_t>(n - done));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                const int err = errno;
                ::unlink(tmp.c_str());
                failIo("write " + shown(tmp), err);
            }
            done += w;
        }
        offset += n;
    }
    if (::fchmod(out.get(), 0755) != 0 || ::rename(tmp.c_str(), to.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        failIo("install " + shown(to), err);
    }
}

/// One applet link, relative to its own directory. An existing symlink is replaced; an
/// existing file or directory is left alone (with --force over a real distribution's rootfs,
/// its own binaries win).
void linkApplet(const fs::path& root, const std::string& applet) {
    const fs::path rel(applet);
    const fs::path link = root / rel;
    std::error_code ec;
    fs::create_directories(link.parent_path(), ec);
    if (ec) failIo("mkdir " + shown(link.parent_path()), ec.value());
    const fs::path target = fs::path("bin/busybox").lexically_relative(rel.parent_path());
    struct stat st {};
    if (::lstat(link.c_str(), &st) == 0) {
        if (!S_ISLNK(st.st_mode)) return;
        if (::unlink(link.c_str()) != 0) failIo("unlink " + shown(link), errno);
    }
    if (::symlink(target.c_str(), link.c_str()) != 0) failIo("symlink " + shown(link), errno);
}

void build(const fs::path& root, int busyboxFd, const std::vector<std::string>& applets) {
    makeDir(root, 0755);
    for (const char* dir : {"bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "dev"}) {
        makeDir(root / dir, 0755);
    }
    // Mount points: proc and sys are read-only until something is mounted on them.
    makeDir(root / "proc", 0555);
    makeDir(root / "sys", 0555);
    makeDir(root / "tmp", 01777);
    makeDir(root / "root", 0700);

    copyBusybox(busyboxFd, root / "bin/busybox");
    for (const std::string& applet : applets) linkApplet(root, applet);

    writeFileIfMissing(root / "etc/passwd",
                       "root:x:0:0:root:/root:/bin/sh\n"
                       "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
                       0644);
    writeFileIfMissing(root / "etc/group",
                       "root:x:0:\n"
                       "nogroup:x:65534:\n",
                       0644);
}

}  // namespace

void createBusyboxRootfs(const RootfsOptions& options) {
    if (options.dir.empty()) throw Error("rootfs create: no directory given", kExitUsage);

    // Everything that can fail without touching the disk goes first.
    const UniqueFd busybox = openStaticBusybox(options.busybox);
    const std::vector<std::string> applets = listApplets(options.busybox);

    // No half-made rootfs: unless committed, the directory removes what this call made.
    NewRootfsDir target(options.dir, options.force, "to add a busybox rootfs to it");
    build(target.path(), busybox.get(), applets);
    target.commit();
}

}  // namespace scratch::container
