// Issue 21's remaining common calls (tracer/CallDepthRoles.h and the pure texts of
// tracer/CallDepthText.h) through the whole decoder and a fake tracee, against the lines strace
// 6.1 printed on this machine for the same calls (`strace -f -y -s 32` of
// tests/progs/more_calls.c). Each line is also decoded the deferred way (capture at the stops,
// render later) and must come out the same (support/DecodedLine.h).
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/uio.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/DecodedLine.h"
#include "support/FakeMemory.h"
#include "tracer/CallDepthText.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

using scratch::testing::FakeMemory;

/// Fd names as strace -y showed them in that run (AT_FDCWD's cwd under -100).
FdNamer namesOf(std::map<int, std::string> names) {
    return [names = std::move(names)](int fd) -> const std::string* {
        const auto it = names.find(fd);
        return it == names.end() ? nullptr : &it->second;
    };
}

std::string line(std::string_view name, std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem,
                 const FdNamer& names = {}, FakeMemory* atExit = nullptr) {
    return scratch::testing::decodedLine(name, raw, ret, mem, names, atExit);
}

/// The dates of the utime family are local time, as strace's: the run was in UTC.
class UtcZone {
  public:
    UtcZone() {
        if (const char* tz = std::getenv("TZ")) saved_ = tz;
        setenv("TZ", "UTC", 1);
        tzset();
    }
    ~UtcZone() {
        if (saved_) {
            setenv("TZ", saved_->c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }
    UtcZone(const UtcZone&) = delete;
    UtcZone& operator=(const UtcZone&) = delete;

  private:
    std::optional<std::string> saved_;
};

siginfo_t childExited(int pid, int status) {
    siginfo_t si{};
    si.si_signo = SIGCHLD;
    si.si_code = CLD_EXITED;
    si.si_pid = pid;
    si.si_status = status;
    return si;
}

siginfo_t queued(int pid, int value) {
    siginfo_t si{};
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_pid = pid;
    si.si_value.sival_int = value;
    return si;
}

}  // namespace

TEST_CASE("waitid: id type, the siginfo it fills, options and rusage", "[decoder][depth]") {
    FakeMemory mem;
    const uint64_t si = mem.object(0x7ffde3eb2f20, siginfo_t{});
    rusage ru{};
    ru.ru_utime.tv_usec = 55;
    const uint64_t r = mem.object(0x7ffde3eb2fb0, ru);
    FakeMemory exit;
    exit.object(si, childExited(11666, 0));
    exit.object(r, ru);
    CHECK(line("waitid", {1, 11666, si, WEXITED, r}, 0, mem, {}, &exit) ==
          "waitid(P_PID, 11666, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=11666, si_uid=0, "
          "si_status=0, si_utime=0, si_stime=0}, WEXITED, {ru_utime={tv_sec=0, tv_usec=55}, "
          "ru_stime={tv_sec=0, tv_usec=0}, ...}) = 0");
    exit.object(si, childExited(11667, 2));
    const auto pidfd = namesOf({{3, "anon_inode:[pidfd]"}});
    CHECK(line("waitid", {3, 3, si, WEXITED | WSTOPPED, 0}, 0, mem, pidfd, &exit) ==
          "waitid(P_PIDFD, 3<anon_inode:[pidfd]>, {si_signo=SIGCHLD, si_code=CLD_EXITED, "
          "si_pid=11667, si_uid=0, si_status=2, si_utime=0, si_stime=0}, WEXITED|WSTOPPED, "
          "NULL) = 0");
    CHECK(line("waitid", {0, 0, si, WNOHANG | WEXITED, 0}, -ECHILD, mem) ==
          "waitid(P_ALL, 0, 0x7ffde3eb2f20, WNOHANG|WEXITED, NULL) = -1 ECHILD (No child "
          "processes)");
    // WNOHANG with no child ready: the kernel zeroes the siginfo.
    CHECK(line("waitid", {0, 0, si, WNOHANG | WEXITED, 0}, 0, mem) ==
          "waitid(P_ALL, 0, {}, WNOHANG|WEXITED, NULL) = 0");
    CHECK(line("waitid", {7, 0, si, 0x100, 0}, -EINVAL, mem) ==
          "waitid(0x7 /* P_??? */, 0, 0x7ffde3eb2f20, 0x100, NULL) = -1 EINVAL (Invalid argument)");
}

TEST_CASE("queued and awaited signals: siginfo in and out, the returned signal",
          "[decoder][depth]") {
    FakeMemory mem;
    const uint64_t set = mem.object(0x7ffde3eb2e90, uint64_t{1} << (SIGUSR1 - 1));
    const uint64_t si = mem.object(0x7ffde3eb2f20, siginfo_t{});
    const uint64_t none = mem.object(0x7ffde3eb2ea0, timespec{0, 1000});
    const uint64_t zero = mem.object(0x7ffde3eb2eb0, timespec{0, 0});
    CHECK(line("rt_sigtimedwait", {set, si, none, 8}, -EAGAIN, mem) ==
          "rt_sigtimedwait([USR1], 0x7ffde3eb2f20, {tv_sec=0, tv_nsec=1000}, 8) = -1 EAGAIN "
          "(Resource temporarily unavailable)");
    FakeMemory exit;
    exit.object(si, queued(11665, 42));
    CHECK(line("rt_sigtimedwait", {set, si, zero, 8}, SIGUSR1, mem, {}, &exit) ==
          "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=11665, si_uid=0, "
          "si_int=42, si_ptr=0x2a}, {tv_sec=0, tv_nsec=0}, 8) = 10 (SIGUSR1)");
    CHECK(line("rt_sigtimedwait", {set, 0, 0, 8}, SIGUSR1, mem) ==
          "rt_sigtimedwait([USR1], NULL, NULL, 8) = 10 (SIGUSR1)");
    mem.object(si, queued(11665, 42));
    CHECK(line("rt_sigqueueinfo", {11665, SIGUSR1, si}, 0, mem) ==
          "rt_sigqueueinfo(11665, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=11665, "
          "si_uid=0, si_int=42, si_ptr=0x2a}) = 0");
    mem.object(si, queued(11665, 7));
    CHECK(line("rt_tgsigqueueinfo", {11665, 11665, SIGUSR1, si}, 0, mem) ==
          "rt_tgsigqueueinfo(11665, 11665, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, "
          "si_pid=11665, si_uid=0, si_int=7, si_ptr=0x7}) = 0");
    CHECK(line("rt_sigqueueinfo", {11665, SIGUSR1, 0xdead0000}, -EFAULT, mem) ==
          "rt_sigqueueinfo(11665, SIGUSR1, 0xdead0000) = -1 EFAULT (Bad address)");
}

TEST_CASE("the utime family: times with their dates, UTIME_NOW and UTIME_OMIT",
          "[decoder][depth]") {
    const UtcZone utc;
    FakeMemory mem;
    const auto names = namesOf({{-100, "/tmp/mc"}, {3, "/tmp/mc/more_calls.tmp"}});
    const uint64_t path = mem.put(0x4a0000, std::string("more_calls.tmp") + '\0');
    const uint64_t missing = mem.put(0x4a1000, std::string("missing-more_calls.tmp") + '\0');
    const timespec now[2] = {{1, 0}, {0, UTIME_NOW}};
    const uint64_t ts = mem.object(0x7ffde3eb2f00, now);
    const timespec omit[2] = {{0, UTIME_OMIT}, {2, 500}};
    const uint64_t om = mem.object(0x7ffde3eb2f40, omit);
    const uint64_t cwd = static_cast<uint64_t>(AT_FDCWD);
    CHECK(line("utimensat", {cwd, path, ts, 0}, 0, mem, names) ==
          "utimensat(AT_FDCWD</tmp/mc>, \"more_calls.tmp\", [{tv_sec=1, tv_nsec=0} /* "
          "1970-01-01T00:00:01+0000 */, UTIME_NOW], 0) = 0");
    CHECK(line("utimensat", {cwd, path, om, AT_SYMLINK_NOFOLLOW}, 0, mem, names) ==
          "utimensat(AT_FDCWD</tmp/mc>, \"more_calls.tmp\", [UTIME_OMIT, {tv_sec=2, "
          "tv_nsec=500} /* 1970-01-01T00:00:02.000000500+0000 */], AT_SYMLINK_NOFOLLOW) = 0");
    CHECK(line("utimensat", {cwd, path, 0, 0}, 0, mem, names) ==
          "utimensat(AT_FDCWD</tmp/mc>, \"more_calls.tmp\", NULL, 0) = 0");
    CHECK(line("utimensat", {3, 0, ts, 0}, 0, mem, names) ==
          "utimensat(3</tmp/mc/more_calls.tmp>, NULL, [{tv_sec=1, tv_nsec=0} /* "
          "1970-01-01T00:00:01+0000 */, UTIME_NOW], 0) = 0");
    CHECK(line("utimensat", {cwd, missing, ts, 0}, -ENOENT, mem, names) ==
          "utimensat(AT_FDCWD</tmp/mc>, \"missing-more_calls.tmp\", [{tv_sec=1, tv_nsec=0} /* "
          "1970-01-01T00:00:01+0000 */, UTIME_NOW], 0) = -1 ENOENT (No such file or directory)");
    const timeval tv[2] = {{3, 0}, {4, 5}};
    const uint64_t t = mem.object(0x7ffde3eb2f80, tv);
    CHECK(line("futimesat", {cwd, path, t}, 0, mem, names) ==
          "futimesat(AT_FDCWD</tmp/mc>, \"more_calls.tmp\", [{tv_sec=3, tv_usec=0} /* "
          "1970-01-01T00:00:03+0000 */, {tv_sec=4, tv_usec=5} /* "
          "1970-01-01T00:00:04.000005+0000 */]) = 0");
    CHECK(line("utimes", {path, t}, 0, mem, names) ==
          "utimes(\"more_calls.tmp\", [{tv_sec=3, tv_usec=0} /* 1970-01-01T00:00:03+0000 */, "
          "{tv_sec=4, tv_usec=5} /* 1970-01-01T00:00:04.000005+0000 */]) = 0");
    const int64_t ub[2] = {5, 6};
    const uint64_t u = mem.object(0x7ffde3eb2fc0, ub);
    CHECK(line("utime", {path, u}, 0, mem, names) ==
          "utime(\"more_calls.tmp\", {actime=5 /* 1970-01-01T00:00:05+0000 */, modtime=6 /* "
          "1970-01-01T00:00:06+0000 */}) = 0");
    CHECK(line("utime", {path, 0}, 0, mem, names) == "utime(\"more_calls.tmp\", NULL) = 0");
    // The epoch itself and an out-of-range part have no date, as in strace.
    CHECK(dateComment(0, 0, 999999999, 9).empty());
    CHECK(dateComment(1, 1000000000, 999999999, 9).empty());
}

TEST_CASE("futex timeouts, relative and absolute", "[decoder][depth]") {
    FakeMemory mem;
    const uint64_t word = 0x4aa2f0;
    const uint64_t shortWait = mem.object(0x7ffde3eb2f10, timespec{0, 1000});
    const uint64_t past = mem.object(0x7ffde3eb2f30, timespec{1, 0});
    CHECK(line("futex", {word, 128, 1, shortWait, 0, 0}, -EAGAIN, mem) ==
          "futex(0x4aa2f0, FUTEX_WAIT_PRIVATE, 1, {tv_sec=0, tv_nsec=1000}) = -1 EAGAIN "
          "(Resource temporarily unavailable)");
    CHECK(line("futex", {word, 128, 0, shortWait, 0, 0}, -ETIMEDOUT, mem) ==
          "futex(0x4aa2f0, FUTEX_WAIT_PRIVATE, 0, {tv_sec=0, tv_nsec=1000}) = -1 ETIMEDOUT "
          "(Connection timed out)");
    CHECK(line("futex", {word, 128 | 256 | 9, 0, past, 0, 0xffffffff}, -ETIMEDOUT, mem) ==
          "futex(0x4aa2f0, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, {tv_sec=1, "
          "tv_nsec=0}, FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT (Connection timed out)");
    CHECK(line("futex", {word, 128, 0, 0, 0, 0}, 0, mem) ==
          "futex(0x4aa2f0, FUTEX_WAIT_PRIVATE, 0, NULL) = 0");
    // futex_waitv's waiters, as strace 6.1 printed them (tests/progs/more_calls.c and a probe).
    struct Waiter {
        uint64_t val, uaddr;
        uint32_t flags, reserved;
    };
    const Waiter waiters[3] = {{1, 0x4a62d0, 0x82, 0}, {0, 0, 0, 0}, {0x123456789, 1, 0x40, 5}};
    const uint64_t w = mem.object(0x7ffde3eb3000, waiters);
    const uint64_t deadline = mem.object(0x7ffde3eb3100, timespec{0, 0});
    CHECK(line("futex_waitv", {w, 3, 0, deadline, CLOCK_MONOTONIC}, -EINVAL, mem) ==
          "futex_waitv([{val=0x1, uaddr=0x4a62d0, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}, {val=0, "
          "uaddr=NULL, flags=0}, {val=0x123456789, uaddr=0x1, flags=0x40 /* FUTEX_??? */, "
          "__reserved=0x5}], 3, 0, {tv_sec=0, tv_nsec=0}, CLOCK_MONOTONIC) = -1 EINVAL (Invalid "
          "argument)");
    CHECK(line("futex_waitv", {w, 0, 1, 0, CLOCK_REALTIME}, -EINVAL, mem) ==
          "futex_waitv([], 0, 0x1, NULL, CLOCK_REALTIME) = -1 EINVAL (Invalid argument)");
    CHECK(line("futex_waitv", {8, 2, 0, 0, CLOCK_REALTIME}, -EFAULT, mem) ==
          "futex_waitv(0x8, 2, 0, NULL, CLOCK_REALTIME) = -1 EFAULT (Bad address)");
    CHECK(line("futex_waitv", {w, 4, 0, 0, CLOCK_REALTIME}, -EINVAL, mem)
              .starts_with(
                  "futex_waitv([{val=0x1, uaddr=0x4a62d0, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}, "
                  "{val=0, "
                  "uaddr=NULL, flags=0}, {val=0x123456789, uaddr=0x1, flags=0x40 /* FUTEX_??? */, "
                  "__reserved=0x5}, ... /* 0x7ffde3eb3048 */], 4,"));
    CHECK(line("futex", {word, 129, 1, 0, 0, 0}, 0, mem) ==
          "futex(0x4aa2f0, FUTEX_WAKE_PRIVATE, 1) = 0");
}

TEST_CASE("inotify and fanotify masks", "[decoder][depth]") {
    FakeMemory mem;
    const uint64_t dot = mem.put(0x4a0000, std::string(".") + '\0');
    const uint64_t path = mem.put(0x4a1000, std::string("more_calls.tmp") + '\0');
    const auto inotify = namesOf({{3, "anon_inode:inotify"}});
    CHECK(line("inotify_add_watch", {3, dot, 0x302}, 1, mem, inotify) ==
          "inotify_add_watch(3<anon_inode:inotify>, \".\", IN_MODIFY|IN_CREATE|IN_DELETE) = 1");
    CHECK(line("inotify_add_watch", {3, path, 0x80000fff}, 2, mem, inotify) ==
          "inotify_add_watch(3<anon_inode:inotify>, \"more_calls.tmp\", "
          "IN_ACCESS|IN_MODIFY|IN_ATTRIB|IN_CLOSE_WRITE|IN_CLOSE_NOWRITE|IN_OPEN|IN_MOVED_FROM|"
          "IN_MOVED_TO|IN_CREATE|IN_DELETE|IN_DELETE_SELF|IN_MOVE_SELF|IN_ONESHOT) = 2");
    const auto fan = namesOf({{-100, "/tmp/mc"}, {3, "anon_inode:[fanotify]"}});
    const uint64_t cwd = static_cast<uint64_t>(AT_FDCWD);
    CHECK(line("fanotify_mark", {3, 1, 0xa, cwd, path}, 0, mem, fan) ==
          "fanotify_mark(3<anon_inode:[fanotify]>, FAN_MARK_ADD, FAN_MODIFY|FAN_CLOSE_WRITE, "
          "AT_FDCWD</tmp/mc>, \"more_calls.tmp\") = 0");
    CHECK(line("fanotify_mark", {3, 2, 0xa, cwd, path}, 0, mem, fan) ==
          "fanotify_mark(3<anon_inode:[fanotify]>, FAN_MARK_REMOVE, FAN_MODIFY|FAN_CLOSE_WRITE, "
          "AT_FDCWD</tmp/mc>, \"more_calls.tmp\") = 0");
    CHECK(line("fanotify_init", {1, 0}, 3, mem, fan) ==
          "fanotify_init(FAN_CLASS_NOTIF|FAN_CLOEXEC, O_RDONLY) = 3<anon_inode:[fanotify]>");
    CHECK(fanInitFlagsText(0x204) == "FAN_CLASS_CONTENT|FAN_REPORT_FID");
    CHECK(inotifyMaskText(0x800) == "IN_MOVE_SELF");
    CHECK(inotifyMaskText(0x1000) == "0x1000 /* IN_??? */");
    CHECK(fanMarkFlagsText(0x11) == "FAN_MARK_ADD|FAN_MARK_MOUNT");
}

TEST_CASE("xattr values, flags and name lists", "[decoder][depth]") {
    FakeMemory mem;
    const auto names = namesOf({{3, "/tmp/mc/more_calls.tmp"}});
    const uint64_t path = mem.put(0x4a0000, std::string("more_calls.tmp") + '\0');
    const uint64_t a = mem.put(0x4a1000, std::string("user.a") + '\0');
    const uint64_t b = mem.put(0x4a2000, std::string("user.b") + '\0');
    const uint64_t none = mem.put(0x4a3000, std::string("user.none") + '\0');
    const uint64_t value = mem.put(0x4a4000, "value");
    const uint64_t binary = mem.put(0x4a5000, "\x01\x02zz");
    const uint64_t again = mem.put(0x4a6000, "again");
    const uint64_t other = mem.put(0x4a7000, "other");
    CHECK(line("setxattr", {path, a, value, 5, 1}, 0, mem) ==
          R"(setxattr("more_calls.tmp", "user.a", "value", 5, XATTR_CREATE) = 0)");
    CHECK(line("lsetxattr", {path, b, binary, 4, 0}, 0, mem) ==
          R"(lsetxattr("more_calls.tmp", "user.b", "\1\2zz", 4, 0) = 0)");
    CHECK(
        line("setxattr", {path, a, again, 5, 1}, -EEXIST, mem) ==
        R"(setxattr("more_calls.tmp", "user.a", "again", 5, XATTR_CREATE) = -1 EEXIST (File exists))");
    CHECK(line("fsetxattr", {3, a, other, 5, 2}, 0, mem, names) ==
          R"(fsetxattr(3</tmp/mc/more_calls.tmp>, "user.a", "other", 5, XATTR_REPLACE) = 0)");

    const uint64_t buf = 0x7ffde3eb30b0;
    mem.put(buf, std::string(256, '\0'));
    FakeMemory exit;
    exit.put(buf, "other" + std::string(251, '\0'));
    CHECK(line("getxattr", {path, a, 0, 0}, 5, mem, {}, &exit) ==
          R"(getxattr("more_calls.tmp", "user.a", NULL, 0) = 5)");
    CHECK(line("getxattr", {path, a, buf, 256}, 5, mem, {}, &exit) ==
          R"(getxattr("more_calls.tmp", "user.a", "other", 256) = 5)");
    exit.put(buf, "\x01\x02zz" + std::string(252, '\0'));
    CHECK(line("lgetxattr", {path, b, buf, 256}, 4, mem, {}, &exit) ==
          R"(lgetxattr("more_calls.tmp", "user.b", "\1\2zz", 256) = 4)");
    CHECK(
        line("fgetxattr", {3, a, buf, 2}, -ERANGE, mem, names, &exit) ==
        R"(fgetxattr(3</tmp/mc/more_calls.tmp>, "user.a", 0x7ffde3eb30b0, 2) = -1 ERANGE (Numerical result out of range))");
    CHECK(
        line("getxattr", {path, none, buf, 256}, -ENODATA, mem, {}, &exit) ==
        R"(getxattr("more_calls.tmp", "user.none", 0x7ffde3eb30b0, 256) = -1 ENODATA (No data available))");
    // A value's trailing NUL is left out; a long one is cut at -s 32.
    exit.put(buf, std::string("abc") + '\0' + std::string(252, '\0'));
    CHECK(line("getxattr", {path, a, buf, 256}, 4, mem, {}, &exit) ==
          R"(getxattr("more_calls.tmp", "user.a", "abc", 256) = 4)");
    exit.put(buf, std::string(40, 'x') + std::string(216, '\0'));
    CHECK(
        line("getxattr", {path, a, buf, 256}, 40, mem, {}, &exit) ==
        R"(getxattr("more_calls.tmp", "user.a", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"..., 256) = 40)");

    const std::string list("user.a\0user.b\0", 14);
    exit.put(buf, list + std::string(242, '\0'));
    CHECK(line("listxattr", {path, 0, 0}, 14, mem, {}, &exit) ==
          R"(listxattr("more_calls.tmp", NULL, 0) = 14)");
    CHECK(line("listxattr", {path, buf, 256}, 14, mem, {}, &exit) ==
          R"(listxattr("more_calls.tmp", "user.a\0user.b\0", 256) = 14)");
    CHECK(line("llistxattr", {path, buf, 256}, 14, mem, {}, &exit) ==
          R"(llistxattr("more_calls.tmp", "user.a\0user.b\0", 256) = 14)");
    CHECK(line("flistxattr", {3, buf, 256}, 14, mem, names, &exit) ==
          R"(flistxattr(3</tmp/mc/more_calls.tmp>, "user.a\0user.b\0", 256) = 14)");
    CHECK(line("removexattr", {path, b}, 0, mem) ==
          R"(removexattr("more_calls.tmp", "user.b") = 0)");
}

TEST_CASE("preadv2/pwritev2 offsets and flags, sendfile, splice and copy offsets",
          "[decoder][depth]") {
    FakeMemory mem;
    const auto names = namesOf({{3, "/tmp/mc/more_calls.tmp"},
                                {4, "/tmp/mc/more_calls.out"},
                                {5, "pipe:[3683330]"},
                                {6, "pipe:[3683330]"},
                                {8, "pipe:[3683333]"}});
    const uint64_t hello = mem.put(0x1000, "hello");
    const uint64_t world = mem.put(0x2000, " world");
    const iovec out[2] = {{reinterpret_cast<void*>(hello), 5}, {reinterpret_cast<void*>(world), 6}};
    const uint64_t iov = mem.object(0x3000, out);
    CHECK(line("pwritev2", {3, iov, 2, 0, 0, 3}, 11, mem, names) ==
          "pwritev2(3</tmp/mc/more_calls.tmp>, [{iov_base=\"hello\", iov_len=5}, {iov_base=\" "
          "world\", iov_len=6}], 2, 0, RWF_HIPRI|RWF_DSYNC) = 11");
    CHECK(line("pwritev2", {3, iov, 1, static_cast<uint64_t>(-1), 0, 0}, 5, mem, names) ==
          "pwritev2(3</tmp/mc/more_calls.tmp>, [{iov_base=\"hello\", iov_len=5}], 1, -1, 0) = 5");
    const iovec in[2] = {{reinterpret_cast<void*>(0x4000), 4},
                         {reinterpret_cast<void*>(0x5000), 16}};
    const uint64_t iovIn = mem.object(0x6000, in);
    FakeMemory exit;
    exit.object(iovIn, in);
    exit.put(0x4000, "ello");
    exit.put(0x5000, " world" + std::string(10, '\0'));
    CHECK(line("preadv2", {3, iovIn, 2, 1, 0, 8}, 10, mem, names, &exit) ==
          "preadv2(3</tmp/mc/more_calls.tmp>, [{iov_base=\"ello\", iov_len=4}, {iov_base=\" "
          "world\", iov_len=16}], 2, 1, RWF_NOWAIT) = 10");
    CHECK(line("preadv2", {3, iovIn, 2, 0x100000000, 0, 0}, 0, mem, names, &exit) ==
          "preadv2(3</tmp/mc/more_calls.tmp>, [{iov_base=\"\", iov_len=4}, {iov_base=\"\", "
          "iov_len=16}], 2, 4294967296, 0) = 0");

    // i386 splits the offset over two registers: shown joined, the high half not on its own.
    DecodeOptions i386;
    i386.arch = Arch::I386;
    const uint64_t split[6] = {3, iovIn, 2, 0x10, 0x1, 8};
    std::vector<std::string> args;
    decodeEntry(*findSyscall("preadv2"), split, mem, {}, i386, args);
    CHECK(args == std::vector<std::string>{"3", "0x6000", "2", "4294967312", "RWF_NOWAIT"});

    const uint64_t off = mem.object(0x7000, int64_t{0});
    exit.object(off, int64_t{5});
    CHECK(line("sendfile", {4, 3, off, 5}, 5, mem, names, &exit) ==
          "sendfile(4</tmp/mc/more_calls.out>, 3</tmp/mc/more_calls.tmp>, [0] => [5], 5) = 5");
    mem.object(off, int64_t{100});
    exit.object(off, int64_t{100});
    CHECK(line("sendfile", {4, 3, off, 5}, 0, mem, names, &exit) ==
          "sendfile(4</tmp/mc/more_calls.out>, 3</tmp/mc/more_calls.tmp>, [100], 5) = 0");
    CHECK(line("sendfile", {4, 3, 0, 3}, 3, mem, names) ==
          "sendfile(4</tmp/mc/more_calls.out>, 3</tmp/mc/more_calls.tmp>, NULL, 3) = 3");

    const uint64_t one = mem.object(0x8000, int64_t{1});
    const uint64_t two = mem.object(0x8100, int64_t{2});
    const uint64_t zero = mem.object(0x8200, int64_t{0});
    const uint64_t twenty = mem.object(0x8300, int64_t{20});
    CHECK(line("splice", {3, one, 6, 0, 4, 5}, 4, mem, names) ==
          "splice(3</tmp/mc/more_calls.tmp>, [1], 6<pipe:[3683330]>, NULL, 4, "
          "SPLICE_F_MOVE|SPLICE_F_MORE) = 4");
    CHECK(line("tee", {5, 8, 4, 2}, 4, mem, names) ==
          "tee(5<pipe:[3683330]>, 8<pipe:[3683333]>, 4, SPLICE_F_NONBLOCK) = 4");
    CHECK(line("splice", {5, 0, 4, two, 4, 0}, 4, mem, names) ==
          "splice(5<pipe:[3683330]>, NULL, 4</tmp/mc/more_calls.out>, [2], 4, 0) = 4");
    CHECK(line("copy_file_range", {3, zero, 4, twenty, 6, 0}, 6, mem, names) ==
          "copy_file_range(3</tmp/mc/more_calls.tmp>, [0], 4</tmp/mc/more_calls.out>, [20], 6, "
          "0) = 6");
    CHECK(line("copy_file_range", {3, 0, 4, 0, 0, 0}, 0, mem, names) ==
          "copy_file_range(3</tmp/mc/more_calls.tmp>, NULL, 4</tmp/mc/more_calls.out>, NULL, 0, "
          "0) = 0");
    CHECK(line("vmsplice", {6, iov, 1, 8}, 5, mem, names) ==
          "vmsplice(6<pipe:[3683330]>, [{iov_base=\"hello\", iov_len=5}], 1, SPLICE_F_GIFT) = 5");
}

TEST_CASE("scheduling parameters and policies, getcpu, message queue attributes",
          "[decoder][depth]") {
    FakeMemory mem;
    const uint64_t sp = mem.object(0x7000, int32_t{0});
    CHECK(line("sched_setparam", {0, sp}, 0, mem) == "sched_setparam(0, [0]) = 0");
    CHECK(line("sched_getparam", {0, sp}, 0, mem) == "sched_getparam(0, [0]) = 0");
    CHECK(line("sched_setscheduler", {0, 0, sp}, 0, mem) ==
          "sched_setscheduler(0, SCHED_OTHER, [0]) = 0");
    CHECK(line("sched_getscheduler", {0}, 0, mem) == "sched_getscheduler(0) = 0 (SCHED_OTHER)");
    CHECK(line("sched_setscheduler", {0, 0x40000003, sp}, 0, mem) ==
          "sched_setscheduler(0, 0x40000003 /* SCHED_??? */, [0]) = 0");
    CHECK(line("sched_getscheduler", {0}, 0x40000003, mem) == "sched_getscheduler(0) = 1073741827");
    CHECK(line("sched_get_priority_max", {1}, 99, mem) ==
          "sched_get_priority_max(SCHED_FIFO) = 99");
    CHECK(line("sched_get_priority_min", {2}, 1, mem) == "sched_get_priority_min(SCHED_RR) = 1");
    const uint64_t rr = mem.object(0x7100, timespec{0, 0});
    CHECK(line("sched_rr_get_interval", {0, rr}, 0, mem) ==
          "sched_rr_get_interval(0, {tv_sec=0, tv_nsec=0}) = 0");
    const uint64_t cpu = mem.object(0x7200, uint32_t{1});
    const uint64_t node = mem.object(0x7300, uint32_t{0});
    CHECK(line("getcpu", {cpu, node, 0}, 0, mem) == "getcpu([1], [0], NULL) = 0");

    const auto mq = namesOf({{3, "/more_calls"}});
    const uint64_t name = mem.put(0x7400, std::string("more_calls") + '\0');
    const int64_t create[8] = {0, 4, 16, 0};
    const uint64_t attr = mem.object(0x7500, create);
    CHECK(line("mq_open", {name, O_RDWR | O_CREAT, 0600, attr}, 3, mem, mq) ==
          "mq_open(\"more_calls\", O_RDWR|O_CREAT, 0600, {mq_flags=0, mq_maxmsg=4, mq_msgsize=16, "
          "mq_curmsgs=0}) = 3</more_calls>");
    CHECK(line("mq_open", {name, O_RDWR, 0, 0}, 3, mem, mq) ==
          "mq_open(\"more_calls\", O_RDWR) = 3</more_calls>");
    const uint64_t old = mem.object(0x7600, create);
    CHECK(line("mq_getsetattr", {3, 0, old}, 0, mem, mq) ==
          "mq_getsetattr(3</more_calls>, NULL, {mq_flags=0, mq_maxmsg=4, mq_msgsize=16, "
          "mq_curmsgs=0}) = 0");
    const int64_t nonblock[8] = {O_NONBLOCK};
    const uint64_t nb = mem.object(0x7700, nonblock);
    CHECK(line("mq_getsetattr", {3, nb, old}, 0, mem, mq) ==
          "mq_getsetattr(3</more_calls>, {mq_flags=O_NONBLOCK, mq_maxmsg=0, mq_msgsize=0, "
          "mq_curmsgs=0}, {mq_flags=0, mq_maxmsg=4, mq_msgsize=16, mq_curmsgs=0}) = 0");
    const uint64_t ping = mem.put(0x7800, "ping");
    const uint64_t soon = mem.object(0x7900, timespec{0, 0});
    CHECK(line("mq_timedsend", {3, ping, 4, 1, soon}, 0, mem, mq) ==
          "mq_timedsend(3</more_calls>, \"ping\", 4, 1, {tv_sec=0, tv_nsec=0}) = 0");
    const uint64_t msg = mem.put(0x7a00, std::string(16, '\0'));
    const uint64_t prio = mem.object(0x7b00, uint32_t{0});
    FakeMemory exit;
    exit.put(msg, "ping" + std::string(12, '\0'));
    exit.object(prio, uint32_t{1});
    CHECK(line("mq_timedreceive", {3, msg, 16, prio, soon}, 4, mem, mq, &exit) ==
          "mq_timedreceive(3</more_calls>, \"ping\", 16, [1], {tv_sec=0, tv_nsec=0}) = 4");
}
