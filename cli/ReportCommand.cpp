// `scratch-trace report TRACE.jsonl`: render a saved trace again.
#include <memory>
#include <string>

#include "cli/Commands.h"
#include "cli/TraceReplay.h"

namespace scratch::cli {

CommandBody addReportCommand(CLI::App& app) {
    auto* report = app.add_subcommand("report", "render a saved JSON Lines trace again");
    auto opts = std::make_shared<ReplayOptions>();
    report->add_option("TRACE", opts->tracePath, "a trace written by run --json (- for stdin)")
        ->required();
    report
        ->add_option("--format", opts->format,
                     "text (the log and the end report), md, html, json (the report object), "
                     "perfetto (Chrome trace-event JSON), seccomp (an OCI seccomp profile)")
        ->check(CLI::IsMember({"text", "md", "html", "json", "perfetto", "seccomp"}));
    report->add_option("-o,--output", opts->output, "write to FILE instead of stdout");
    report->add_flag("--setup", opts->setup,
                     "also count the runtime's own setup in the syscall and path tables");
    report->footer("See docs/reports.md.");
    return [opts]() { return replayTrace(*opts); };
}

}  // namespace scratch::cli
