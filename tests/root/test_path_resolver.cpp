// PathResolver against a real chrooted task: "..", absolute symlinks and relative paths stay in
// the root; a directory fd held from outside and an escaped cwd reach the host; a forked child
// starts with its parent's view; memfds, pipes and the task's own namespace files are anonymous,
// another namespace's file is the host's.
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "support/Harness.h"
#include "tracer/PathResolver.h"

namespace fs = std::filesystem;
using scratch::tracer::PathRef;
using scratch::tracer::PathResolver;
using scratch::tracer::TaskIds;
using scratch::tracer::Where;

namespace {

/// A child that holds a host fd (kHostFd) to /, chroots into root, chdirs to `cwd` inside it
/// (or back out through the host fd when escape is set) and waits to be looked at.
pid_t spawnChrooted(const fs::path& root, const char* cwd, bool escape, int ready[2]) {
    const pid_t pid = fork();
    if (pid == 0) {
        const int hostFd = open("/", O_PATH | O_DIRECTORY);
        dup2(hostFd, 7);
        if (chroot(root.c_str()) != 0 || chdir(cwd) != 0) _exit(1);
        if (escape && fchdir(7) != 0) _exit(2);
        (void)!write(ready[1], "x", 1);
        pause();
        _exit(0);
    }
    char c;
    REQUIRE(read(ready[0], &c, 1) == 1);
    return pid;
}

struct ChrootFixture {
    TempDir dir;
    fs::path root;
    int ready[2] = {-1, -1};
    ChrootFixture() : root(fs::canonical(dir.path())) {
        fs::create_directories(root / "etc");
        fs::create_directories(root / "proc");
        std::ofstream(root / "etc/passwd") << "root:x:0:0::/root:/bin/sh\n";
        fs::create_symlink("/etc/passwd", root / "abslink");
        fs::create_symlink("../../../../etc", root / "etc/uplink");
        REQUIRE(pipe(ready) == 0);
    }
    ~ChrootFixture() {
        close(ready[0]);
        close(ready[1]);
    }
};

void stop(pid_t pid) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
}

}  // namespace

TEST_CASE("paths of a chrooted task stay in its root", "[resolver][root]") {
    requireRoot();
    ChrootFixture fx;
    const pid_t pid = spawnChrooted(fx.root, "/etc", false, fx.ready);
    PathResolver resolver(fx.root.string());
    const TaskIds ids{pid, pid, 0, 0};
    PathRef ref;

    for (const char* path : {"/etc/passwd", "/../../etc/passwd", "/abslink", "passwd",
                             "../../../etc/passwd", "/etc/uplink/passwd"}) {
        INFO(path);
        resolver.resolvePath(ids, AT_FDCWD, path, true, ref);
        CHECK(ref.host == (fx.root / "etc/passwd").string());
        CHECK(ref.where == Where::Rootfs);
        CHECK(ref.resolved == "/etc/passwd");
        CHECK(ref.exists);
    }
    // Not following the final symlink: the link itself, still inside.
    resolver.resolvePath(ids, AT_FDCWD, "/abslink", false, ref);
    CHECK(ref.host == (fx.root / "abslink").string());
    CHECK(ref.where == Where::Rootfs);

    // A path that does not exist still gets the host path the kernel would have used.
    resolver.resolvePath(ids, AT_FDCWD, "/../nope/deeper", true, ref);
    CHECK(ref.host == (fx.root / "nope/deeper").string());
    CHECK_FALSE(ref.exists);
    CHECK(ref.where == Where::Rootfs);

    // A directory fd held from outside the root reaches the host, whatever the string says.
    resolver.resolvePath(ids, 7, "etc/passwd", true, ref);
    CHECK(ref.host == "/etc/passwd");
    CHECK(ref.where == Where::Host);
    stop(pid);
}

TEST_CASE("an escaped cwd resolves on the host", "[resolver][root]") {
    requireRoot();
    ChrootFixture fx;
    const pid_t pid = spawnChrooted(fx.root, "/", true, fx.ready);
    PathResolver resolver(fx.root.string());
    const TaskIds ids{pid, pid, 0, 0};
    PathRef ref;
    resolver.resolvePath(ids, AT_FDCWD, "etc/passwd", true, ref);
    CHECK(ref.host == "/etc/passwd");
    CHECK(ref.where == Where::Host);
    // The escaped cwd itself is the host's; the root is still the rootfs.
    resolver.resolveTaskDir(ids, true, ref);
    CHECK(ref.where == Where::Host);
    CHECK(ref.host == "/");
    resolver.resolveTaskDir(ids, false, ref);
    CHECK(ref.where == Where::Rootfs);
    // An absolute path is still resolved from the (unchanged) root.
    resolver.resolvePath(ids, AT_FDCWD, "/etc/passwd", true, ref);
    CHECK(ref.where == Where::Rootfs);
    stop(pid);
}

TEST_CASE("fds are attributed through /proc/TID/fd", "[resolver][root]") {
    requireRoot();
    ChrootFixture fx;
    const pid_t pid = spawnChrooted(fx.root, "/", false, fx.ready);
    PathResolver resolver(fx.root.string());
    const TaskIds ids{pid, pid, 0, 0};
    PathRef ref;
    resolver.resolveFd(ids, 7, ref);
    CHECK(ref.host == "/");
    CHECK(ref.where == Where::Host);
    // The task's root is the rootfs; its cwd too.
    resolver.resolveTaskDir(ids, false, ref);
    CHECK(ref.where == Where::Rootfs);
    CHECK(ref.host == fx.root.string());
    resolver.resolveTaskDir(ids, true, ref);
    CHECK(ref.where == Where::Rootfs);
    resolver.resolveFd(ids, 0, ref);  // stdin: whatever it is, it must not crash
    resolver.resolveFd(ids, 99, ref);
    CHECK_FALSE(ref.exists);
    stop(pid);
}

TEST_CASE("a forked child starts with its parent's view until something moves a root",
          "[resolver][root]") {
    requireRoot();
    ChrootFixture fx;
    // Two tasks in the same root with different cwds: /etc for the "parent", / for the
    // "child". Handing the parent's view to the child makes the child resolve relative paths
    // from the parent's cwd, which shows that the view was inherited, not rebuilt.
    const pid_t parent = spawnChrooted(fx.root, "/etc", false, fx.ready);
    const pid_t child = spawnChrooted(fx.root, "/", false, fx.ready);
    PathResolver resolver(fx.root.string());
    PathRef ref;
    resolver.resolvePath(TaskIds{parent, parent, 0, 0}, AT_FDCWD, "passwd", true, ref);
    REQUIRE(ref.host == (fx.root / "etc/passwd").string());

    resolver.inheritView(parent, child);
    resolver.resolvePath(TaskIds{child, child, 0, 0}, AT_FDCWD, "passwd", true, ref);
    CHECK(ref.host == (fx.root / "etc/passwd").string());
    CHECK(ref.exists);

    // After a root or cwd change anywhere the views are rebuilt: the child's own cwd again.
    resolver.invalidateAll();
    resolver.resolvePath(TaskIds{child, child, 0, 0}, AT_FDCWD, "passwd", true, ref);
    CHECK(ref.host == (fx.root / "passwd").string());
    CHECK_FALSE(ref.exists);

    // A stale parent view is not handed on: the child's view is built fresh.
    const pid_t second = spawnChrooted(fx.root, "/", false, fx.ready);
    resolver.inheritView(parent, second);
    resolver.resolvePath(TaskIds{second, second, 0, 0}, AT_FDCWD, "passwd", true, ref);
    CHECK(ref.host == (fx.root / "passwd").string());
    stop(parent);
    stop(child);
    stop(second);
}

TEST_CASE(
    "memfds, pipes and the task's own namespace files are anonymous; another namespace's "
    "file is the host's",
    "[resolver][root]") {
    requireRoot();
    ChrootFixture fx;
    const pid_t pid = fork();
    if (pid == 0) {
        // fd 8: the host's UTS namespace (the one it leaves), 9: its new one, 10: a memfd,
        // 11-12: a pipe.
        dup2(open("/proc/self/ns/uts", O_RDONLY), 8);
        if (unshare(CLONE_NEWUTS) != 0) _exit(1);
        dup2(open("/proc/self/ns/uts", O_RDONLY), 9);
        dup2(memfd_create("resolver-memfd", 0), 10);
        int p[2];
        if (pipe(p) != 0) _exit(1);
        dup2(p[0], 11);
        dup2(p[1], 12);
        if (chroot(fx.root.c_str()) != 0 || chdir("/") != 0) _exit(2);
        (void)!write(fx.ready[1], "x", 1);
        pause();
        _exit(0);
    }
    char c;
    REQUIRE(read(fx.ready[0], &c, 1) == 1);
    PathResolver resolver(fx.root.string());
    const TaskIds ids{pid, pid, 0, 0};
    PathRef ref;

    resolver.resolveFd(ids, 8, ref);
    CHECK(ref.fsMagic == NSFS_MAGIC);
    CHECK(ref.where == Where::Host);
    resolver.resolveFd(ids, 9, ref);
    CHECK(ref.fsMagic == NSFS_MAGIC);
    CHECK(ref.where == Where::Anonymous);
    CHECK(ref.host.empty());
    resolver.resolveFd(ids, 10, ref);
    CHECK(ref.where == Where::Anonymous);
    CHECK(ref.fsMagic == TMPFS_MAGIC);
    CHECK(ref.host.empty());
    for (int fd : {11, 12}) {
        resolver.resolveFd(ids, fd, ref);
        CHECK(ref.where == Where::Anonymous);
        CHECK(ref.resolved.starts_with("pipe:["));
    }
    // An ordinary file still is what it was, now with its mount id and magic.
    resolver.resolvePath(ids, AT_FDCWD, "/etc/passwd", true, ref);
    CHECK(ref.where == Where::Rootfs);
    CHECK(ref.mntId != 0);
    CHECK(ref.fsMagic != 0);
    CHECK(ref.fsPath.empty());
    stop(pid);
}

TEST_CASE("the host's procfs through a host fd is the host's, with its path inside procfs",
          "[resolver][root]") {
    requireRoot();
    ChrootFixture fx;
    const pid_t pid = spawnChrooted(fx.root, "/", false, fx.ready);
    PathResolver resolver(fx.root.string());
    const TaskIds ids{pid, pid, 0, 0};
    PathRef ref;
    // fd 7 is the host's "/": its proc/self is the task in the host's PID namespace.
    resolver.resolvePath(ids, 7, "proc/self/status", true, ref);
    CHECK(ref.where == Where::HostProcfs);
    CHECK(ref.fsMagic == PROC_SUPER_MAGIC);
    CHECK(ref.fsPath == "/" + std::to_string(pid) + "/status");
    CHECK(ref.host == "/proc/" + std::to_string(pid) + "/status");
    resolver.resolvePath(ids, 7, "proc/sys/vm/drop_caches", true, ref);
    CHECK(ref.fsPath == "/sys/vm/drop_caches");
    stop(pid);
}
