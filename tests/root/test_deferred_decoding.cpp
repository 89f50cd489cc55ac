// With the output thread, calls are rendered there from what the tracer recorded at the stops
// (tracer/DecodeCapture.h); with one CPU the same capture is rendered at the exit stop. The same
// workload must give the same log both ways (up to what differs between any two runs: pids,
// addresses, random bytes, the interleaving of processes).
#include <sched.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace {

/// The log's lines without what differs between two runs, sorted.
std::vector<std::string> normalizedLines(const std::string& log) {
    static const std::regex prefix(R"(^\[pid [0-9]+(/[0-9]+)?\] )");
    static const std::regex address("0x[0-9a-f]+");
    static const std::regex number("[0-9]{4,}");
    static const std::regex digits("[0-9]+");
    static const std::regex procPid("/proc/[0-9]+");
    static const std::regex pidCall(
        "^(clone|clone3|fork|vfork|wait4|waitid|kill|tkill|tgkill|getpid|getppid|gettid|"
        "set_tid_address)\\(|^--- ");
    static const std::regex padding(" {2,}");  // the column after the call follows its width
    static const std::regex tempDir("scratch-test\\.[A-Za-z0-9]+");
    std::vector<std::string> lines;
    std::istringstream in(log);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find("getrandom(") != std::string::npos) continue;  // random bytes
        line = std::regex_replace(line, prefix, "");
        line = std::regex_replace(line, address, "0xA");
        line = std::regex_replace(line, number, "N");
        line = std::regex_replace(line, procPid, "/proc/N");
        // Pids (of any length: pid numbers wrap) in the calls and signals that name them.
        if (std::regex_search(line, pidCall)) line = std::regex_replace(line, digits, "N");
        line = std::regex_replace(line, tempDir, "scratch-test.D");
        line = std::regex_replace(line, padding, " ");
        lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

}  // namespace

TEST_CASE("deferred decoding on the output thread logs what decoding at the stops logs",
          "[root][output-thread]") {
    requireRoot();
    cpu_set_t all;
    CPU_ZERO(&all);
    if (sched_getaffinity(0, sizeof all, &all) != 0 || CPU_COUNT(&all) < 2) {
        skipTest("one CPU allowed: the output thread is never used");
    }
    const std::string rootfs = makeBusyboxRootfs();
    // Paths, buffers written and read, a readlink, fds with names, failures.
    const std::string script =
        "cat /etc/passwd >/dev/null; ls -l /bin >/dev/null; readlink /bin/sh; "
        "echo hello >/tmp/deferred; cat /tmp/deferred; cat /missing 2>/dev/null; true";
    // The same log name both times: the runtime's own calls name it.
    TempDir threadedDir;
    TempDir inlineDir;
    auto traceLog = [&](const TempDir& dir) {
        const std::string log = (dir.path() / "trace.log").string();
        const RunResult r = runScratch({"run", "-o", log, rootfs, "/bin/sh", "-c", script});
        INFO(r.describe());
        REQUIRE(r.exitCode == 0);
        return slurp(log);
    };
    const std::string threaded = traceLog(threadedDir);
    // One CPU for scratch-trace (inherited from here): no output thread, nothing deferred.
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
    REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
    const std::string inlined = traceLog(inlineDir);
    sched_setaffinity(0, sizeof all, &all);

    REQUIRE(threaded.find("readlink(\"/bin/sh\", \"busybox\"") != std::string::npos);
    REQUIRE(threaded.find("write(1</") != std::string::npos);
    const std::vector<std::string> a = normalizedLines(threaded);
    const std::vector<std::string> b = normalizedLines(inlined);
    std::vector<std::string> onlyThreaded;
    std::vector<std::string> onlyInline;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(onlyThreaded));
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(onlyInline));
    std::string shown;
    for (const std::string& l : onlyThreaded) shown += "threaded: " + l + "\n";
    for (const std::string& l : onlyInline) shown += "inline:   " + l + "\n";
    INFO(shown.substr(0, 4000));
    CHECK(onlyThreaded.empty());
    CHECK(onlyInline.empty());
    CHECK(a.size() > 200);
}
