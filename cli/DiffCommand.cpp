// `scratch-trace diff A.jsonl B.jsonl`: what changed between two saved traces.
#include <memory>
#include <string>
#include <utility>

#include "cli/Commands.h"
#include "cli/TraceReplay.h"

namespace scratch::cli {

CommandBody addDiffCommand(CLI::App& app) {
    auto* diff = app.add_subcommand(
        "diff", "compare two saved traces: verdict, findings, host paths, syscall counts");
    auto paths = std::make_shared<std::pair<std::string, std::string>>();
    diff->add_option("A", paths->first, "the trace before (run --json)")->required();
    diff->add_option("B", paths->second, "the trace after")->required();
    diff->footer(
        "Exit status 0 whatever changed; 125 when a trace cannot be read. See "
        "docs/reports.md.");
    return [paths]() { return diffTraces(paths->first, paths->second); };
}

}  // namespace scratch::cli
