#include "cli/RunOptions.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>

#include "common/Error.h"
#include "common/IsolationModes.h"
#include "reports/TraceFilter.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/ReportFile.h"
#include "reports/documents/SeccompProfile.h"
#include "reports/outputs/JsonLinesWriter.h"
#include "reports/outputs/SummaryTable.h"
#include "reports/outputs/TextLog.h"
#include "tracer/ArgDecoder.h"

namespace scratch::cli {

namespace {

/// A vocabulary table as CLI11's choices: the option takes exactly the names the JSON writes.
template <typename Value, size_t N>
std::map<std::string, Value> choicesOf(const NamedValue<Value> (&table)[N]) {
    std::map<std::string, Value> choices;
    for (const auto& row : table) choices.emplace(std::string(row.name), row.value);
    return choices;
}

}  // namespace

CLI::App* addRunOptions(CLI::App& app, RunOptions& opts) {
    auto* run = app.add_subcommand(
        "run", "build the container, trace it, report: run [OPTIONS] ROOTFS COMMAND [ARG...]");
    // Options come before ROOTFS; from ROOTFS on everything is positional, so COMMAND's own
    // options (`sh -c`, `ps -ef`) are never taken for ours.
    run->positionals_at_end();
    run->footer(
        "The seed article's two stages:\n"
        "  scratch-trace run --root-mode none --proc none ./rootfs ps   # leaks: host's /proc\n"
        "  scratch-trace run ./rootfs ps                                 # isolated");
    run->add_option("-o,--output", opts.outputFile, "write the live syscall log to FILE")
        ->option_text("FILE");
    run->add_flag("-q,--quiet", opts.quiet, "no live syscall log (the end report still prints)");
    run->add_option("--json", opts.jsonFile, "write the JSON Lines event stream to FILE")
        ->option_text("FILE");
    run->add_option("--report", opts.reportFile,
                    "write the end report to FILE; format from the extension: .md .html .json")
        ->option_text("FILE");
    run->add_option("--seccomp-profile", opts.seccompProfile,
                    "write an OCI seccomp profile allowing exactly the workload's syscalls")
        ->option_text("FILE");
    run->add_option("-e,--trace", opts.exprs,
                    "strace-style filter: trace=NAMES|%CLASS (! negates), status=failed|successful")
        ->allow_extra_args(false)
        ->option_text("EXPR");
    run->add_flag("-c,--summary,--summary-only", opts.summary,
                  "a per-syscall table (calls, errors, time) at the end instead of the log, like "
                  "strace -c (with -o FILE the table goes to FILE)");
    run->add_flag("-C,--summary-with-log", opts.summaryWithLog,
                  "the per-syscall table at the end and the log, like strace -C");
    run->add_flag("--setup", opts.setup,
                  "also count the runtime's own setup (clone, mounts, chroot, ...) in -c's table, "
                  "the syscall and path tables (default: the workload only; the setup has its own "
                  "section)");
    run->add_flag("-t", opts.timestamps,
                  "prefix log lines with the time of day (-tt: microseconds)");
    run->add_flag("-r", opts.relativeTimes,
                  "prefix log lines with the time since the previous line, like strace -r");
    run->add_flag("-T", opts.durations, "show the time spent in each syscall");
    run->add_flag("-f", opts.follow,
                  "accepted for strace's habit: every process and thread is always followed; "
                  "-ff -o FILE writes each task's lines to FILE.TID");
    run->add_flag("-y", opts.fdPaths,
                  "accepted for strace's habit: fds are always shown with their paths (-yy too)");
    run->add_flag("-x", opts.hexStrings,
                  "strings with non-printable bytes in \\xNN form (-xx: every string)");
    auto* successfulOnly = run->add_flag("-z", opts.onlySuccessful,
                                         "show only syscalls that succeeded (status=successful)");
    run->add_flag("-Z", opts.onlyFailed, "show only syscalls that failed (status=failed)")
        ->excludes(successfulOnly);
    run->add_option("-P", opts.tracePaths,
                    "show only syscalls that use PATH (as given, as the container sees it, or "
                    "on the host); repeatable")
        ->allow_extra_args(false)
        ->option_text("PATH");
    run->add_option("-p", opts.attachPids, "not supported: see docs/cli.md")
        ->allow_extra_args(false)
        ->option_text("PID")
        ->each([](const std::string& pid) {
            // Refused while parsing, before "ROOTFS is required" could hide the reason.
            throw CLI::ValidationError(
                "-p", "scratch-trace does not attach to running processes (pid " + pid +
                          "): it builds the container and traces it from its first syscall, so "
                          "no task is ever missed; run the command under `scratch-trace run "
                          "ROOTFS COMMAND` instead");
        });
    run->add_option("-s,--string-limit", opts.decode.maxString, "cut strings after N bytes")
        ->check(CLI::Range(0, 1 << 20))
        ->option_text("N");
    run->add_flag("-v,--verbose-env", opts.decode.showEnv, "show execve's environment in full");
    run->add_option("--root-mode", opts.spec.rootMode,
                    "how the root is switched: chroot (the seed's way), pivot, none")
        ->transform(CLI::CheckedTransformer(choicesOf(kRootModeNames), CLI::ignore_case))
        ->option_text("chroot|pivot|none");
    run->add_option("--proc", opts.spec.procMode, "mount a fresh /proc (new) or not (none)")
        ->transform(CLI::CheckedTransformer(choicesOf(kProcModeNames), CLI::ignore_case))
        ->option_text("new|none");
    run->add_option("--dev", opts.spec.devMode,
                    "/dev in the container: minimal (a private tmpfs with null, zero, full, "
                    "random, urandom, tty, pts; the default with a root switch) or none (the "
                    "rootfs' own /dev as it is)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, container::DevMode>{{"minimal", container::DevMode::Minimal},
                                                      {"none", container::DevMode::None}},
            CLI::ignore_case))
        ->option_text("minimal|none");
    run->add_option("--mask", opts.spec.masks,
                    "hide PATH in the container (/dev/null over a file, an empty read-only tmpfs "
                    "over a directory); repeatable")
        ->allow_extra_args(false)
        ->option_text("PATH");
    run->add_flag_function(
        "--no-default-masks", [&opts](int64_t) { opts.spec.defaultMasks = false; },
        "do not mask /proc/kcore, /proc/keys, ... nor make /proc/sys, /proc/irq, ... "
        "read-only (runc's defaults, applied with --proc new)");
    run->add_flag("--overlay", opts.spec.overlay,
                  "run on an overlayfs over ROOTFS: the container's changes go to a temporary "
                  "layer, removed after the run; ROOTFS is never modified");
    run->add_option("--keep-changes", opts.spec.keepChanges,
                    "with --overlay (implied): keep the changed layer in DIR (missing or empty)")
        ->option_text("DIR");
    run->add_option("--seccomp", opts.spec.seccompProfile,
                    "the command's seccomp profile: default (Docker's semantics, the default), "
                    "unconfined (none), or an OCI profile FILE (e.g. from --seccomp-profile)")
        ->option_text("default|unconfined|FILE");
    run->add_flag("--tty", opts.spec.tty,
                  "give the command a fresh terminal of the container's own (its stdio; the "
                  "operator's terminal is relayed to it, in raw mode while the run lasts)");
    run->add_option("--hostname", opts.spec.hostname,
                    "give the container its own UTS namespace with this hostname")
        ->option_text("NAME");
    run->add_option("--env", opts.spec.envOverrides,
                    "set KEY to VALUE in the command's environment; KEY alone copies the host's "
                    "value (unset if the host has none); repeatable")
        ->allow_extra_args(false)
        ->option_text("KEY[=VALUE]");
    run->add_flag("--clear-env", opts.spec.clearEnv,
                  "start from an empty environment instead of PATH, HOME and TERM");
    run->add_option("--workdir", opts.spec.workdir,
                    "start the command in DIR (absolute, inside the container; default /)")
        ->option_text("DIR");
    run->add_option("--user", opts.spec.user,
                    "run the command as UID[:GID], or NAME[:GROUP] from the rootfs' /etc/passwd "
                    "and /etc/group")
        ->option_text("UID[:GID]");
    run->add_option("--cap-add", opts.spec.capAdd,
                    "give the command this capability too (CHOWN or CAP_CHOWN, any case), or ALL "
                    "(every capability: the seed's behaviour); repeatable")
        ->allow_extra_args(false)
        ->option_text("NAME|ALL");
    run->add_option("--cap-drop", opts.spec.capDrop,
                    "take this capability (or ALL) from the default set of 13 (Docker's 14 without "
                    "MKNOD); repeatable")
        ->allow_extra_args(false)
        ->option_text("NAME|ALL");
    run->add_flag_function(
        "--allow-new-privs", [&opts](int64_t) { opts.spec.noNewPrivs = false; },
        "do not set no_new_privs: setuid binaries and file capabilities work again");
    run->add_option("--ns", opts.spec.namespaceList,
                    "the new namespaces: pid,mount (required), uts, ipc, net (only lo, up), "
                    "user, cgroup, time (default: pid,mount; uts with --hostname; user when "
                    "not root)")
        ->check([](const std::string& list) {
            return list.empty() ? std::string("empty: name at least pid,mount") : std::string();
        })
        ->option_text("LIST");
    run->add_flag("--userns", opts.spec.userns,
                  "a user namespace even as root (root inside is uid 0 outside too, but its "
                  "capabilities count only inside); automatic when not root");
    run->add_flag("--fail-on-leak", opts.failOnLeak,
                  "exit 123 when the verdict is leak, 122 when it is inconclusive");
    run->add_option("--timeout", opts.timeoutSeconds,
                    "kill the container after SECONDS; the report is still written (exit 124)")
        ->check(CLI::Range(0.001, 1e7))
        ->option_text("SECONDS");
    run->add_option("--keep-fd", opts.spec.keepFds,
                    "pass host fd N into the container on purpose (reported as inherited-fd)")
        ->allow_extra_args(false)
        ->check(CLI::Range(3, 1 << 20))
        ->option_text("N");
    run->add_option("--memory", opts.memoryLimit,
                    "limit the container's memory (no swap) to SIZE: bytes or K, M, G, T "
                    "(e.g. 64M); over it the kernel's OOM killer kills a process")
        ->option_text("SIZE");
    run->add_option("--pids", opts.pidsLimit,
                    "limit the container's tasks (processes and threads, the launcher's included) "
                    "to N; fork and clone fail with EAGAIN beyond")
        ->option_text("N");
    run->add_option("--cpus", opts.cpusLimit,
                    "limit the container's CPU time to this many CPUs (e.g. 0.5: 50 ms per "
                    "100 ms)")
        ->option_text("CPUS");
    run->add_flag("--no-pin", opts.noPin,
                  "do not keep the tracer and the container on one CPU (slower; for comparison)");
    run->add_option("ROOTFS", opts.rest,
                    "the root filesystem directory (scratch-trace rootfs create DIR), then the "
                    "command to run inside (searched in the container's PATH) and its arguments")
        ->required()
        ->option_text("COMMAND [ARG...]");
    return run;
}

}  // namespace scratch::cli

namespace scratch::cli {

void parseLimits(RunOptions& opts) {
    container::CgroupLimits& limits = opts.spec.limits;
    if (opts.memoryLimit) limits.memoryBytes = container::parseMemorySize(*opts.memoryLimit);
    if (opts.pidsLimit) limits.pids = container::parsePidsLimit(*opts.pidsLimit);
    if (opts.cpusLimit) limits.cpus = container::parseCpuLimit(*opts.cpusLimit);
}

bool buildSinks(RunOptions& opts, reports::Pipeline& pipeline) {
    reports::TraceFilter filter;
    for (const std::string& expr : opts.exprs) {
        filter.parse(expr);
        if (!opts.filterText.empty()) opts.filterText += ' ';
        opts.filterText += expr;
    }
    if (opts.onlySuccessful) filter.parse("status=successful");
    if (opts.onlyFailed) filter.parse("status=failed");
    for (const std::string& path : opts.tracePaths) filter.addPath(path);
    pipeline.setFilter(std::move(filter));
    tracer::setHexStrings(opts.hexStrings >= 2   ? tracer::HexStrings::All
                          : opts.hexStrings == 1 ? tracer::HexStrings::NonAscii
                                                 : tracer::HexStrings::Never);
    // strace -c: the table instead of the log (-C: both); -c -o FILE puts the table in FILE.
    const bool summaryOnly = opts.summary && !opts.summaryWithLog;
    std::string summaryFile;
    if (summaryOnly && !opts.quiet) {
        summaryFile = std::move(opts.outputFile);
        opts.outputFile.clear();
        opts.quiet = true;
    }
    // -q -o FILE would silently write no log: the two ask for opposite things.
    if (opts.quiet && !opts.outputFile.empty()) {
        throw Error("-q (no syscall log) and -o " + opts.outputFile +
                        " (write the syscall log) contradict: give one",
                    kExitUsage);
    }
    if (!opts.quiet) {
        reports::TextLogOptions logOptions;
        logOptions.wallClock = opts.timestamps > 0;
        logOptions.durations = opts.durations;
        logOptions.relative = opts.relativeTimes;
        if (opts.follow >= 2 && !opts.outputFile.empty()) logOptions.perTaskBase = opts.outputFile;
        if (!logOptions.perTaskBase.empty()) {
            pipeline.add(std::make_unique<reports::TextLog>(reports::Output(), logOptions));
        } else if (opts.outputFile.empty()) {
            pipeline.add(std::make_unique<reports::TextLog>(stderr, logOptions));
        } else {
            pipeline.add(std::make_unique<reports::TextLog>(reports::Output::open(opts.outputFile),
                                                            logOptions));
        }
    }
    if (!opts.jsonFile.empty()) {
        pipeline.add(
            std::make_unique<reports::JsonLinesWriter>(reports::Output::open(opts.jsonFile)));
    }
    if (!summaryFile.empty()) {
        pipeline.add(std::make_unique<reports::SummaryTable>(reports::Output::open(summaryFile),
                                                             opts.setup));
    } else if (opts.summary || opts.summaryWithLog) {
        pipeline.add(std::make_unique<reports::SummaryTable>(stderr, opts.setup));
    }
    if (!opts.reportFile.empty()) {
        reports::ReportFile::formatFor(opts.reportFile);  // an unknown extension fails now
        // The report is written (atomically) at the end; find out now if it cannot be.
        const std::filesystem::path dir = std::filesystem::absolute(opts.reportFile).parent_path();
        if (::access(dir.c_str(), W_OK) != 0) {
            throw Error("--report " + opts.reportFile + ": " + dir.string() + ": " +
                        std::strerror(errno));
        }
        auto report = std::make_unique<reports::ReportFile>(opts.reportFile);
        report->setShowSetup(opts.setup);
        pipeline.add(std::move(report));
    }
    if (!opts.seccompProfile.empty()) {
        // The profile must see every syscall: a filtered run would allow too little.
        if (!opts.exprs.empty()) {
            throw Error("--seccomp-profile records every syscall: it cannot be combined with -e",
                        kExitUsage);
        }
        pipeline.add(
            std::make_unique<reports::SeccompProfile>(reports::Output::open(opts.seccompProfile)));
    }
    reports::EndReportOptions endOptions;
    endOptions.setupPaths = opts.setup;
    endOptions.hostNames = reports::hostProcessNameFromProc;  // live: the host's pids are now
    pipeline.add(std::make_unique<reports::EndReport>(stderr, endOptions));
    return pipeline.showsArguments();
}

}  // namespace scratch::cli
