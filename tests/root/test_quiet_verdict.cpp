// `-q` with only the checks (no log, no --json, no --report: the arguments are never decoded)
// must reach the same verdict and findings as a run that renders everything: decoding is for
// the reader, attribution is for the checks. Each program runs in both root modes, with the
// default capabilities and with every one, as `run -q` and as `run -o LOG --json J`; the end
// reports both print on stderr (verdict, findings with their evidence, touched paths, counts)
// must be the same but for numbers (pids, times). That the quiet run never calls the decoder
// is counted at the Session (tests/integration/test_quiet_decoding.cpp).
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace {

/// Numbers (pids, times, seqs) differ from run to run.
std::string withoutNumbers(const std::string& text) {
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

/// The end report: from its header to the verdict line (the program's own output is above).
/// mkdtemp's random suffixes (chroot_escape's /tmp/escape.XXXXXX) differ too, and so do the
/// addresses in the setup steps' log lines (ASLR), which also move where a long line wraps,
/// and rows whose sort key is a pipe's inode: what is compared is the report's words, sorted.
std::string endReport(const std::string& err) {
    const size_t from = err.find("== scratch-trace report ==");
    if (from == std::string::npos) return {};
    static const std::regex tempName(R"(\.[A-Za-z0-9]{6}\b)");
    static const std::regex address(R"(0x[0-9a-f]+)");
    static const std::regex space(R"(\s+)");
    std::string text = std::regex_replace(err.substr(from), tempName, ".XXXXXX");
    text = std::regex_replace(text, address, "ADDR");
    return withoutNumbers(std::regex_replace(text, space, " "));
}

/// The words of a normalised report, sorted.
std::vector<std::string> sortedWords(const std::string& report) {
    std::istringstream in(report);
    std::vector<std::string> words;
    for (std::string word; in >> word;) words.push_back(word);
    std::sort(words.begin(), words.end());
    return words;
}

}  // namespace

TEST_CASE("-q with only the checks: the same verdict and findings as a full run",
          "[root][verdict][quiet]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    TempDir dir("scratch-quiet");
    const std::string log = (dir.path() / "log").string();
    const std::string stream = (dir.path() / "trace.jsonl").string();
    // An escape (a leak under chroot, contained under pivot_root) and an ordinary program.
    for (const std::string name : {"chroot_escape", "ordinary"}) {
        const std::string prog = copyProgIntoRootfs(rootfs, name);
        for (const std::string mode : {"chroot", "pivot"}) {
            for (const bool allCaps : {false, true}) {
                std::vector<std::string> options = {"--root-mode", mode};
                if (allCaps) options.insert(options.end(), {"--cap-add", "ALL"});
                options.insert(options.end(), {rootfs, prog});
                std::vector<std::string> quietArgs = {"run", "-q"};
                quietArgs.insert(quietArgs.end(), options.begin(), options.end());
                std::vector<std::string> fullArgs = {"run", "-o", log, "--json", stream};
                fullArgs.insert(fullArgs.end(), options.begin(), options.end());
                const RunResult quiet = runScratch(quietArgs);
                const RunResult full = runScratch(fullArgs);
                INFO(name << " --root-mode " << mode << (allCaps ? " --cap-add ALL" : "")
                          << "\nquiet: " << quiet.describe() << "\nfull: " << full.describe());
                CHECK(quiet.exitCode == full.exitCode);
                const std::string quietReport = endReport(quiet.err);
                REQUIRE(has(quietReport, " verdict: "));
                CHECK(sortedWords(quietReport) == sortedWords(endReport(full.err)));
                // The checks had work: chroot_escape leaks under chroot; ordinary is isolated.
                if (name == "chroot_escape" && mode == "chroot") {
                    CHECK(has(quietReport, " verdict: LEAK"));
                }
                if (name == "ordinary") CHECK(has(quietReport, " verdict: isolated"));
            }
        }
    }
}
