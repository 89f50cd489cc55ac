// The side-effect rules of finished syscalls (tracer/SyscallEffects.h), without root or a
// tracee: each rule from a recorded stop built from the real table row, plus the odd ones
// (close_range's flags, dup2 onto itself, dup3's O_CLOEXEC) and failed calls, which change
// nothing.
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sys/ioctl.h>

#include <catch2/catch.hpp>
#include <initializer_list>
#include <string_view>

#include "tracer/SyscallEffects.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

/// A stop of `name` with these arguments that returned `ret` (negative: -errno, failed).
RecordedStop stopOf(std::string_view name, std::initializer_list<uint64_t> args, int64_t ret) {
    const SyscallInfo* row = findSyscall(name);
    INFO(name);
    REQUIRE(row != nullptr);
    RecordedStop stop;
    stop.info = row;
    stop.facts = callFacts(*row);
    int i = 0;
    for (const uint64_t a : args) stop.args[i++] = a;
    stop.ret = ret;
    stop.failed = ret < 0;
    return stop;
}

PathRef named(const std::string& host, uint64_t ino = 7) {
    PathRef ref;
    ref.host = ref.resolved = host;
    ref.ino = ino;
    ref.dev = 1;
    return ref;
}

/// A table with /a on 3 (kept across exec), /b on 4 (close-on-exec), /c on 5 (kept).
SharedFdTable threeFds() {
    auto fds = std::make_shared<FdTable>();
    fds->set(3, named("/a"), true);
    fds->set(4, named("/b"), false);
    fds->set(5, named("/c"), true);
    return fds;
}

std::string hostOf(const SharedFdTable& fds, int fd) {
    const PathRef* ref = fds->find(fd);
    return ref == nullptr ? "" : ref->host;
}

/// Which fds survive an execve of the table.
std::string keptOnExec(const SharedFdTable& fds) {
    std::string out;
    const auto next = fds->afterExec();
    for (int fd = 0; fd < 16; ++fd) {
        if (next->find(fd) != nullptr) out += std::to_string(fd) + " ";
    }
    return out;
}

constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(AT_FDCWD);

}  // namespace

TEST_CASE("close forgets the fd; a failed close changes nothing", "[tracer][effects]") {
    auto fds = threeFds();
    applyFdRules(stopOf("close", {3}, 0), fds);
    CHECK(fds->find(3) == nullptr);
    applyFdRules(stopOf("close", {4}, -EBADF), fds);
    CHECK(hostOf(fds, 4) == "/b");
}

TEST_CASE("dup, dup2, dup3 and F_DUPFD copy with their close-on-exec flag", "[tracer][effects]") {
    auto fds = threeFds();
    applyFdRules(stopOf("dup", {4}, 6), fds);  // dup clears the flag
    CHECK(hostOf(fds, 6) == "/b");
    applyFdRules(stopOf("dup2", {4, 7}, 7), fds);  // so does dup2
    CHECK(hostOf(fds, 7) == "/b");
    applyFdRules(stopOf("dup3", {3, 8, O_CLOEXEC}, 8), fds);  // dup3 sets it with O_CLOEXEC
    CHECK(hostOf(fds, 8) == "/a");
    applyFdRules(stopOf("dup3", {3, 9, 0}, 9), fds);
    applyFdRules(stopOf("fcntl", {5, F_DUPFD, 10}, 10), fds);
    applyFdRules(stopOf("fcntl", {5, F_DUPFD_CLOEXEC, 10}, 11), fds);
    CHECK(hostOf(fds, 10) == "/c");
    CHECK(hostOf(fds, 11) == "/c");
    CHECK(keptOnExec(fds) == "3 5 6 7 9 10 ");
}

TEST_CASE("dup2 onto a known fd replaces it; from an unknown fd forgets the target",
          "[tracer][effects]") {
    auto fds = threeFds();
    applyFdRules(stopOf("dup2", {3, 5}, 5), fds);
    CHECK(hostOf(fds, 5) == "/a");
    applyFdRules(stopOf("dup2", {12, 4}, 4), fds);  // 12 unknown: learnt from /proc later
    CHECK(fds->find(4) == nullptr);
}

TEST_CASE("dup2 onto itself changes nothing, not even the flag", "[tracer][effects]") {
    auto fds = threeFds();
    applyFdRules(stopOf("dup2", {4, 4}, 4), fds);
    CHECK(hostOf(fds, 4) == "/b");
    CHECK(keptOnExec(fds) == "3 5 ");  // 4 stays close-on-exec
}

TEST_CASE("a failed dup changes nothing", "[tracer][effects]") {
    auto fds = threeFds();
    applyFdRules(stopOf("dup2", {3, 4}, -EBADF), fds);
    applyFdRules(stopOf("dup3", {3, 3, O_CLOEXEC}, -EINVAL), fds);  // dup3 onto itself fails
    applyFdRules(stopOf("fcntl", {3, F_DUPFD, 0}, -EMFILE), fds);
    CHECK(hostOf(fds, 4) == "/b");
    CHECK(fds->size() == 3);
    CHECK(keptOnExec(fds) == "3 5 ");
}

TEST_CASE("F_SETFD and FIOCLEX/FIONCLEX change only the flag", "[tracer][effects]") {
    auto fds = threeFds();
    applyFdRules(stopOf("fcntl", {3, F_SETFD, FD_CLOEXEC}, 0), fds);
    applyFdRules(stopOf("fcntl", {4, F_SETFD, 0}, 0), fds);
    CHECK(keptOnExec(fds) == "4 5 ");
    applyFdRules(stopOf("ioctl", {5, FIOCLEX, 0}, 0), fds);
    applyFdRules(stopOf("ioctl", {3, FIONCLEX, 0}, 0), fds);
    CHECK(keptOnExec(fds) == "3 4 ");
    applyFdRules(stopOf("ioctl", {3, FIOCLEX, 0}, -EBADF), fds);  // failed: still kept
    CHECK(keptOnExec(fds) == "3 4 ");
    CHECK(fds->size() == 3);
}

TEST_CASE("close_range closes, or with CLOSE_RANGE_CLOEXEC only marks", "[tracer][effects]") {
    SECTION("plain: the range is forgotten") {
        auto fds = threeFds();
        applyFdRules(stopOf("close_range", {4, ~0U, 0}, 0), fds);
        CHECK(fds->size() == 1);
        CHECK(hostOf(fds, 3) == "/a");
    }
    SECTION("CLOSE_RANGE_CLOEXEC: still open and attributed, gone at the next execve") {
        auto fds = threeFds();
        applyFdRules(stopOf("close_range", {4, ~0U, CLOSE_RANGE_CLOEXEC}, 0), fds);
        CHECK(fds->size() == 3);
        CHECK(hostOf(fds, 5) == "/c");
        CHECK(keptOnExec(fds) == "3 ");
    }
    SECTION("CLOSE_RANGE_UNSHARE: the caller's own copy is changed, the sharer's is not") {
        auto fds = threeFds();
        const SharedFdTable sharer = fds;
        applyFdRules(stopOf("close_range", {3, 3, CLOSE_RANGE_UNSHARE}, 0), fds);
        CHECK(fds != sharer);
        CHECK(fds->find(3) == nullptr);
        CHECK(hostOf(sharer, 3) == "/a");
    }
    SECTION("failed: nothing") {
        auto fds = threeFds();
        applyFdRules(stopOf("close_range", {5, 3, 0}, -EINVAL), fds);
        CHECK(fds->size() == 3);
    }
}

TEST_CASE("pipe and socketpair forget the numbers they wrote", "[tracer][effects]") {
    auto fds = threeFds();
    RecordedStop pipe = stopOf("pipe2", {0x1000, O_CLOEXEC}, 0);
    CHECK(newPairAddress(pipe) == 0x1000);
    pipe.newPair[0] = 3;
    pipe.newPair[1] = 4;
    applyFdRules(pipe, fds);
    CHECK(fds->size() == 1);
    RecordedStop pair = stopOf("socketpair", {1, 1, 0, 0x2000}, 0);
    CHECK(newPairAddress(pair) == 0x2000);
    pair.newPair[0] = 5;
    applyFdRules(pair, fds);  // the second unread: only the first is forgotten
    CHECK(fds->size() == 0);
    CHECK(newPairAddress(stopOf("close", {3}, 0)) == 0);
}

TEST_CASE("unshare(CLONE_FILES) gives the caller a table of its own", "[tracer][effects]") {
    auto fds = threeFds();
    const SharedFdTable sharer = fds;
    applyFdRules(stopOf("unshare", {CLONE_FILES}, -EPERM), fds);
    CHECK(fds == sharer);
    applyFdRules(stopOf("unshare", {CLONE_FILES}, 0), fds);
    REQUIRE(fds != sharer);
    applyFdRules(stopOf("close", {3}, 0), fds);
    CHECK(hostOf(sharer, 3) == "/a");
}

TEST_CASE("the fd an open returns: from the entry's path, from /proc, or forgotten",
          "[tracer][effects]") {
    const PathRef existing = named("/etc/passwd");
    PathRef created = named("/tmp/new", 0);
    created.exists = false;
    SECTION("open of an existing path: the entry's resolution, kept without O_CLOEXEC") {
        const OpenedFd o = openedFd(stopOf("openat", {kAtFdcwd, 0, O_RDONLY}, 3), &existing, false);
        CHECK(o.from == OpenedFd::From::EntryPath);
        CHECK(o.fd == 3);
        CHECK(o.keptOnExec);
        CHECK(o.pathExisted);
        CHECK_FALSE(
            openedFd(stopOf("openat", {kAtFdcwd, 0, O_CLOEXEC}, 3), &existing, false).keptOnExec);
        CHECK(openedFd(stopOf("creat", {0, 0644}, 4), &existing, false).keptOnExec);
    }
    SECTION("a created file, a racy read, openat2: /proc decides") {
        CHECK(openedFd(stopOf("openat", {kAtFdcwd, 0, O_CREAT}, 3), &created, false).from ==
              OpenedFd::From::Proc);
        const OpenedFd racy = openedFd(stopOf("open", {0, O_RDONLY}, 3), &existing, true);
        CHECK(racy.from == OpenedFd::From::Proc);
        CHECK_FALSE(racy.pathExisted);
        CHECK(openedFd(stopOf("openat2", {kAtFdcwd, 0, 0, 24}, 3), &existing, false).from ==
              OpenedFd::From::Proc);
    }
    SECTION("O_TMPFILE: the entry's path is the directory, the fd an unnamed file") {
        const OpenedFd tmp =
            openedFd(stopOf("openat", {kAtFdcwd, 0, O_TMPFILE | O_RDWR}, 5), &existing, false);
        CHECK(tmp.from == OpenedFd::From::Proc);
        CHECK(tmp.unnamed);
        CHECK_FALSE(
            openedFd(stopOf("openat", {kAtFdcwd, 0, O_DIRECTORY}, 5), &existing, false).unnamed);
    }
    SECTION("no path (a socket): the number is forgotten; a failure is nothing") {
        CHECK(openedFd(stopOf("socket", {1, 1, 0}, 5), nullptr, false).from ==
              OpenedFd::From::Forget);
        CHECK(openedFd(stopOf("openat", {kAtFdcwd, 0, 0}, -ENOENT), &existing, false).from ==
              OpenedFd::From::Nothing);
        CHECK(openedFd(stopOf("close", {3}, 0), nullptr, false).from == OpenedFd::From::Nothing);
    }
}

TEST_CASE("which remembered resolutions a call drops", "[tracer][effects]") {
    using Forget = ResolutionEffects::Forget;
    SECTION("names") {
        const ResolutionEffects unlink = resolutionEffects(stopOf("unlink", {0}, 0), false);
        CHECK(unlink.forget == Forget::Names);
        CHECK(unlink.markDeleted);
        CHECK(resolutionEffects(stopOf("unlink", {0}, -ENOENT), false).forget == Forget::Nothing);
        CHECK(resolutionEffects(stopOf("renameat2", {kAtFdcwd, 0, kAtFdcwd, 0, 0}, 0), false)
                  .forget == Forget::Names);
    }
    SECTION("an O_CREAT open only when it created the file") {
        const auto open = stopOf("openat", {kAtFdcwd, 0, O_WRONLY | O_CREAT}, 3);
        CHECK(resolutionEffects(open, false).forget == Forget::Names);
        CHECK_FALSE(resolutionEffects(open, false).markDeleted);
        CHECK(resolutionEffects(open, true).forget == Forget::Nothing);  // >/dev/null
        CHECK(resolutionEffects(stopOf("openat", {kAtFdcwd, 0, O_RDONLY}, 3), false).forget ==
              Forget::Nothing);
    }
    SECTION("cwd and root changes keep the mount tables; mounts and namespaces do not") {
        for (const auto* name : {"chdir", "fchdir", "chroot"}) {
            INFO(name);
            const ResolutionEffects e = resolutionEffects(stopOf(name, {0}, 0), false);
            CHECK(e.forget == Forget::Views);
            CHECK(e.checkRoots);
        }
        CHECK(resolutionEffects(stopOf("mount", {0, 0, 0, 0, 0}, 0), false).forget ==
              Forget::ViewsAndMounts);
        CHECK(resolutionEffects(stopOf("setns", {3, 0}, 0), false).forget ==
              Forget::ViewsAndMounts);
        CHECK(resolutionEffects(stopOf("chdir", {0}, -ENOENT), false).forget == Forget::Nothing);
        CHECK_FALSE(resolutionEffects(stopOf("chdir", {0}, -ENOENT), false).checkRoots);
    }
    SECTION("unshare(CLONE_FS) gives the caller its own root and cwd") {
        CHECK(resolutionEffects(stopOf("unshare", {CLONE_FS}, 0), false).unshareFs);
        CHECK_FALSE(resolutionEffects(stopOf("unshare", {CLONE_FILES}, 0), false).unshareFs);
        CHECK_FALSE(resolutionEffects(stopOf("unshare", {CLONE_FS}, -EPERM), false).unshareFs);
    }
    SECTION("ordinary calls change nothing") {
        CHECK(resolutionEffects(stopOf("read", {3, 0, 10}, 10), false).forget == Forget::Nothing);
        CHECK(resolutionEffects(stopOf("close", {3}, 0), false).forget == Forget::Nothing);
    }
}
