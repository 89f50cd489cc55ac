// Issue 21's second round of depth (tracer/StructRoleDispatch.h and the pure decoders behind it)
// through the whole decoder and a fake tracee, against lines strace 6.1 printed on this machine
// for the same calls (`strace -f -y -s 32` of tests/progs/struct_calls.c). Each line is also
// decoded the deferred way (capture at the stops, render later) and must come out the same.
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "support/DecodedLine.h"
#include "support/FakeMemory.h"
#include "tracer/ArgDecoder.h"
#include "tracer/CredDecoders.h"
#include "tracer/DecodeCapture.h"
#include "tracer/Events.h"
#include "tracer/SockoptDecoder.h"
#include "tracer/StructDecodersPoll.h"
#include "tracer/StructDecodersSystem.h"
#include "tracer/StructDecodersTime.h"
#include "tracer/StructRoleDispatch.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

using scratch::testing::FakeMemory;

const FdNamer kNames = [](int fd) -> const std::string* {
    static const std::string pipe = "pipe:[2194124]";
    static const std::string tmp = "/tmp/sc/struct_calls.tmp";
    static const std::string ep = "anon_inode:[eventpoll]";
    static const std::string sock = "socket:[2193190]";
    switch (fd) {
        case 3:
        case 4:
            return &pipe;
        case 5:
            return &tmp;
        case 6:
            return &ep;
        case 13:
            return &sock;
        default:
            return nullptr;
    }
};

/// The line as the live decoder makes it; the deferred decoding must make the same one.
std::string line(std::string_view name, std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem,
                 FakeMemory* atExit = nullptr) {
    return scratch::testing::decodedLine(name, raw, ret, mem, kNames, atExit);
}

}  // namespace

TEST_CASE("statfs as strace prints it", "[decoder][depth]") {
    FakeMemory mem;
    const uint64_t path = mem.put(0x1000, std::string("/proc") + '\0');
    struct statfs s {};
    s.f_type = 0x9fa0;
    s.f_bsize = 4096;
    s.f_fsid.__val[0] = 0x15;
    s.f_namelen = 255;
    s.f_frsize = 4096;
    s.f_flags = 0x20 | 0x1000;
    const uint64_t buf = mem.object(0x2000, s);
    CHECK(
        line("statfs", {path, buf}, 0, mem) ==
        R"(statfs("/proc", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0x15, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0)");
    CHECK(line("statfs", {path, buf}, -2, mem) ==
          R"(statfs("/proc", 0x2000) = -1 ENOENT (No such file or directory))");
    s.f_type = 0x50495045;
    s.f_fsid.__val[0] = 0xf;
    s.f_flags = 0x20;
    mem.object(0x2000, s);
    CHECK(line("fstatfs", {3, buf}, 0, mem) ==
          "fstatfs(3<pipe:[2194124]>, {f_type=PIPEFS_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, "
          "f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0xf, 0]}, f_namelen=255, "
          "f_frsize=4096, f_flags=ST_VALID}) = 0");
}

TEST_CASE("iovecs, with the data a read moved", "[decoder][depth]") {
    FakeMemory mem;
    mem.put(0x100, "hello");
    mem.put(0x200, " world");
    const iovec out[2] = {{reinterpret_cast<void*>(0x100), 5}, {reinterpret_cast<void*>(0x200), 6}};
    const uint64_t iov = mem.object(0x1000, out);
    CHECK(
        line("writev", {4, iov, 2}, 11, mem) ==
        R"(writev(4<pipe:[2194124]>, [{iov_base="hello", iov_len=5}, {iov_base=" world", iov_len=6}], 2) = 11)");
    CHECK(
        line("pwritev", {5, iov, 2, 0}, 11, mem) ==
        R"(pwritev(5</tmp/sc/struct_calls.tmp>, [{iov_base="hello", iov_len=5}, {iov_base=" world", iov_len=6}], 2, 0) = 11)");
    mem.put(0x300, "hell");
    mem.put(0x400, std::string("o world") + std::string(9, '\0'));
    const iovec in[2] = {{reinterpret_cast<void*>(0x300), 4}, {reinterpret_cast<void*>(0x400), 16}};
    const uint64_t iovIn = mem.object(0x2000, in);
    CHECK(
        line("readv", {3, iovIn, 2}, 11, mem) ==
        R"(readv(3<pipe:[2194124]>, [{iov_base="hell", iov_len=4}, {iov_base="o world", iov_len=16}], 2) = 11)");
    CHECK(line("readv", {3, iovIn, 2}, -11, mem) ==
          "readv(3<pipe:[2194124]>, 0x2000, 2) = -1 EAGAIN (Resource temporarily unavailable)");
}

TEST_CASE("poll and select with what the return adds", "[decoder][depth]") {
    FakeMemory mem;
    pollfd fds[2] = {{3, POLLIN, 0}, {4, POLLOUT, 0}};
    const uint64_t p = mem.object(0x1000, fds);
    FakeMemory after;
    fds[0].revents = POLLIN;
    fds[1].revents = POLLOUT;
    after.object(0x1000, fds);
    CHECK(line("poll", {p, 2, 0}, 2, mem, &after) ==
          "poll([{fd=3<pipe:[2194124]>, events=POLLIN}, {fd=4<pipe:[2194124]>, events=POLLOUT}], "
          "2, 0) = 2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}])");
    CHECK(line("poll", {p, 1, 0}, 0, mem) ==
          "poll([{fd=3<pipe:[2194124]>, events=POLLIN}], 1, 0) = 0 (Timeout)");
    const timespec zero{0, 0};
    const uint64_t ts = mem.object(0x2000, zero);
    after.object(0x2000, zero);
    const uint64_t usr1 = 1ULL << (SIGUSR1 - 1);
    const uint64_t mask = mem.object(0x3000, usr1);
    CHECK(line("ppoll", {p, 2, ts, mask, 8}, 2, mem, &after) ==
          "ppoll([{fd=3<pipe:[2194124]>, events=POLLIN}, {fd=4<pipe:[2194124]>, events=POLLOUT}], "
          "2, {tv_sec=0, tv_nsec=0}, [USR1], 8) = 2 ([{fd=3, revents=POLLIN}, {fd=4, "
          "revents=POLLOUT}], left {tv_sec=0, tv_nsec=0})");

    const uint64_t rd = mem.object(0x4000, uint64_t{1} << 3);
    const uint64_t wr = mem.object(0x5000, uint64_t{1} << 4);
    after.object(0x4000, uint64_t{1} << 3);
    after.object(0x5000, uint64_t{1} << 4);
    CHECK(line("pselect6", {5, rd, wr, 0, ts, 0}, 2, mem, &after) ==
          "pselect6(5, [3<pipe:[2194124]>], [4<pipe:[2194124]>], NULL, {tv_sec=0, tv_nsec=0}, "
          "NULL) = 2 (in [3], out [4], left {tv_sec=0, tv_nsec=0})");
    const uint64_t pair[2] = {0, 8};
    const uint64_t sig = mem.object(0x6000, pair);
    const uint64_t rd5 = mem.object(0x7000, uint64_t{1} << 5);
    after.object(0x7000, uint64_t{1} << 5);
    CHECK(line("pselect6", {6, rd5, 0, 0, ts, sig}, 1, mem, &after) ==
          "pselect6(6, [5</tmp/sc/struct_calls.tmp>], NULL, NULL, {tv_sec=0, tv_nsec=0}, "
          "{sigmask=NULL, sigsetsize=8}) = 1 (in [5], left {tv_sec=0, tv_nsec=0})");
    const timeval tv{0, 0};
    const uint64_t t = mem.object(0x8000, tv);
    CHECK(line("select", {5, rd, wr, 0, t}, 0, mem) ==
          "select(5, [3<pipe:[2194124]>], [4<pipe:[2194124]>], NULL, {tv_sec=0, tv_usec=0}) = 0 "
          "(Timeout)");
}

TEST_CASE("epoll_event in and out", "[decoder][depth]") {
    FakeMemory mem;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = 7;
    const uint64_t e = mem.object(0x1000, ev);
    CHECK(line("epoll_ctl", {6, EPOLL_CTL_ADD, 3, e}, 0, mem) ==
          "epoll_ctl(6<anon_inode:[eventpoll]>, EPOLL_CTL_ADD, 3<pipe:[2194124]>, "
          "{events=EPOLLIN, data={u32=7, u64=7}}) = 0");
    CHECK(line("epoll_ctl", {6, EPOLL_CTL_DEL, 3, 0}, 0, mem) ==
          "epoll_ctl(6<anon_inode:[eventpoll]>, EPOLL_CTL_DEL, 3<pipe:[2194124]>, NULL) = 0");
    CHECK(line("epoll_wait", {6, e, 4, 0}, 1, mem) ==
          "epoll_wait(6<anon_inode:[eventpoll]>, [{events=EPOLLIN, data={u32=7, u64=7}}], 4, 0) "
          "= 1");
    CHECK(line("epoll_wait", {6, e, 4, 0}, 0, mem) ==
          "epoll_wait(6<anon_inode:[eventpoll]>, [], 4, 0) = 0");
    const uint64_t usr1 = 1ULL << (SIGUSR1 - 1);
    const uint64_t mask = mem.object(0x3000, usr1);
    CHECK(line("epoll_pwait", {6, e, 4, 0, mask, 8}, 0, mem) ==
          "epoll_pwait(6<anon_inode:[eventpoll]>, [], 4, 0, [USR1], 8) = 0");
}

TEST_CASE("timers and sleeps", "[decoder][depth]") {
    FakeMemory mem;
    const timespec req{0, 1000};
    const uint64_t r = mem.object(0x1000, req);
    CHECK(line("clock_nanosleep", {CLOCK_REALTIME, 0, r, 0x2000}, 0, mem) ==
          "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000}, 0x2000) = 0");
    const timespec zero{0, 0};
    const uint64_t z = mem.object(0x3000, zero);
    CHECK(line("clock_nanosleep", {CLOCK_REALTIME, 1, z, 0}, 0, mem) ==
          "clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, tv_nsec=0}, NULL) = 0");
    // Cut by a signal: the time left is shown.
    const timespec left{0, 500};
    mem.object(0x2000, left);
    CHECK(line("nanosleep", {r, 0x2000}, -4, mem) ==
          "nanosleep({tv_sec=0, tv_nsec=1000}, {tv_sec=0, tv_nsec=500}) = -1 EINTR (Interrupted "
          "system call)");
    const itimerval set{{0, 0}, {100, 0}};
    const uint64_t s = mem.object(0x4000, set);
    CHECK(line("setitimer", {ITIMER_REAL, s, 0}, 0, mem) ==
          "setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=100, "
          "tv_usec=0}}, NULL) = 0");
    const itimerval old{{0, 0}, {99, 999977}};
    const uint64_t o = mem.object(0x5000, old);
    CHECK(line("getitimer", {ITIMER_VIRTUAL, o}, 0, mem) ==
          "getitimer(ITIMER_VIRTUAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=99, "
          "tv_usec=999977}}) = 0");
    const timeval tv{1796669091, 365372};
    const uint64_t t = mem.object(0x6000, tv);
    CHECK(line("gettimeofday", {t, 0}, 0, mem) ==
          "gettimeofday({tv_sec=1796669091, tv_usec=365372}, NULL) = 0");
    const itimerspec its{{0, 0}, {0, 0}};
    const uint64_t i = mem.object(0x7000, its);
    CHECK(line("timerfd_settime", {7, 0, i, i}, 0, mem) ==
          "timerfd_settime(7, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, "
          "tv_nsec=0}}, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}) = 0");
    CHECK(line("timerfd_gettime", {7, i}, 0, mem) ==
          "timerfd_gettime(7, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, "
          "tv_nsec=0}}) = 0");
    sigevent sev{};
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR2;
    const uint64_t e = mem.object(0x8000, sev);
    const uint64_t id = mem.object(0x9000, int32_t{0});
    CHECK(
        line("timer_create", {CLOCK_MONOTONIC, e, id}, 0, mem) ==
        "timer_create(CLOCK_MONOTONIC, {sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL}, [0]) = 0");
    const tms t0{0, 0, 0, 0};
    const uint64_t tm = mem.object(0xa000, t0);
    CHECK(line("times", {tm}, 1719086308, mem) ==
          "times({tms_utime=0, tms_stime=0, tms_cutime=0, tms_cstime=0}) = 1719086308");
}

TEST_CASE("signal stacks, rusage, sysinfo, cpu sets and sched_attr", "[decoder][depth]") {
    FakeMemory mem;
    stack_t ss{};
    ss.ss_sp = reinterpret_cast<void*>(0x55fd89d46220);
    ss.ss_size = 16384;
    const uint64_t s = mem.object(0x1000, ss);
    CHECK(line("sigaltstack", {s, 0}, 0, mem) ==
          "sigaltstack({ss_sp=0x55fd89d46220, ss_flags=0, ss_size=16384}, NULL) = 0");
    CHECK(line("sigaltstack", {0, s}, 0, mem) ==
          "sigaltstack(NULL, {ss_sp=0x55fd89d46220, ss_flags=0, ss_size=16384}) = 0");
    ss.ss_flags = SS_DISABLE;
    mem.object(0x1000, ss);
    CHECK(line("sigaltstack", {s, 0}, 0, mem) ==
          "sigaltstack({ss_sp=0x55fd89d46220, ss_flags=SS_DISABLE, ss_size=16384}, NULL) = 0");
    rusage ru{};
    ru.ru_stime.tv_usec = 1542;
    const uint64_t r = mem.object(0x2000, ru);
    CHECK(line("getrusage", {RUSAGE_SELF, r}, 0, mem) ==
          "getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, "
          "tv_usec=1542}, ...}) = 0");
    struct sysinfo si {};
    si.uptime = 11295;
    si.loads[0] = 378624;
    si.loads[1] = 150240;
    si.loads[2] = 120032;
    si.totalram = 25276182528;
    si.freeram = 20971016192;
    si.sharedram = 10551296;
    si.bufferram = 51527680;
    si.procs = 183;
    si.mem_unit = 1;
    const uint64_t i = mem.object(0x3000, si);
    CHECK(line("sysinfo", {i}, 0, mem) ==
          "sysinfo({uptime=11295, loads=[378624, 150240, 120032], totalram=25276182528, "
          "freeram=20971016192, sharedram=10551296, bufferram=51527680, totalswap=0, "
          "freeswap=0, procs=183, totalhigh=0, freehigh=0, mem_unit=1}) = 0");
    std::string cpus(128, '\0');
    cpus[0] = 3;
    const uint64_t c = mem.put(0x4000, cpus);
    CHECK(line("sched_getaffinity", {0, 128, c}, 32, mem) ==
          "sched_getaffinity(0, 128, [0 1]) = 32");
    cpus[0] = 1;
    mem.put(0x4000, cpus);
    CHECK(line("sched_setaffinity", {0, 128, c}, 0, mem) == "sched_setaffinity(0, 128, [0]) = 0");
    uint32_t attr[14] = {56, 0};
    const uint64_t runtime = 1400000;
    std::memcpy(&attr[6], &runtime, sizeof runtime);
    const uint64_t a = mem.object(0x5000, attr);
    CHECK(line("sched_getattr", {0, a, 56, 0}, 0, mem) ==
          "sched_getattr(0, {size=56, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, "
          "sched_priority=0, sched_runtime=1400000, sched_deadline=0, sched_period=0, "
          "sched_util_min=0, sched_util_max=0}, 56, 0) = 0");
    CHECK(line("sched_setattr", {0, a, 0}, 0, mem) ==
          "sched_setattr(0, {size=56, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, "
          "sched_priority=0, sched_runtime=1400000, sched_deadline=0, sched_period=0, "
          "sched_util_min=0, sched_util_max=0}, 0) = 0");
    CHECK(line("mremap", {0x7f1b15764000, 4096, 8192, 1, 0}, 0x7f1b15762000, mem) ==
          "mremap(0x7f1b15764000, 4096, 8192, MREMAP_MAYMOVE) = 0x7f1b15762000");
    CHECK(line("mremap", {0x7f1b15764000, 4096, 8192, 3, 0x7f0000000000}, 0x7f0000000000, mem) ==
          "mremap(0x7f1b15764000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000000000) = "
          "0x7f0000000000");
}

TEST_CASE("rt_sigreturn's saved mask from its frame", "[decoder][depth]") {
    FakeMemory mem;
    // The stack pointer is at the frame's ucontext; uc_sigmask is 296 bytes in.
    const uint64_t sp = 0x7000;
    const uint64_t usr2 = 1ULL << (SIGUSR2 - 1);
    std::string frame(296 + 8, '\0');
    std::memcpy(frame.data() + 296, &usr2, sizeof usr2);
    mem.put(sp, frame);
    CHECK(line("rt_sigreturn", {sp}, 0, mem) == "rt_sigreturn({mask=[USR2]}) = 0");
    mem.put(sp, std::string(304, '\0'));
    CHECK(line("rt_sigreturn", {sp}, 0, mem) == "rt_sigreturn({mask=[]}) = 0");
    CHECK(line("rt_sigreturn", {0xdead0000}, 0, mem) == "rt_sigreturn(0xdead0000) = 0");
}

TEST_CASE("capabilities, groups and ids", "[decoder][depth]") {
    FakeMemory mem;
    const __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    const uint64_t h = mem.object(0x1000, hdr);
    __user_cap_data_struct data[2] = {{0x21, 0x1, 0}, {0, 0x80, 0}};
    const uint64_t d = mem.object(0x2000, data);
    CHECK(line("capget", {h, d}, 0, mem) ==
          "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|"
          "1<<CAP_KILL, permitted=1<<CAP_CHOWN|1<<CAP_BPF, inheritable=0}) = 0");
    CHECK(line("capset", {h, d}, 0, mem) ==
          "capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|"
          "1<<CAP_KILL, permitted=1<<CAP_CHOWN|1<<CAP_BPF, inheritable=0}) = 0");
    CHECK(line("getgroups", {0, 0}, 0, mem) == "getgroups(0, NULL) = 0");
    const uint32_t groups[2] = {0, 27};
    const uint64_t g = mem.object(0x3000, groups);
    CHECK(line("getgroups", {64, g}, 0, mem) == "getgroups(64, []) = 0");
    CHECK(line("getgroups", {64, g}, 2, mem) == "getgroups(64, [0, 27]) = 2");
    CHECK(line("setgroups", {0, g}, 0, mem) == "setgroups(0, []) = 0");
    CHECK(line("setgroups", {1, g}, 0, mem) == "setgroups(1, [0]) = 0");
    const uint64_t zero = mem.object(0x4000, uint32_t{0});
    CHECK(line("getresuid", {zero, zero, zero}, 0, mem) == "getresuid([0], [0], [0]) = 0");
    CHECK(line("getresgid", {zero, zero, zero}, 0, mem) == "getresgid([0], [0], [0]) = 0");
}

TEST_CASE("socket protocols and options", "[decoder][depth]") {
    FakeMemory mem;
    CHECK(line("socket", {AF_INET, SOCK_STREAM, 0}, 13, mem) ==
          "socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 13<socket:[2193190]>");
    CHECK(line("socket", {AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0}, 16, mem) ==
          "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 16");
    CHECK(line("socket", {AF_NETLINK, SOCK_DGRAM, 9}, 17, mem) ==
          "socket(AF_NETLINK, SOCK_DGRAM, NETLINK_AUDIT) = 17");
    CHECK(line("socket", {AF_INET6, SOCK_STREAM, 6}, 15, mem) ==
          "socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 15");
    CHECK(line("socket", {AF_UNIX, SOCK_STREAM, 0}, 18, mem) ==
          "socket(AF_UNIX, SOCK_STREAM, 0) = 18");
    const uint64_t one = mem.object(0x1000, int32_t{1});
    CHECK(line("setsockopt", {13, SOL_SOCKET, SO_REUSEADDR, one, 4}, 0, mem) ==
          "setsockopt(13<socket:[2193190]>, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
    const uint64_t len = mem.object(0x2000, uint32_t{4});
    CHECK(line("getsockopt", {13, SOL_SOCKET, SO_TYPE, one, len}, 0, mem) ==
          "getsockopt(13<socket:[2193190]>, SOL_SOCKET, SO_TYPE, [1], [4]) = 0");
    const linger lg{1, 5};
    const uint64_t l = mem.object(0x3000, lg);
    CHECK(line("setsockopt", {13, SOL_SOCKET, SO_LINGER, l, 8}, 0, mem) ==
          "setsockopt(13<socket:[2193190]>, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) "
          "= 0");
    const uint64_t len8 = mem.object(0x4000, uint32_t{8});
    CHECK(line("getsockopt", {13, SOL_SOCKET, SO_LINGER, l, len8}, 0, mem) ==
          "getsockopt(13<socket:[2193190]>, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, [8]) "
          "= 0");
}

TEST_CASE("the pure renderers on their own", "[decoder][depth]") {
    CHECK(fsMagicName(0xef53) == "EXT2_SUPER_MAGIC");
    CHECK(fsMagicName(0x12345).empty());
    CHECK(capabilityName(21) == "CAP_SYS_ADMIN");
    CHECK(pollEventsText(0) == "0");
    CHECK(pollReturnText({}, 0, -1, {}).empty());
    CHECK(epollCtlOpText(9) == "0x9 /* EPOLL_CTL_??? */");
    CHECK(sockoptLevelText(999) == "999");
    CHECK(sockoptNameText(0, 1) == "IP_TOS");  // SOL_IP
    CHECK(sockoptNameText(255, 1) == "1");     // SOL_RAW: no names
    CHECK(timerFlagsText(3, true) == "TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET");
    CHECK(rusageWhoText(-1) == "RUSAGE_CHILDREN");
    CHECK(mremapFlagsText(0) == "0");
}

TEST_CASE("wait4's rusage, prctl's operands, ioctl by request and fcntl's flock",
          "[decoder][depth]") {
    FakeMemory mem;
    const uint64_t status = mem.object(0x1000, int32_t{3 << 8});
    rusage ru{};
    ru.ru_utime.tv_usec = 118;
    const uint64_t r = mem.object(0x2000, ru);
    CHECK(line("wait4", {3769, status, 0, r}, 3769, mem) ==
          "wait4(3769, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0, "
          "tv_usec=118}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 3769");
    CHECK(line("prctl", {47, 1, 0, 0, 0}, 0, mem) ==
          "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0) = 0");
    CHECK(line("prctl", {47, 4, 0, 0, 0}, 0, mem) ==
          "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) = 0");
    const uint64_t sig = mem.object(0x3000, int32_t{SIGUSR2});
    CHECK(line("prctl", {2, sig}, 0, mem) == "prctl(PR_GET_PDEATHSIG, [SIGUSR2]) = 0");
    CHECK(line("ioctl", {13, 0x5451, 0}, 0, mem) == "ioctl(13<socket:[2193190]>, FIOCLEX) = 0");
    const uint64_t zero = mem.object(0x4000, int32_t{0});
    CHECK(line("ioctl", {13, 0x541b, zero}, 0, mem) ==
          "ioctl(13<socket:[2193190]>, FIONREAD, [0]) = 0");
    CHECK(line("ioctl", {13, 0x541b, zero}, -25, mem) ==
          "ioctl(13<socket:[2193190]>, FIONREAD, 0x4000) = -1 ENOTTY (Inappropriate ioctl for "
          "device)");
    CHECK(line("ioctl", {13, 0xb703, 0}, 0x40000000, mem) ==
          "ioctl(13<socket:[2193190]>, NS_GET_NSTYPE) = 1073741824 (CLONE_NEWNET)");
    CHECK(line("ioctl", {13, 0xb701, 0}, 5, mem) ==
          "ioctl(13<socket:[2193190]>, NS_GET_USERNS) = 5</tmp/sc/struct_calls.tmp>");
    CHECK(line("ioctl", {13, 0xb803, 0xffffffff}, -25, mem) ==
          "ioctl(13<socket:[2193190]>, _IOC(_IOC_NONE, 0xb8, 0x3, 0), 0xffffffff) = -1 ENOTTY "
          "(Inappropriate ioctl for device)");
    struct flock lk {};
    lk.l_type = F_WRLCK;
    lk.l_len = 10;
    const uint64_t l = mem.object(0x5000, lk);
    CHECK(line("fcntl", {5, F_SETLK, l}, 0, mem) ==
          "fcntl(5</tmp/sc/struct_calls.tmp>, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, "
          "l_start=0, l_len=10}) = 0");
    CHECK(line("fcntl", {5, F_GETLK, l}, 0, mem) ==
          "fcntl(5</tmp/sc/struct_calls.tmp>, F_GETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, "
          "l_start=0, l_len=10, l_pid=0}) = 0");
}
