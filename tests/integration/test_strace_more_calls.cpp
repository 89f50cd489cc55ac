// Integration (ptrace, no root switch): the remaining common calls of issue 21 (waitid,
// rt_sigtimedwait, queued signals, the utime family, futex timeouts, inotify and fanotify, xattrs,
// preadv2/pwritev2, sendfile, splice, tee, copy_file_range, sched_*, getcpu, message queues),
// line for line against strace 6.1 on the same program (tests/progs/more_calls.c). Normalised as
// test_strace_structs.cpp does (support/StraceRun.h), plus what differs between any two runs
// here: pids, the child's rusage, the CPU getcpu ran on.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "support/Harness.h"
#include "support/StraceRun.h"

namespace {

using namespace scratch::testing;

/// The calls the program makes whose decoding is compared.
const std::set<std::string> kCompared = {
    "waitid",
    "rt_sigtimedwait",
    "rt_sigqueueinfo",
    "rt_tgsigqueueinfo",
    "utimensat",
    "futimesat",
    "utimes",
    "utime",
    "futex",
    "futex_waitv",
    "inotify_add_watch",
    "fanotify_init",
    "fanotify_mark",
    "setxattr",
    "lsetxattr",
    "fsetxattr",
    "getxattr",
    "lgetxattr",
    "fgetxattr",
    "listxattr",
    "llistxattr",
    "flistxattr",
    "removexattr",
    "pwritev2",
    "preadv2",
    "sendfile",
    "splice",
    "tee",
    "copy_file_range",
    "vmsplice",
    "sched_setparam",
    "sched_getparam",
    "sched_setscheduler",
    "sched_getscheduler",
    "sched_get_priority_max",
    "sched_get_priority_min",
    "sched_rr_get_interval",
    "getcpu",
    "mq_open",
    "mq_getsetattr",
    "mq_timedsend",
    "mq_timedreceive",
    "mq_notify",
};

std::string normalise(const std::string& raw) {
    std::string out = normalisedFrame(raw);
    // The children's and the program's own pids, and the child's CPU time.
    static const std::regex pid(
        R"((si_pid=|P_PID, |^rt_sigqueueinfo\(|^rt_tgsigqueueinfo\()[0-9]+)");
    static const std::regex tgid(R"(^(rt_tgsigqueueinfo\(PID, )[0-9]+)");
    static const std::regex usec(R"(tv_usec=[0-9]+)");
    out = std::regex_replace(out, pid, "$1PID");
    out = std::regex_replace(out, tgid, "$1PID");
    if (callName(out) == "waitid") out = std::regex_replace(out, usec, "tv_usec=N");
    // Where the call ran, and the round-robin interval of the policy, depend on the machine.
    return numbersHiddenIn(out, {"getcpu", "sched_rr_get_interval"});
}

/// The compared lines of the program, in order, from its first waitid on (to the log's end).
std::vector<std::string> programLines(const std::string& path) {
    return comparedLines(path, {normalise, "waitid(", kCompared, /*joinResumed=*/true,
                                /*stopAtExit=*/false});
}

}  // namespace

TEST_CASE("the remaining common calls read as strace's", "[integration][strace-lines]") {
    requireRoot();
    TempDir dir;
    const std::string prog = progPath("more_calls");
    const auto theirs = programLines(straceLogIn(dir, prog));
    RunResult run;
    const auto ours = programLines(scratchLogIn(dir, prog, &run));
    // futimens (utimensat with a NULL path) is no memory the tracer failed to read.
    CHECK(run.err.find("blind-spot") == std::string::npos);
    checkSameLines(theirs, ours, 70);
}
