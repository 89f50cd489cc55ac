// scratch-trace: build a container from scratch and watch it with ptrace. This is the only
// place that catches errors: each becomes one line on stderr and a documented exit status.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <string>

#include "cli/Commands.h"
#include "common/Error.h"
#include "common/StderrLine.h"

namespace {

/// The last word of a failed run: stderr may itself be the thing that failed (a closed pipe),
/// so this must not throw.
void printError(const std::string& message) { scratch::printStderrLine(message); }

/// main without the last resort: every error a user can cause is caught here.
int runCli(int argc, char** argv) {
    CLI::App app{"scratch-trace: build a container from scratch and trace it with ptrace"};
    app.require_subcommand(1);
    const std::string version = std::string("scratch-trace ") + SCRATCH_VERSION;
    app.set_version_flag("--version", version);
    app.footer(
        "Exit status: the command's own (128+N when killed by signal N); 2 usage error, "
        "120 the container's root or cwd outside it (refused), 122 inconclusive and 123 leak "
        "with --fail-on-leak, 124 timeout, 125 scratch-trace failed, 126 command not "
        "executable, 127 command not found. See docs/cli.md.");
    using scratch::cli::CommandBody;
    CommandBody run = scratch::cli::addRunCommand(app);
    CommandBody rootfs = scratch::cli::addRootfsCommand(app);
    CommandBody report = scratch::cli::addReportCommand(app);
    CommandBody diff = scratch::cli::addDiffCommand(app);
    // `scratch-trace run --version` answers too, instead of asking for ROOTFS.
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        sub->set_version_flag("--version", version);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        printError(e.what());  // not fmt::print: it throws when stderr is closed
        return scratch::kExitUsage;
    }
    try {
        if (app.got_subcommand("run")) return run();
        if (app.got_subcommand("rootfs")) return rootfs();
        if (app.got_subcommand("report")) return report();
        if (app.got_subcommand("diff")) return diff();
    } catch (const scratch::Error& e) {
        printError(e.what());
        return e.exitCode();
    } catch (const std::exception& e) {
        printError(std::string("internal error: ") + e.what());
        return scratch::kExitFailure;
    }
    return scratch::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    // A closed pipe on an output is an error to report (exit 125), never a silent death: the
    // tracer ignores SIGPIPE only while it runs, and the reports are written after it.
    signal(SIGPIPE, SIG_IGN);
    try {
        return runCli(argc, argv);
    } catch (...) {
        // Only a broken CLI setup or std::bad_alloc gets here; still one line, no abort().
        static constexpr char kLine[] = "scratch-trace: internal error\n";
        (void)!::write(STDERR_FILENO, kLine, sizeof kLine - 1);
        return scratch::kExitFailure;
    }
}
