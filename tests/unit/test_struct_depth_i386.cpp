// The structs of i386 calls (int $0x80 from a 64-bit process, or a 32-bit program) in the i386
// layout (tracer/StructLayouts32.h) through the whole decoder and a fake tracee, against lines
// strace 6.1 printed on this machine for the same calls (`strace -f -y -s 32` of
// tests/progs/i386_structs.c, personality 1). Each line is also decoded the deferred way
// (capture at the stops, render later) and must come out the same. And -x / -xx on the buffers
// of iovecs, sockaddrs and utsname, against `strace -x` / `strace -xx`.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "support/DecodedLine.h"
#include "support/FakeMemory.h"
#include "tracer/ArgDecoder.h"
#include "tracer/DecodeCapture.h"
#include "tracer/Events.h"
#include "tracer/IovecDecoder.h"
#include "tracer/StructLayouts32.h"
#include "tracer/StructRoleDispatch.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

using scratch::testing::FakeMemory;

const FdNamer kNames = [](int fd) -> const std::string* {
    static const std::string tmp = "/tmp/i386x/i386_structs.tmp";
    static const std::string pipe = "pipe:[3683896]";
    static const std::string cwd = "/tmp/i386x";
    switch (fd) {
        case -100:
            return &cwd;
        case 3:
            return &tmp;
        case 4:
            return &pipe;
        default:
            return nullptr;
    }
};

/// The line of the i386 call `name` as the live decoder makes it (on `arch`, with the row a
/// stop of that arch gets); the deferred decoding must make the same one.
std::string line(std::string_view name, std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem,
                 FakeMemory* atExit = nullptr, Arch arch = Arch::I386, size_t maxString = 32) {
    // libseccomp has no i386 number for the direct socket calls (365 and 366 on the table).
    const bool sockopt = arch == Arch::I386 && (name == "getsockopt" || name == "setsockopt");
    const auto number =
        sockopt ? std::optional<int>(name == "getsockopt" ? 365 : 366) : syscallNumber(arch, name);
    REQUIRE(number.has_value());
    const SyscallInfo* info = &lookupSyscall(arch, *number);
    REQUIRE(info->name == name);
    const scratch::testing::CallAbi abi{arch, *number, maxString};
    return scratch::testing::decodedLineOf(*info, name, raw, ret, mem, kNames, atExit, &abi);
}

/// Little-endian bytes of a struct built field by field, as an i386 program lays it out.
class Bytes {
  public:
    explicit Bytes(size_t size) : bytes_(size, '\0') {}
    template <typename T>
    Bytes& at(size_t offset, T value) {
        std::memcpy(bytes_.data() + offset, &value, sizeof value);
        return *this;
    }
    const std::string& str() const { return bytes_; }

  private:
    std::string bytes_;
};

/// Restores -x to off when a test that set it ends.
struct HexStringsOff {
    ~HexStringsOff() { setHexStrings(HexStrings::Never); }
};

}  // namespace

TEST_CASE("i386 stat64, stat and fstatat64 in their own layouts", "[decoder][depth][i386]") {
    FakeMemory mem;
    const uint64_t path = mem.put(0x1000, std::string("i386_structs.tmp") + '\0');
    // struct stat64 (packed, 96 bytes): st_mode at 16, st_rdev at 32, st_size at 44.
    const uint64_t st =
        mem.put(0x2000, Bytes(96).at<uint32_t>(16, 0100600).at<int64_t>(44, 105).str());
    CHECK(line("stat64", {path, st}, 0, mem) ==
          R"(stat64("i386_structs.tmp", {st_mode=S_IFREG|0600, st_size=105, ...}) = 0)");
    CHECK(line("fstat64", {3, st}, 0, mem) ==
          "fstat64(3</tmp/i386x/i386_structs.tmp>, {st_mode=S_IFREG|0600, st_size=105, ...}) = 0");
    CHECK(
        line("fstatat64", {0xffffff9c, path, st, 0}, 0, mem) ==
        R"(fstatat64(AT_FDCWD</tmp/i386x>, "i386_structs.tmp", {st_mode=S_IFREG|0600, st_size=105, ...}, 0) = 0)");
    CHECK(line("stat64", {path, st}, -2, mem) ==
          R"(stat64("i386_structs.tmp", 0x2000) = -1 ENOENT (No such file or directory))");
    const uint64_t devNull = mem.put(0x1100, std::string("/dev/null") + '\0');
    const uint64_t dev =
        mem.put(0x3000, Bytes(96).at<uint32_t>(16, 020666).at<uint64_t>(32, 0x103).str());
    CHECK(line("stat64", {devNull, dev}, 0, mem) ==
          R"(stat64("/dev/null", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0)");
    // struct stat (the i386 one, 64 bytes): st_mode (u16) at 8, st_rdev at 16, st_size at 20.
    const uint64_t old =
        mem.put(0x4000, Bytes(64).at<uint16_t>(8, 0100600).at<uint32_t>(20, 105).str());
    CHECK(line("stat", {path, old}, 0, mem) ==
          R"(stat("i386_structs.tmp", {st_mode=S_IFREG|0600, st_size=105, ...}) = 0)");
    mem.put(0x4000, Bytes(64).at<uint16_t>(8, 020666).at<uint32_t>(16, 0x103).str());
    CHECK(line("lstat", {devNull, old}, 0, mem) ==
          R"(lstat("/dev/null", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0)");
}

TEST_CASE("i386 statfs and statfs64 with its size", "[decoder][depth][i386]") {
    FakeMemory mem;
    const uint64_t proc = mem.put(0x1000, std::string("/proc") + '\0');
    // compat_statfs: 32-bit fields; f_fsid at 28, f_namelen 36, f_frsize 40, f_flags 44.
    const uint64_t sfs = mem.put(0x2000, Bytes(64)
                                             .at<uint32_t>(0, 0x9fa0)
                                             .at<uint32_t>(4, 4096)
                                             .at<uint32_t>(28, 0x15)
                                             .at<uint32_t>(36, 255)
                                             .at<uint32_t>(40, 4096)
                                             .at<uint32_t>(44, 0x1020)
                                             .str());
    CHECK(
        line("statfs", {proc, sfs}, 0, mem) ==
        R"(statfs("/proc", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0x15, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0)");
    // compat_statfs64 (84 bytes): 64-bit counts from 8, f_fsid at 48, f_namelen 56.
    const uint64_t sfs64 = mem.put(0x3000, Bytes(84)
                                               .at<uint32_t>(0, 0xef53)
                                               .at<uint32_t>(4, 4096)
                                               .at<uint64_t>(8, 66053021)
                                               .at<uint64_t>(16, 56707667)
                                               .at<uint64_t>(24, 15738943)
                                               .at<uint64_t>(32, 16777216)
                                               .at<uint64_t>(40, 16310268)
                                               .at<uint32_t>(48, 0xa843de2)
                                               .at<uint32_t>(52, 0x4bd6a31a)
                                               .at<uint32_t>(56, 255)
                                               .at<uint32_t>(60, 4096)
                                               .at<uint32_t>(64, 0x1020)
                                               .str());
    CHECK(
        line("fstatfs64", {3, 84, sfs64}, 0, mem) ==
        R"(fstatfs64(3</tmp/i386x/i386_structs.tmp>, 84, {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, f_bfree=56707667, f_bavail=15738943, f_files=16777216, f_ffree=16310268, f_fsid={val=[0xa843de2, 0x4bd6a31a]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0)");
}

TEST_CASE("i386 timespec, timeval and itimerval are 32-bit; the *_time64 calls' are not",
          "[decoder][depth][i386]") {
    FakeMemory mem;
    const uint64_t req = mem.put(0x1000, Bytes(8).at<int32_t>(4, 1000).str());
    CHECK(line("nanosleep", {req, 0x40212220}, 0, mem) ==
          "nanosleep({tv_sec=0, tv_nsec=1000}, 0x40212220) = 0");
    CHECK(line("clock_nanosleep", {1, 0, req, 0x40212220}, 0, mem) ==
          "clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, 0x40212220) = 0");
    const uint64_t req64 = mem.put(0x2000, Bytes(16).at<int64_t>(8, 2000).str());
    CHECK(line("clock_nanosleep_time64", {1, 0, req64, 0x40212240}, 0, mem) ==
          "clock_nanosleep_time64(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=2000}, 0x40212240) = 0");
    const uint64_t res = mem.put(0x3000, Bytes(8).at<int32_t>(4, 1).str());
    CHECK(line("clock_getres", {1, res}, 0, mem) ==
          "clock_getres(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1}) = 0");
    const uint64_t res64 = mem.put(0x4000, Bytes(16).at<int64_t>(0, 22849).at<int64_t>(8, 5).str());
    CHECK(line("clock_gettime64", {1, res64}, 0, mem) ==
          "clock_gettime64(CLOCK_MONOTONIC, {tv_sec=22849, tv_nsec=5}) = 0");
    const uint64_t tv =
        mem.put(0x5000, Bytes(8).at<int32_t>(0, 1796680646).at<int32_t>(4, 683663).str());
    CHECK(line("gettimeofday", {tv, 0}, 0, mem) ==
          "gettimeofday({tv_sec=1796680646, tv_usec=683663}, NULL) = 0");
    const uint64_t itv = mem.put(0x6000, Bytes(16).at<int32_t>(8, 100).str());
    const uint64_t old =
        mem.put(0x7000, Bytes(16).at<int32_t>(8, 99).at<int32_t>(12, 999972).str());
    CHECK(line("setitimer", {0, itv, old}, 0, mem) ==
          "setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=100, "
          "tv_usec=0}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=99, tv_usec=999972}}) "
          "= 0");
    const uint64_t tms = mem.put(0x8000, Bytes(16).at<int32_t>(0, 3).at<int32_t>(12, 7).str());
    CHECK(line("times", {tms}, 42, mem) ==
          "times({tms_utime=3, tms_stime=0, tms_cutime=0, tms_cstime=7}) = 42");
}

TEST_CASE("i386 rlimits are 32-bit; prlimit64's is not", "[decoder][depth][i386]") {
    FakeMemory mem;
    const uint64_t rl =
        mem.put(0x1000, Bytes(8).at<uint32_t>(0, 8192 * 1024).at<uint32_t>(4, ~0U).str());
    CHECK(line("ugetrlimit", {3, rl}, 0, mem) ==
          "ugetrlimit(RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM_INFINITY}) = 0");
    CHECK(line("getrlimit", {3, rl}, 0, mem) ==
          "getrlimit(RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM_INFINITY}) = 0");
    const uint64_t inf = mem.put(0x2000, Bytes(8).at<uint32_t>(0, ~0U).at<uint32_t>(4, ~0U).str());
    CHECK(line("setrlimit", {1, inf}, 0, mem) ==
          "setrlimit(RLIMIT_FSIZE, {rlim_cur=RLIM_INFINITY, rlim_max=RLIM_INFINITY}) = 0");
    const uint64_t rl64 =
        mem.put(0x3000, Bytes(16).at<uint64_t>(0, 8192 * 1024).at<uint64_t>(8, ~0ULL).str());
    CHECK(line("prlimit64", {0, 3, 0, rl64}, 0, mem) ==
          "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0");
}

TEST_CASE("i386 rt_sigaction and sigaltstack", "[decoder][depth][i386]") {
    FakeMemory mem;
    // handler, flags, restorer (u32 each), then the 64-bit mask at 12.
    const uint64_t act = mem.put(0x1000, Bytes(20)
                                             .at<uint32_t>(0, 0x12345678)
                                             .at<uint32_t>(4, 0x14000000)
                                             .at<uint32_t>(8, 0x12345600)
                                             .at<uint64_t>(12, 1U << 11)
                                             .str());
    const uint64_t old = mem.put(0x2000, Bytes(20).str());
    CHECK(line("rt_sigaction", {10, act, old, 8}, 0, mem) ==
          "rt_sigaction(SIGUSR1, {sa_handler=0x12345678, sa_mask=[USR2], "
          "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x12345600}, {sa_handler=SIG_DFL, "
          "sa_mask=[], sa_flags=0}, 8) = 0");
    const uint64_t ss = mem.put(
        0x3000,
        Bytes(12).at<uint32_t>(0, 0x402125a0).at<int32_t>(4, 2).at<uint32_t>(8, 16384).str());
    CHECK(line("sigaltstack", {ss, 0}, 0, mem) ==
          "sigaltstack({ss_sp=0x402125a0, ss_flags=SS_DISABLE, ss_size=16384}, NULL) = 0");
}

TEST_CASE("i386 sysinfo, rusage, poll and _newselect", "[decoder][depth][i386]") {
    FakeMemory mem;
    const uint64_t si = mem.put(0x1000, Bytes(64)
                                            .at<int32_t>(0, 22850)
                                            .at<uint32_t>(4, 660608)
                                            .at<uint32_t>(8, 287424)
                                            .at<uint32_t>(12, 168032)
                                            .at<uint32_t>(16, 6170943)
                                            .at<uint32_t>(20, 4311612)
                                            .at<uint32_t>(24, 2576)
                                            .at<uint32_t>(28, 9360)
                                            .at<uint16_t>(40, 209)
                                            .at<uint32_t>(52, 4096)
                                            .str());
    CHECK(
        line("sysinfo", {si}, 0, mem) ==
        "sysinfo({uptime=22850, loads=[660608, 287424, 168032], totalram=6170943, freeram=4311612, "
        "sharedram=2576, bufferram=9360, totalswap=0, freeswap=0, procs=209, totalhigh=0, "
        "freehigh=0, mem_unit=4096}) = 0");
    const uint64_t ru = mem.put(0x2000, Bytes(72).at<int32_t>(4, 1621).at<int32_t>(16, 99).str());
    CHECK(line("getrusage", {0, ru}, 0, mem) ==
          "getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=1621}, ru_stime={tv_sec=0, "
          "tv_usec=0}, ...}) = 0");
    const uint64_t pfd = mem.put(
        0x3000,
        Bytes(16).at<int32_t>(0, 4).at<int16_t>(4, 1).at<int32_t>(8, 4).at<int16_t>(12, 4).str());
    FakeMemory after;
    after.put(0x3000, Bytes(16)
                          .at<int32_t>(0, 4)
                          .at<int16_t>(4, 1)
                          .at<int32_t>(8, 4)
                          .at<int16_t>(12, 4)
                          .at<int16_t>(14, 4)
                          .str());
    CHECK(line("poll", {pfd, 2, 0}, 1, mem, &after) ==
          "poll([{fd=4<pipe:[3683896]>, events=POLLIN}, {fd=4<pipe:[3683896]>, events=POLLOUT}], "
          "2, 0) = 1 ([{fd=4, revents=POLLOUT}])");
    // fd_sets are arrays of longs: the same bits on i386 (the decoder reads 64 at a time).
    const uint64_t rd = mem.put(0x4000, Bytes(8).at<uint32_t>(0, 1U << 3).str());
    const uint64_t wr = mem.put(0x5000, Bytes(8).at<uint32_t>(0, 1U << 4).str());
    const uint64_t tv = mem.put(0x6000, Bytes(8).str());
    FakeMemory selected;
    selected.put(0x4000, Bytes(8).str());
    selected.put(0x5000, Bytes(8).at<uint32_t>(0, 1U << 4).str());
    selected.put(0x6000, Bytes(8).str());
    CHECK(line("_newselect", {5, rd, wr, 0, tv}, 1, mem, &selected) ==
          "_newselect(5, [3</tmp/i386x/i386_structs.tmp>], [4<pipe:[3683896]>], NULL, "
          "{tv_sec=0, tv_usec=0}) = 1 (out [4], left {tv_sec=0, tv_usec=0})");
}

TEST_CASE("i386 sigevent and pselect6's mask pair", "[decoder][depth][i386]") {
    FakeMemory mem;
    // compat_sigevent: sigev_value, signo, notify, then the union.
    const uint64_t sev = mem.put(0x1000, Bytes(64).at<int32_t>(4, 12).str());
    const uint64_t id = mem.put(0x2000, Bytes(4).str());
    CHECK(
        line("timer_create", {1, sev, id}, 0, mem) ==
        "timer_create(CLOCK_MONOTONIC, {sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL}, [0]) = 0");
    const uint64_t rd = mem.put(0x3000, Bytes(8).at<uint32_t>(0, 1U << 3).str());
    const uint64_t wr = mem.put(0x4000, Bytes(8).at<uint32_t>(0, 1U << 4).str());
    const uint64_t ts = mem.put(0x5000, Bytes(8).str());
    const uint64_t ts64 = mem.put(0x5100, Bytes(16).str());
    const uint64_t mask = mem.put(0x6000, Bytes(8).at<uint32_t>(0, 1U << 9).str());
    const uint64_t pair = mem.put(0x7000, Bytes(8).at<uint32_t>(0, mask).at<uint32_t>(4, 8).str());
    FakeMemory after;
    after.put(0x3000, Bytes(8).str());
    after.put(0x4000, Bytes(8).at<uint32_t>(0, 1U << 4).str());
    after.put(0x5000, Bytes(8).str());
    after.put(0x5100, Bytes(16).str());
    CHECK(line("pselect6", {5, rd, wr, 0, ts, pair}, 1, mem, &after) ==
          "pselect6(5, [3</tmp/i386x/i386_structs.tmp>], [4<pipe:[3683896]>], NULL, {tv_sec=0, "
          "tv_nsec=0}, {sigmask=[USR1], sigsetsize=8}) = 1 (out [4], left {tv_sec=0, tv_nsec=0})");
    CHECK(line("pselect6_time64", {5, rd, wr, 0, ts64, pair}, 1, mem, &after) ==
          "pselect6_time64(5, [3</tmp/i386x/i386_structs.tmp>], [4<pipe:[3683896]>], NULL, "
          "{tv_sec=0, tv_nsec=0}, {sigmask=[USR1], sigsetsize=8}) = 1 (out [4], left {tv_sec=0, "
          "tv_nsec=0})");
}

TEST_CASE("i386 iovecs, and -x / -xx on the buffers", "[decoder][depth][i386]") {
    HexStringsOff restore;
    FakeMemory mem;
    mem.put(0x100, "hello");
    mem.put(0x200, " world\n");
    const uint64_t iov = mem.put(0x1000, Bytes(16)
                                             .at<uint32_t>(0, 0x100)
                                             .at<uint32_t>(4, 5)
                                             .at<uint32_t>(8, 0x200)
                                             .at<uint32_t>(12, 7)
                                             .str());
    CHECK(
        line("writev", {3, iov, 2}, 12, mem) ==
        R"(writev(3</tmp/i386x/i386_structs.tmp>, [{iov_base="hello", iov_len=5}, {iov_base=" world\n", iov_len=7}], 2) = 12)");
    mem.put(0x300, "\x01\x02hi\xff");
    const uint64_t bin = mem.put(0x2000, Bytes(8).at<uint32_t>(0, 0x300).at<uint32_t>(4, 5).str());
    CHECK(
        line("pwritev", {3, bin, 1, 100}, 5, mem) ==
        R"(pwritev(3</tmp/i386x/i386_structs.tmp>, [{iov_base="\1\2hi\377", iov_len=5}], 1, 100) = 5)");
    setHexStrings(HexStrings::NonAscii);
    CHECK(
        line("pwritev", {3, bin, 1, 100}, 5, mem) ==
        R"(pwritev(3</tmp/i386x/i386_structs.tmp>, [{iov_base="\x01\x02\x68\x69\xff", iov_len=5}], 1, 100) = 5)");
    CHECK(
        line("writev", {3, iov, 2}, 12, mem) ==
        R"(writev(3</tmp/i386x/i386_structs.tmp>, [{iov_base="hello", iov_len=5}, {iov_base=" world\n", iov_len=7}], 2) = 12)");
    // The same on x86_64's layout.
    const uint64_t iov64 =
        mem.put(0x3000, Bytes(16).at<uint64_t>(0, 0x300).at<uint64_t>(8, 5).str());
    CHECK(
        line("preadv", {3, iov64, 1, 100}, 5, mem, nullptr, Arch::X86_64) ==
        R"(preadv(3</tmp/i386x/i386_structs.tmp>, [{iov_base="\x01\x02\x68\x69\xff", iov_len=5}], 1, 100) = 5)");
    setHexStrings(HexStrings::All);
    CHECK(
        line("writev", {3, iov, 2}, 12, mem, nullptr) ==
        R"(writev(3<\x2f\x74\x6d\x70\x2f\x69\x33\x38\x36\x78\x2f\x69\x33\x38\x36\x5f\x73\x74\x72\x75\x63\x74\x73\x2e\x74\x6d\x70>, [{iov_base="\x68\x65\x6c\x6c\x6f", iov_len=5}, {iov_base="\x20\x77\x6f\x72\x6c\x64\x0a", iov_len=7}], 2) = 12)");
    const uint64_t uts = mem.put(0x4000, Bytes(65 * 6)
                                             .at(0, 'L')
                                             .at(1, 'i')
                                             .at(2, 'n')
                                             .at(3, 'u')
                                             .at(4, 'x')
                                             .at(65, 'v')
                                             .at(66, 'm')
                                             .str());
    CHECK(line("uname", {uts}, 0, mem) ==
          R"(uname({sysname="\x4c\x69\x6e\x75\x78", nodename="\x76\x6d", ...}) = 0)");
    setHexStrings(HexStrings::Never);
    // -s bounds the iovecs shown as it bounds strings (strace -s 1).
    DecodeOptions s1;
    s1.arch = Arch::I386;
    s1.maxString = 1;
    CHECK(iovecText(mem, iov, 2, ~0ULL, s1) == R"([{iov_base="h"..., iov_len=5}, ...])");
}

TEST_CASE("i386 layouts: every struct widens to the x86_64 one", "[decoder][depth][i386]") {
    // A layout whose fields fall outside either struct would read or write past it.
    for (const SyscallInfo& row : allSyscalls()) {
        for (size_t i = 0; i < row.nargs; ++i) {
            const Layout32* layout = layoutFor(row.args[i], Arch::I386);
            if (layout == nullptr) continue;
            INFO(row.name << " argument " << i);
            CHECK(layout->size <= layout->nativeSize);
            for (const FieldMove& f : layout->fields) {
                CHECK(f.from + f.fromSize <= layout->size);
                CHECK(f.to + f.toSize <= layout->nativeSize);
                CHECK(f.fromSize <= f.toSize);
            }
        }
    }
    // Only i386 has its own layouts.
    CHECK(layoutFor(ArgRole::StatOut, Arch::X86_64) == nullptr);
    CHECK(layoutFor(ArgRole::Timespec64In, Arch::I386) == nullptr);
}

TEST_CASE("i386's old select reads its five arguments from one struct", "[decoder][depth][i386]") {
    FakeMemory mem;
    const uint64_t rd = mem.put(0x3000, Bytes(4).at<uint32_t>(0, 1U << 3).str());
    const uint64_t wr = mem.put(0x4000, Bytes(4).at<uint32_t>(0, 1U << 4).str());
    const uint64_t tv = mem.put(0x5000, Bytes(8).str());
    // struct sel_arg_struct {n, inp, outp, exp, tvp}: five 32-bit words.
    const auto selArgs = [&](uint32_t timeout) {
        return Bytes(20)
            .at<uint32_t>(0, 5)
            .at<uint32_t>(4, static_cast<uint32_t>(rd))
            .at<uint32_t>(8, static_cast<uint32_t>(wr))
            .at<uint32_t>(16, timeout)
            .str();
    };
    const uint64_t sel = mem.put(0x6000, selArgs(static_cast<uint32_t>(tv)));
    FakeMemory after;
    after.put(0x3000, Bytes(4).str());
    after.put(0x4000, Bytes(4).at<uint32_t>(0, 1U << 4).str());
    after.put(0x5000, Bytes(8).str());
    after.put(0x6000, selArgs(static_cast<uint32_t>(tv)));
    // The other registers hold junk (here the struct's own address in the fifth): no argument.
    CHECK(line("select", {sel, 0x11111111, 0x2222, 0x3333, sel}, 1, mem, &after) ==
          "select(5, [3</tmp/i386x/i386_structs.tmp>], [4<pipe:[3683896]>], NULL, {tv_sec=0, "
          "tv_usec=0}) = 1 (out [4], left {tv_sec=0, tv_usec=0})");
    mem.put(0x6000, selArgs(0));
    after.put(0x6000, selArgs(0));
    CHECK(line("select", {sel}, 1, mem, &after) ==
          "select(5, [3</tmp/i386x/i386_structs.tmp>], [4<pipe:[3683896]>], NULL, NULL) = 1 "
          "(out [4])");
    CHECK(line("select", {0}, -14, mem) == "select(NULL) = -1 EFAULT (Bad address)");
    CHECK(line("select", {0x7000}, -14, mem) == "select(0x7000) = -1 EFAULT (Bad address)");
    // x86_64's select keeps its five registers.
    CHECK(findSyscall("select")->nargs == 5);
}

TEST_CASE("i386 fd_sets are read in 4-byte longs", "[decoder][depth][i386]") {
    // 20 fds: one 4-byte long, the last of its mapping; an 8-byte read would fail.
    FakeMemory mem;
    const uint64_t wr = mem.put(0x4000, Bytes(4).at<uint32_t>(0, 1U << 4).str());
    CHECK(line("_newselect", {20, 0, wr, 0, 0}, 1, mem) ==
          "_newselect(20, NULL, [4<pipe:[3683896]>], NULL, NULL) = 1 (out [4])");
    // 33 fds take two longs on i386.
    CHECK(line("_newselect", {33, 0, wr, 0, 0}, -14, mem) ==
          "_newselect(33, NULL, 0x4000, NULL, NULL) = -1 EFAULT (Bad address)");
    // x86_64's longs are 8 bytes.
    CHECK(line("select", {20, 0, wr, 0, 0}, -14, mem, nullptr, Arch::X86_64) ==
          "select(20, NULL, 0x4000, NULL, NULL) = -1 EFAULT (Bad address)");
}

TEST_CASE("i386 16-bit and 32-bit ids and gid arrays", "[decoder][depth][i386]") {
    FakeMemory mem;
    Bytes g16(80);
    Bytes g32(160);
    for (uint16_t i = 0; i < 40; ++i) {
        g16.at<uint16_t>(i * 2U, i);
        g32.at<uint32_t>(i * 4U, 100U + i);
    }
    const uint64_t p16 = mem.put(0x1000, g16.str());
    const uint64_t p32 = mem.put(0x2000, g32.str());
    const std::string first32 =
        "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, "
        "24, 25, 26, 27, 28, 29, 30, 31, ...";
    CHECK(line("setgroups", {40, p16}, 0, mem) == "setgroups(40, [" + first32 + "]) = 0");
    CHECK(line("getgroups", {40, p16}, 40, mem) == "getgroups(40, [" + first32 + "]) = 40");
    CHECK(line("getgroups", {0, 0}, 40, mem) == "getgroups(0, NULL) = 40");
    CHECK(line("getgroups", {40, p16}, 0, mem) == "getgroups(40, []) = 0");
    CHECK(line("setgroups32", {2, p32}, 0, mem) == "setgroups32(2, [100, 101]) = 0");
    CHECK(line("getgroups32", {40, p32}, 2, mem) == "getgroups32(40, [100, 101]) = 2");
    const uint64_t minus = mem.put(0x3000, Bytes(4).at<uint16_t>(0, 0xffff).str());
    CHECK(line("setgroups", {1, minus}, -22, mem) ==
          "setgroups(1, [-1]) = -1 EINVAL (Invalid argument)");
    // 16-bit ids, a word of junk after the last.
    const uint64_t ids = mem.put(0x4000, Bytes(8).at<uint16_t>(0, 7).at<uint16_t>(6, 0xabcd).str());
    CHECK(line("getresuid", {ids, ids + 2, ids + 4}, 0, mem) == "getresuid([7], [0], [0]) = 0");
    CHECK(line("getresgid", {ids, ids + 2, ids + 4}, 0, mem) == "getresgid([7], [0], [0]) = 0");
    const uint64_t ids32 = mem.put(0x5000, Bytes(12).at<uint32_t>(8, 0xffffffffU).str());
    CHECK(line("getresuid32", {ids32, ids32 + 4, ids32 + 8}, 0, mem) ==
          "getresuid32([0], [0], [-1]) = 0");
    CHECK(line("getresgid32", {ids32, ids32 + 4, ids32 + 8}, 0, mem) ==
          "getresgid32([0], [0], [-1]) = 0");
    // Ids are unsigned (strace's printuid): only the all-ones one is -1.
    const uint64_t high = mem.put(0x6000, Bytes(12).at<uint32_t>(0, 4000000000U).str());
    CHECK(line("getresuid32", {high, high + 4, high + 8}, 0, mem) ==
          "getresuid32([4000000000], [0], [0]) = 0");
    CHECK(line("getresuid", {high, high + 4, high + 8}, 0, mem, nullptr, Arch::X86_64) ==
          "getresuid([4000000000], [0], [0]) = 0");
    // x86_64's are 32-bit.
    CHECK(line("setgroups", {2, p32}, 0, mem, nullptr, Arch::X86_64) ==
          "setgroups(2, [100, 101]) = 0");
}

TEST_CASE("arrays are cut at -s elements, and only those are read", "[decoder][depth][i386]") {
    // 5000 pollfds of which only the first 32 are mapped: strace reads and shows 32.
    FakeMemory mem;
    Bytes pfds(32 * 8);
    for (size_t i = 0; i < 32; ++i) pfds.at<int32_t>(i * 8, 4).at<int16_t>(i * 8 + 4, 4);
    const uint64_t many = mem.put(0x10000, pfds.str());
    std::string entries;
    for (int i = 0; i < 32; ++i) entries += "{fd=4<pipe:[3683896]>, events=POLLOUT}, ";
    CHECK(line("poll", {many, 5000, 0}, -14, mem, nullptr, Arch::X86_64) ==
          "poll([" + entries + "...], 5000, 0) = -1 EFAULT (Bad address)");
    // 40 with revents: 32 shown in the arguments and in the return.
    Bytes forty(40 * 8);
    for (size_t i = 0; i < 40; ++i) {
        forty.at<int32_t>(i * 8, 4).at<int16_t>(i * 8 + 4, 4).at<int16_t>(i * 8 + 6, 4);
    }
    const uint64_t p40 = mem.put(0x20000, forty.str());
    std::string revents;
    for (int i = 0; i < 32; ++i) revents += "{fd=4, revents=POLLOUT}, ";
    for (const Arch arch : {Arch::I386, Arch::X86_64}) {
        CHECK(line("poll", {p40, 40, 0}, 40, mem, nullptr, arch) ==
              "poll([" + entries + "...], 40, 0) = 40 ([" + revents + "...])");
    }
    // -s 2: two of each.
    CHECK(line("poll", {p40, 40, 0}, 40, mem, nullptr, Arch::X86_64, 2) ==
          "poll([{fd=4<pipe:[3683896]>, events=POLLOUT}, {fd=4<pipe:[3683896]>, "
          "events=POLLOUT}, ...], 40, 0) = 40 ([{fd=4, revents=POLLOUT}, {fd=4, "
          "revents=POLLOUT}, ...])");
    // strace's 1 KiB buffer for the revents ends long entries early.
    Bytes wide(40 * 8);
    for (size_t i = 0; i < 40; ++i) {
        wide.at<int32_t>(i * 8, 1000).at<int16_t>(i * 8 + 6, 0x1 | 0x10 | 0x40);
    }
    const uint64_t pw = mem.put(0x30000, wide.str());
    std::string long21;  // strace -s 100 on 40 such pollfds shows 21
    for (int i = 0; i < 21; ++i) long21 += "{fd=1000, revents=POLLIN|POLLHUP|POLLRDNORM}, ";
    const std::string text = line("poll", {pw, 40, 0}, 40, mem, nullptr, Arch::X86_64, 100);
    CHECK(text.substr(text.find(" = 40")) == " = 40 ([" + long21 + "...])");
    // epoll events and gids (x86_64), as many as the return, 32 shown.
    Bytes events(40 * 12);
    std::string shown;
    for (uint32_t i = 0; i < 40; ++i) {
        events.at<uint32_t>(i * 12, 4).at<uint64_t>(i * 12 + 4, i);
        if (i < 32) shown += fmt::format("{{events=EPOLLOUT, data={{u32={}, u64={}}}}}, ", i, i);
    }
    const uint64_t ev = mem.put(0x40000, events.str());
    CHECK(line("epoll_wait", {5, ev, 64, 0}, 40, mem, nullptr, Arch::X86_64) ==
          "epoll_wait(5, [" + shown + "...], 64, 0) = 40");
    Bytes gids(40 * 4);
    for (uint32_t i = 0; i < 40; ++i) gids.at<uint32_t>(i * 4, i);
    const uint64_t g = mem.put(0x50000, gids.str());
    CHECK(line("getgroups", {64, g}, 40, mem, nullptr, Arch::X86_64, 3) ==
          "getgroups(64, [0, 1, 2, ...]) = 40");
    // A list of 5000 gids (only the shown ones mapped) is cut; one over NGROUPS_MAX is an
    // address (strace's print_groups).
    CHECK(line("setgroups", {5000, g}, -22, mem, nullptr, Arch::X86_64, 2) ==
          "setgroups(5000, [0, 1, ...]) = -1 EINVAL (Invalid argument)");
    CHECK(line("setgroups", {70000, g}, -22, mem, nullptr, Arch::X86_64) ==
          "setgroups(70000, 0x50000) = -1 EINVAL (Invalid argument)");
    CHECK(line("setgroups", {65536, g}, -22, mem, nullptr, Arch::I386, 1) ==
          "setgroups(65536, [0, ...]) = -1 EINVAL (Invalid argument)");
}

TEST_CASE("i386 socket options through setsockopt and getsockopt", "[decoder][depth][i386]") {
    FakeMemory mem;
    const uint64_t one = mem.put(0x1000, Bytes(4).at<int32_t>(0, 1).str());
    CHECK(line("setsockopt", {3, 1, 2, one, 4}, 0, mem) ==
          "setsockopt(3</tmp/i386x/i386_structs.tmp>, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
    const uint64_t value = mem.put(0x2000, Bytes(8).at<int32_t>(0, 16384).str());
    const uint64_t len = mem.put(0x3000, Bytes(4).at<uint32_t>(0, 8).str());
    FakeMemory after;
    after.put(0x2000, Bytes(8).at<int32_t>(0, 16384).str());
    after.put(0x3000, Bytes(4).at<uint32_t>(0, 4).str());
    CHECK(line("getsockopt", {3, 1, 7, value, len}, 0, mem, &after) ==
          "getsockopt(3</tmp/i386x/i386_structs.tmp>, SOL_SOCKET, SO_SNDBUF, [16384], [8 => 4]) "
          "= 0");
}
