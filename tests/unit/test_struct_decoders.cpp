// The struct decoders (tracer/StructDecoders.h) through the whole decoder and a fake tracee
// memory, against lines strace 6.1 printed on this machine for the same structs
// (`strace -f -y -s 32` of a static program making these calls).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "support/FakeMemory.h"
#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

using scratch::testing::FakeMemory;

const FdNamer kNames = [](int fd) -> const std::string* {
    static const std::string cwd = "/tmp";
    static const std::string dir = "/";
    if (fd == -100) return &cwd;
    if (fd == 3) return &dir;
    return nullptr;
};

std::string line(std::string_view name, std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem,
                 DecodeOptions opts = {}) {
    const SyscallInfo* info = findSyscall(name);
    REQUIRE(info != nullptr);
    uint64_t args[6] = {};
    for (size_t i = 0; i < raw.size() && i < 6; ++i) args[i] = raw[i];
    std::vector<std::string> out;
    decodeEntry(*info, args, mem, kNames, opts, out);
    decodeExit(*info, args, ret, mem, kNames, opts, out);
    std::string text = std::string(name) + "(";
    for (size_t i = 0; i < out.size(); ++i) text += (i ? ", " : "") + out[i];
    return text + ") = " + formatReturn(*info, ret, kNames, opts);
}

constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);

}  // namespace

TEST_CASE("struct stat as strace abbreviates it", "[decoder][structs]") {
    FakeMemory mem;
    const uint64_t path = mem.put(0x1000, std::string("/etc/passwd") + '\0');
    struct stat st {};
    st.st_mode = S_IFREG | 0644;
    st.st_size = 1221;
    const uint64_t buf = mem.object(0x2000, st);
    CHECK(
        line("newfstatat", {kAtFdcwd, path, buf, 0}, 0, mem) ==
        R"(newfstatat(AT_FDCWD</tmp>, "/etc/passwd", {st_mode=S_IFREG|0644, st_size=1221, ...}, 0) = 0)");
    // A failed call leaves the address, as strace does.
    CHECK(
        line("newfstatat", {kAtFdcwd, path, buf, 0}, -2, mem) ==
        R"(newfstatat(AT_FDCWD</tmp>, "/etc/passwd", 0x2000, 0) = -1 ENOENT (No such file or directory))");
    // A device shows its st_rdev instead of the size.
    st.st_mode = S_IFCHR | 0666;
    st.st_rdev = makedev(1, 3);
    mem.object(0x2000, st);
    CHECK(line("fstat", {3, buf}, 0, mem) ==
          "fstat(3</>, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0");
    // Unreadable: the address.
    CHECK(line("fstat", {3, 0xdead0000}, 0, mem) == "fstat(3</>, 0xdead0000) = 0");
    // i386's fstat fills its own struct stat (tracer/StructLayouts32.h): st_mode is a u16 at 8,
    // st_size a u32 at 20; the x86_64 bytes read that way are not a regular file of 1221 bytes.
    DecodeOptions i386;
    i386.arch = Arch::I386;
    CHECK(line("fstat", {3, buf}, 0, mem, i386) != line("fstat", {3, buf}, 0, mem));
    unsigned char old[64] = {};
    const uint16_t mode = S_IFREG | 0644;
    const uint32_t size = 1221;
    std::memcpy(old + 8, &mode, sizeof mode);
    std::memcpy(old + 20, &size, sizeof size);
    mem.object(0x3000, old);
    CHECK(line("fstat", {3, 0x3000}, 0, mem, i386) ==
          "fstat(3</>, {st_mode=S_IFREG|0644, st_size=1221, ...}) = 0");
}

TEST_CASE("struct statx as strace abbreviates it", "[decoder][structs]") {
    FakeMemory mem;
    const uint64_t path = mem.put(0x1000, std::string("/etc") + '\0');
    struct statx sx {};
    sx.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
    sx.stx_mode = S_IFDIR | 0755;
    sx.stx_size = 4096;
    const uint64_t buf = mem.object(0x2000, sx);
    CHECK(
        line("statx", {kAtFdcwd, path, 0, STATX_BASIC_STATS, buf}, 0, mem) ==
        R"(statx(AT_FDCWD</tmp>, "/etc", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}) = 0)");
}

TEST_CASE("timespec, rlimit and utsname", "[decoder][structs]") {
    FakeMemory mem;
    const timespec ts{0, 1000};
    const uint64_t t = mem.object(0x1000, ts);
    CHECK(line("clock_nanosleep", {CLOCK_REALTIME, 0, t, 0}, 0, mem) ==
          "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000}, NULL) = 0");
    CHECK(line("nanosleep", {t, 0}, 0, mem) == "nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0");
    const timespec now{1, 5};
    const uint64_t out = mem.object(0x1800, now);
    CHECK(line("clock_gettime", {CLOCK_MONOTONIC, out}, 0, mem) ==
          "clock_gettime(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=5}) = 0");

    const rlimit stack{8192 * 1024, RLIM_INFINITY};
    const uint64_t r = mem.object(0x2000, stack);
    CHECK(line("prlimit64", {0, RLIMIT_STACK, 0, r}, 0, mem) ==
          "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0");
    CHECK(line("prlimit64", {0, RLIMIT_STACK, r, 0}, 0, mem) ==
          "prlimit64(0, RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}, NULL) = 0");
    const rlimit files{20000, 1024};
    mem.object(0x2000, files);
    CHECK(line("getrlimit", {RLIMIT_NOFILE, r}, 0, mem) ==
          "getrlimit(RLIMIT_NOFILE, {rlim_cur=20000, rlim_max=1024}) = 0");
    CHECK(line("getrlimit", {RLIMIT_NOFILE, r}, -14, mem) ==
          "getrlimit(RLIMIT_NOFILE, 0x2000) = -1 EFAULT (Bad address)");

    utsname u{};
    std::strcpy(u.sysname, "Linux");
    std::strcpy(u.nodename, "vm");
    const uint64_t un = mem.object(0x3000, u);
    CHECK(line("uname", {un}, 0, mem) == R"(uname({sysname="Linux", nodename="vm", ...}) = 0)");
}

TEST_CASE("getdents64 counts the entries the kernel wrote", "[decoder][structs]") {
    FakeMemory mem;
    std::string bytes;
    for (const char* name : {".", "..", "etc"}) {
        std::string rec(24, '\0');  // d_ino, d_off, d_reclen, d_type, a short name
        const uint16_t reclen = 24;
        std::memcpy(rec.data() + 16, &reclen, sizeof reclen);
        std::memcpy(rec.data() + 19, name, std::strlen(name));
        bytes += rec;
    }
    const uint64_t buf = mem.put(0x4000, bytes + std::string(64, '\0'));
    CHECK(line("getdents64", {3, buf, 32768}, 72, mem) ==
          "getdents64(3</>, 0x4000 /* 3 entries */, 32768) = 72");
    CHECK(line("getdents64", {3, buf, 32768}, 0, mem) ==
          "getdents64(3</>, 0x4000 /* 0 entries */, 32768) = 0");
}

TEST_CASE("rt_sigaction in and out", "[decoder][structs]") {
    FakeMemory mem;
    const uint64_t act[4] = {0x525892, 0x04000000, 0x416390, ~((1ULL << 31) | (1ULL << 32))};
    const uint64_t in = mem.object(0x1000, act);
    const uint64_t old[4] = {0, 0, 0, 0};
    const uint64_t out = mem.object(0x2000, old);
    CHECK(line("rt_sigaction", {SIGCHLD, in, 0, 8}, 0, mem) ==
          "rt_sigaction(SIGCHLD, {sa_handler=0x525892, sa_mask=~[RTMIN RT_1], "
          "sa_flags=SA_RESTORER, sa_restorer=0x416390}, NULL, 8) = 0");
    CHECK(line("rt_sigaction", {SIGINT, 0, out, 8}, 0, mem) ==
          "rt_sigaction(SIGINT, NULL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0");
    const uint64_t ign[4] = {1, 0x14000000, 0x7f6ea6b41050, 1ULL << (SIGCHLD - 1)};
    mem.object(0x1000, ign);
    CHECK(line("rt_sigaction", {SIGQUIT, in, out, 8}, 0, mem) ==
          "rt_sigaction(SIGQUIT, {sa_handler=SIG_IGN, sa_mask=[CHLD], "
          "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f6ea6b41050}, "
          "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0");
}
