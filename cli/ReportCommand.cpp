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
    // Rendering options: a trace saves what each call read (docs/json.md, "capture"), so its
    // lines can be made again with other ones; unset, they are the run's own.
    report
        ->add_option_function<size_t>(
            "-s,--string-limit", [opts](size_t n) { opts->decoding.maxString = n; },
            "cut strings after N bytes (default: the run's -s; past it a string shows what the "
            "run read)")
        ->check(CLI::Range(0, 1 << 20))
        ->option_text("N");
    report->add_flag_function(
        "-v,--verbose-env", [opts](int64_t) { opts->decoding.showEnv = true; },
        "show execve's environment in full (the strings need a run made with -v)");
    report->add_flag_function(
        "-x",
        [opts](int64_t count) {
            opts->decoding.hexStrings =
                count >= 2 ? tracer::HexStrings::All : tracer::HexStrings::NonAscii;
        },
        "strings with non-printable bytes in \\xNN form (-xx: every string)");
    report->add_flag_function(
        "--no-fd-paths", [opts](int64_t) { opts->decoding.showFdPaths = false; },
        "show fds as numbers, without their paths");
    report->footer("See docs/reports.md.");
    return [opts]() { return replayTrace(*opts); };
}

}  // namespace scratch::cli
