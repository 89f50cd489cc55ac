// `-q` with only the checks renders nothing (issue 21): a session whose outputs show no
// arguments (SessionOptions::decodeArgs false, what the CLI sets for -q without --json) never
// runs the argument decoder, and still attributes every path and fd the checks use. The same
// shell workload is traced twice, with and without decoding, through the real Pipeline (the
// isolation checks and the verdict); the attributions, the findings and the verdict must be
// the same, and the quiet run's decoder count 0.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "reports/Names.h"
#include "reports/Pipeline.h"
#include "support/Harness.h"
#include "tracer/Session.h"

namespace tr = scratch::tracer;
namespace rp = scratch::reports;

namespace {

/// pids and fd numbers in /proc paths differ from run to run: digits become N.
std::string withoutDigits(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            if (out.empty() || out.back() != 'N') out += 'N';
        } else {
            out += c;
        }
    }
    return out;
}

/// Records what the checks read of each syscall (its paths, as attributed) and whether any
/// event carried rendered arguments.
class Attributions final : public rp::Sink {
  public:
    void onSyscall(const tr::SyscallEvent& event) override {
        // (A task gone mid-call gets the fixed "?" of strace, which is no decoding.)
        const bool renderedReturn = event.finished && !event.retText.empty();
        if (!event.args.empty() || renderedReturn || !event.decodeCapture.empty()) ++rendered;
        for (const tr::PathRef& ref : event.paths) {
            lines.push_back(event.name + " " + withoutDigits(ref.given) + " -> " +
                            withoutDigits(ref.host) + " " + std::string(rp::whereLabel(ref.where)) +
                            " access " + std::to_string(ref.access));
        }
    }
    std::vector<std::string> lines;
    int rendered = 0;
};

struct Run {
    tr::SessionResult result;
    std::vector<std::string> attributions;  ///< sorted: tasks interleave differently
    int rendered = 0;
    std::string verdict;
    std::map<std::string, uint64_t> bySeverity;
    std::map<std::string, uint64_t> leaksByClass;
    std::vector<std::string> findings;  ///< class and host of the kept ones, sorted
};

/// A shell that opens, dups, pipes, lists /proc and forks: every kind of attribution.
const char* const kScript =
    "cat /etc/hostname >/dev/null; exec 3</etc/passwd; cat <&3 >/dev/null; exec 4>&3; "
    "exec 3<&-; ls /proc/self/fd | wc -l >/dev/null; cd /etc && cat ./os-release >/dev/null; "
    "echo x >/tmp/scratch-quiet-$$; rm -f /tmp/scratch-quiet-$$";

Run traceShell(bool decodeArgs) {
    rp::Pipeline pipeline;
    auto sink = std::make_unique<Attributions>();
    Attributions& attributions = *sink;
    pipeline.add(std::move(sink));
    rp::RunInfo info;
    info.rootMode = scratch::RootMode::None;
    info.procMode = scratch::ProcMode::None;
    pipeline.start(info);
    tr::SessionOptions options;
    options.decodeArgs = decodeArgs;
    tr::Session session(options, pipeline);
    Run run;
    run.result = session.run([] {
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execl("/bin/sh", "sh", "-c", kScript, static_cast<char*>(nullptr));
        return 127;
    });
    const rp::RunSummary& summary = pipeline.finish(rp::RunEnd{});
    run.attributions = attributions.lines;
    std::sort(run.attributions.begin(), run.attributions.end());
    run.rendered = attributions.rendered;
    run.verdict = std::string(summary.verdict());
    run.bySeverity = summary.bySeverity();
    run.leaksByClass = summary.leaksByClass();
    for (const rp::Finding& f : summary.findings()) {
        run.findings.push_back(std::string(rp::findingClassName(f.klass)) + " " +
                               std::string(rp::severityName(f.severity)) + " " +
                               withoutDigits(f.host));
    }
    std::sort(run.findings.begin(), run.findings.end());
    return run;
}

}  // namespace

TEST_CASE(
    "without a sink that shows arguments the decoder never runs, and the checks see "
    "the same",
    "[quiet][decode]") {
    const Run full = traceShell(true);
    const Run quiet = traceShell(false);
    REQUIRE(full.result.exitCode == 0);
    REQUIRE(quiet.result.exitCode == 0);
    // The full run decoded at every entry and exit; the quiet one not once.
    CHECK(full.result.decoderStops >= full.result.syscalls);
    CHECK(full.rendered > 0);
    CHECK(quiet.result.decoderStops == 0);
    CHECK(quiet.rendered == 0);
    // The same attributions (paths, fds, where, access), so the same findings and verdict.
    REQUIRE(quiet.attributions.size() > 20);
    CHECK(quiet.attributions == full.attributions);
    CHECK(quiet.findings == full.findings);
    CHECK(quiet.bySeverity == full.bySeverity);
    CHECK(quiet.leaksByClass == full.leaksByClass);
    CHECK(quiet.verdict == full.verdict);
    CHECK(full.verdict == "leak");  // on the host, outside any rootfs: the checks had work
}
