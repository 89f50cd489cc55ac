// The command line as documented: docs/cli.md's table of `run` options against what
// `scratch-trace run --help` really offers, both ways, so the page cannot drift from the binary
// again; and strace's habits (-c instead of the log, -ff files, -x, -r, -z/-Z, -P, -p) as a
// strace user types them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// Every -x / --long-name token in `text`.
std::set<std::string> optionNames(const std::string& text) {
    static const std::regex name(R"((^|[^A-Za-z0-9_-])(--?[A-Za-z][A-Za-z0-9-]*))");
    std::set<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), name);
         it != std::sregex_iterator(); ++it) {
        out.insert((*it)[2]);
    }
    return out;
}

/// The options `run --help` lists: the first column of each option line.
std::set<std::string> helpOptions(const std::string& help) {
    std::set<std::string> out;
    std::istringstream lines(help);
    std::string line;
    while (std::getline(lines, line)) {
        const size_t start = line.find_first_not_of(' ');
        if (start == std::string::npos || start == 0 || line[start] != '-') continue;
        const size_t gap = line.find("  ", start);
        for (const std::string& option : optionNames(line.substr(start, gap - start))) {
            out.insert(option);
        }
    }
    return out;
}

/// The options named in the first column of docs/cli.md's `run` table.
std::set<std::string> documentedOptions() {
    std::ifstream in(std::string(SCRATCH_SOURCE_DIR) + "/docs/cli.md");
    std::string line;
    bool inRun = false;
    std::set<std::string> out;
    while (std::getline(in, line)) {
        if (line.starts_with("## ")) inRun = line == "## run";
        if (!inRun || !line.starts_with("| `")) continue;
        const size_t end = line.find(" | ", 2);
        for (const std::string& option : optionNames(line.substr(2, end - 2))) out.insert(option);
    }
    return out;
}

}  // namespace

TEST_CASE("docs/cli.md documents exactly the options of run --help", "[cli][docs]") {
    const RunResult help = runScratch({"run", "--help"}, shortRun());
    INFO(help.describe());
    REQUIRE(help.exitCode == 0);
    const std::set<std::string> offered = helpOptions(help.out);
    const std::set<std::string> documented = documentedOptions();
    REQUIRE(offered.size() > 30);
    for (const std::string& option : offered) {
        if (option == "-h" || option == "--help" || option == "--version") continue;
        INFO("run --help offers " << option);
        CHECK(documented.count(option) == 1);
    }
    for (const std::string& option : documented) {
        INFO("docs/cli.md documents " << option);
        // strace's repeated short flags (-ff, -tt, -xx, -yy) are the offered -f, -t, -x, -y.
        const bool repeated =
            option.size() == 3 && option[1] == option[2] && offered.count(option.substr(0, 2));
        CHECK((offered.count(option) == 1 || repeated));
    }
    // Clean: no CLI11 default markers, the positional arguments described once.
    CHECK(help.out.find("{false}") == std::string::npos);
    CHECK(help.out.find("Positional arguments:") == std::string::npos);
}

TEST_CASE("--version names the program, also after a subcommand", "[cli]") {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--version"}, {"run", "--version"}}) {
        const RunResult run = runScratch(args, shortRun());
        INFO(run.describe());
        CHECK(run.exitCode == 0);
        CHECK(std::regex_match(run.out, std::regex("scratch-trace [0-9]+\\.[0-9]+\\.[0-9]+\n")));
    }
}

TEST_CASE("-p is refused with the reason, before anything else is asked for", "[cli]") {
    const RunResult run = runScratch({"run", "-p", "1"}, shortRun());
    INFO(run.describe());
    CHECK(run.exitCode == 2);
    CHECK(has(run.err, "does not attach"));
    CHECK(!has(run.err, "is required"));
}

TEST_CASE("-z and -Z together are a usage error", "[cli]") {
    const RunResult run = runScratch({"run", "-z", "-Z", "/nonexistent", "true"}, shortRun());
    INFO(run.describe());
    CHECK(run.exitCode == 2);
    CHECK(has(run.err, "excludes"));
}
