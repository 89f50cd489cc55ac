// `scratch-trace run`: the command line becomes a container spec and the outputs it asks for;
// run/TracedRun.h traces; the outcome becomes the exit status.
#include <memory>
#include <utility>

#include "cli/Commands.h"
#include "cli/RunOptions.h"
#include "common/Error.h"
#include "container/Spec.h"
#include "reports/Pipeline.h"
#include "run/TracedRun.h"

namespace scratch::cli {
namespace {

int runCommand(RunOptions& opts) {
    container::Spec& spec = opts.spec;
    if (opts.rest.size() < 2) {
        throw Error("run needs ROOTFS and COMMAND (see scratch-trace run --help)", kExitUsage);
    }
    parseLimits(opts);
    spec.rootfs = opts.rest[0];
    spec.command.assign(opts.rest.begin() + 1, opts.rest.end());
    container::validate(spec);

    // Every output is opened before anything is forked, so a bad path fails cleanly.
    reports::Pipeline outputs;
    run::RunRequest request;
    request.decodeArgs = buildSinks(opts, outputs);
    request.decode = opts.decode;
    request.pinCpu = !opts.noPin;
    request.timeoutSeconds = opts.timeoutSeconds;
    request.filterText = opts.filterText;
    // Another CPU for the outputs only when something is written per event to a file
    // (RunRequest::outputOnOtherCpu: why not for a log on the terminal, or only the checks).
    const bool logToFile = opts.quiet || !opts.outputFile.empty();
    const bool writesPerEvent =
        request.decodeArgs || !opts.reportFile.empty() || !opts.seccompProfile.empty();
    request.outputOnOtherCpu = logToFile && writesPerEvent;
    request.spec = std::move(spec);
    return run::runTraced(std::move(request), outputs).exitStatus(opts.failOnLeak);
}

}  // namespace

CommandBody addRunCommand(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    addRunOptions(app, *opts);
    return [opts]() { return runCommand(*opts); };
}

}  // namespace scratch::cli
