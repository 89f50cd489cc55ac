// Where scratch-trace formats and writes its outputs (docs/tracer.md, "The output process"):
// with the log in a file and something written per event, the tracer runs as a child process
// and scratch-trace's own process writes; otherwise one process does both on one thread.
// Observed from the outside while the container runs `sleep 1`: the TracerPid of the sleep,
// the parent of that tracer, and the threads of each.
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
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

/// A "Name:\tvalue" field of /proc/PID/status, or -1.
long statusField(pid_t pid, const std::string& name) {
    std::istringstream in(slurp("/proc/" + std::to_string(pid) + "/status"));
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(name + ":", 0) == 0) return std::stol(line.substr(name.size() + 1));
    }
    return -1;
}

/// What was seen of one run.
struct Placement {
    pid_t scratch = 0;       ///< the scratch-trace process started
    pid_t tracer = 0;        ///< the TracerPid of the container's sleep
    pid_t tracerParent = 0;  ///< that tracer's parent
    int scratchThreads = 0;  ///< the most threads scratch-trace had
    int tracerThreads = 0;   ///< the most threads the tracer had
};

/// Runs `sleep 1` in the container and looks for the sleep among the processes that were
/// not there before.
Placement observe(const std::vector<std::string>& options, const std::string& rootfs) {
    TempDir dir;
    std::vector<std::string> args = {"run"};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {rootfs, "/bin/sleep", "1"});
    const auto before = hostProcesses();
    Placement seen;
    seen.scratch = startScratch(args, dir.path() / "out", dir.path() / "err");
    const double until = nowSeconds() + 0.8;
    while (nowSeconds() < until) {
        seen.scratchThreads = std::max(seen.scratchThreads, threadsOf(seen.scratch));
        for (const auto& [pid, comm] : hostProcesses()) {
            if (before.contains(pid) || comm != "sleep") continue;
            const long tracer = statusField(pid, "TracerPid");
            if (tracer <= 0) continue;
            seen.tracer = static_cast<pid_t>(tracer);
            seen.tracerParent = static_cast<pid_t>(statusField(seen.tracer, "PPid"));
            seen.tracerThreads = std::max(seen.tracerThreads, threadsOf(seen.tracer));
        }
        usleep(20000);
    }
    INFO(slurp(dir.path() / "err"));
    CHECK(waitScratch(seen.scratch, 30) == 0);
    return seen;
}

}  // namespace

TEST_CASE("the tracer runs as a child process only when something is written per event to a file",
          "[root][output-placement]") {
    requireRoot();
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0 || CPU_COUNT(&set) < 2) {
        skipTest("one CPU allowed: the output is always written inline");
    }
    const std::string rootfs = makeBusyboxRootfs();
    TempDir dir;
    const std::string json = (dir.path() / "trace.jsonl").string();
    const std::string log = (dir.path() / "trace.log").string();

    for (const std::vector<std::string>& options :
         {std::vector<std::string>{"-o", log, "--json", json}, {"-q", "--json", json}}) {
        // Log and JSON to files: a tracer process of its own, scratch-trace's writes.
        INFO(options.front());
        const Placement seen = observe(options, rootfs);
        REQUIRE(seen.tracer > 0);
        CHECK(seen.tracer != seen.scratch);
        CHECK(seen.tracerParent == seen.scratch);
        CHECK(seen.scratchThreads == 1);
        CHECK(seen.tracerThreads == 1);
    }
    for (const std::vector<std::string>& options : {std::vector<std::string>{"-q"}, {}}) {
        // Only the checks (-q, nothing else written per event), or the log on the terminal
        // (here: a file as stderr, as a terminal would be): one process, one thread.
        INFO(options.size());
        const Placement seen = observe(options, rootfs);
        REQUIRE(seen.tracer > 0);
        CHECK(seen.tracer == seen.scratch);
        CHECK(seen.scratchThreads == 1);
    }
}
