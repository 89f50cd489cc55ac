// When scratch-trace writes its outputs on a second thread (docs/tracer.md, "The output
// thread"): with the log in a file and something written per event, and only then. Counted
// from the outside: the threads of the running scratch-trace process in /proc/PID/task.
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

int threadsOf(pid_t pid) {
    std::error_code ec;
    int count = 0;
    for (const auto& entry : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        (void)entry;
        ++count;
    }
    return count;
}

/// The most threads scratch-trace had while its container ran `sleep 1`.
int peakThreads(const std::vector<std::string>& options, const std::string& rootfs) {
    TempDir dir;
    std::vector<std::string> args = {"run"};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {rootfs, "/bin/sleep", "1"});
    const pid_t pid = startScratch(args, dir.path() / "out", dir.path() / "err");
    int peak = 0;
    const double until = nowSeconds() + 0.8;
    while (nowSeconds() < until) {
        peak = std::max(peak, threadsOf(pid));
        usleep(20000);
    }
    INFO(slurp(dir.path() / "err"));
    CHECK(waitScratch(pid, 30) == 0);
    return peak;
}

}  // namespace

TEST_CASE("the output thread runs only when something is written per event to a file",
          "[root][output-thread]") {
    requireRoot();
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0 || CPU_COUNT(&set) < 2) {
        skipTest("one CPU allowed: the output thread is never used");
    }
    const std::string rootfs = makeBusyboxRootfs();
    TempDir dir;
    const std::string json = (dir.path() / "trace.jsonl").string();
    const std::string log = (dir.path() / "trace.log").string();

    // Log and JSON to files: formatted on the second thread.
    CHECK(peakThreads({"-o", log, "--json", json}, rootfs) == 2);
    CHECK(peakThreads({"-q", "--json", json}, rootfs) == 2);
    // Only the checks (-q, nothing else written per event): inline, one thread.
    CHECK(peakThreads({"-q"}, rootfs) == 1);
    // The log on the terminal (here: a file as stderr, as a terminal would be): inline.
    CHECK(peakThreads({}, rootfs) == 1);
}
