// Integration (ptrace, no root switch): the structs of i386 calls made with int $0x80 from a
// 64-bit process (tests/progs/i386_structs.c) line for line against strace 6.1 on the same
// program, which shows them in the i386 layout (personality 1): stat64 and stat, statfs64 with
// its size, 32-bit timespec/timeval/rlimit/rusage/sysinfo/tms, the *_time64 calls' and
// prlimit64's 64-bit ones, rt_sigaction, iovecs, pollfds, sockaddrs, msghdr, the old select's
// struct, 16-bit ids and gid arrays, socket options, arrays cut at -s. Then the same with
// -x and -xx, which show the buffers (and -y's paths) in hex. Normalised as in
// test_strace_structs.cpp, plus every number of the calls that report times or the machine.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <set>

#include "support/Harness.h"
#include "support/StraceRun.h"

namespace {

using namespace scratch::testing;

/// The calls the program makes with int $0x80 (and no 64-bit call of the same name after its
/// first line).
const std::set<std::string> kCompared = {
    "access",
    "open",
    "writev",
    "pwritev",
    "lseek",
    "readv",
    "preadv",
    "stat64",
    "lstat64",
    "fstat64",
    "fstatat64",
    "stat",
    "lstat",
    "fstat",
    "statfs",
    "fstatfs",
    "statfs64",
    "fstatfs64",
    "close",
    "unlink",
    "nanosleep",
    "clock_nanosleep",
    "clock_nanosleep_time64",
    "clock_getres",
    "clock_getres_time64",
    "clock_gettime",
    "clock_gettime64",
    "gettimeofday",
    "setitimer",
    "getitimer",
    "times",
    "getrlimit",
    "setrlimit",
    "ugetrlimit",
    "prlimit64",
    "uname",
    "sysinfo",
    "getrusage",
    "wait4",
    "rt_sigaction",
    "sigaction",
    "sigaltstack",
    "pipe",
    "poll",
    "_newselect",
    "socket",
    "bind",
    "getsockname",
    "socketpair",
    "sendmsg",
    "pselect6",
    "pselect6_time64",
    "timer_create",
    "timer_delete",
    "select",
    "getgroups",
    "setgroups",
    "getgroups32",
    "setgroups32",
    "getresuid",
    "getresgid",
    "getresuid32",
    "getresgid32",
    "setsockopt",
    "getsockopt",
    "epoll_wait",
};

/// Calls whose numbers are times, pids or the machine's state: only their shape is compared.
const std::set<std::string> kVolatile = {
    "clock_gettime", "clock_gettime64", "gettimeofday", "setitimer",
    "times",         "sysinfo",         "getrusage",    "wait4"};

std::string normalise(const std::string& line) {
    return numbersHiddenIn(normalisedFrame(line, /*hexInodes=*/true), kVolatile);
}

/// The compared lines of the program, in order: from its first i386 call to its exit.
std::vector<std::string> programLines(const std::string& path) {
    return comparedLines(path, {normalise, "access(", kCompared});
}

/// Our lines and strace's for one set of flags, compared one by one.
void compareWithStrace(const std::string& flags) {
    TempDir dir;
    const std::string prog = progPath("i386_structs");
    // Without IA32 emulation the program says SKIP (and makes none of the calls).
    const std::string probe = (dir.path() / "probe.out").string();
    (void)std::system(("cd \"" + dir.path().string() + "\" && " + prog + " >" + probe).c_str());
    if (has(slurp(probe), "SKIP")) skipTest(slurp(probe));
    const auto theirs = programLines(straceLogIn(dir, prog, flags));
    const auto ours = programLines(scratchLogIn(dir, prog, nullptr, flags));
    INFO("flags: " << flags);
    checkSameLines(theirs, ours, 60);
}

}  // namespace

TEST_CASE("i386 calls' structs read as strace's", "[integration][strace-lines][i386]") {
    requireRoot();
    compareWithStrace("");
}

TEST_CASE("-x and -xx on i386 calls' buffers read as strace's",
          "[integration][strace-lines][i386]") {
    requireRoot();
    compareWithStrace("-x");
    compareWithStrace("-xx");
}
