// `scratch-trace diff`: two saved traces digested (TraceDiff) and compared, on the golden trace
// replay_small.jsonl and a copy of it with the leak fixed.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "reports/replay/TraceDiff.h"
#include "support/Golden.h"

using namespace scratch::reports;

TEST_CASE("diff: verdict, findings, paths and syscall counts", "[reports][replay][diff]") {
    const std::string trace = readGolden("replay_small.jsonl");
    std::istringstream inA(trace);
    const TraceDigest a = digestTrace(inA, "a.jsonl");
    // B: the fix: no host-procfs read, no finding, an isolated verdict.
    std::string fixed;
    std::istringstream lines(trace);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("\"seq\":4,") != std::string::npos &&
            line.find("syscall") != std::string::npos)
            continue;
        if (line.find("\"seq\":5,") != std::string::npos) continue;
        if (line.find("\"type\":\"finding\"") == 0 || line.find("{\"type\":\"finding\"") == 0)
            continue;
        fixed += line + '\n';
    }
    std::istringstream inB(fixed);
    const TraceDigest b = digestTrace(inB, "b.jsonl");
    const std::string text = diffTraces(a, b, "a.jsonl", "b.jsonl");
    INFO(text);
    CHECK(text.find("verdict: LEAK (host-procfs: 1) -> isolated  (FIXED)") != std::string::npos);
    CHECK(text.find("findings (class and host path): 0 added, 1 removed\n"
                    "  - [leak] host-procfs /proc/1/stat\n") != std::string::npos);
    CHECK(text.find("  - host-procfs /proc/1/stat\n") != std::string::npos);
    CHECK(text.find("  read                        1        0       -1  (gone)") !=
          std::string::npos);
    CHECK(text.find("  openat                      2        1       -1") != std::string::npos);
}
