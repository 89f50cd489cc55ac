// `scratch-trace run`: validate the container spec, open every output, trace, report, and turn
// the outcome into the exit status.
#include <fmt/core.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/Commands.h"
#include "cli/RunOptions.h"
#include "common/Error.h"
#include "common/StderrLine.h"
#include "container/Cgroup.h"
#include "container/HostMountTable.h"
#include "container/Namespaces.h"
#include "container/Spec.h"
#include "container/TerminalRelay.h"
#include "reports/Pipeline.h"
#include "reports/RunInfo.h"
#include "tracer/EventRing.h"
#include "tracer/Session.h"
#include "tracer/TracerProcess.h"

namespace scratch::cli {
namespace {

int64_t wallNowNs() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

std::string devString(const char* path) {
    struct stat st {};
    if (::stat(path, &st) != 0) return "";
    return fmt::format("{}:{}", major(st.st_dev), minor(st.st_dev));
}

/// With -e trace= selecting a subset, the syscalls to stop at (the selection plus what the
/// tracer needs to stay correct); empty when everything is selected, so every syscall stops.
std::vector<std::string> stopSet(const reports::TraceFilter& filter) {
    std::vector<std::string> names;
    size_t total = 0;
    for (const tracer::SyscallInfo& row : tracer::allSyscalls()) {
        ++total;
        if (filter.selectsName(row.name)) names.emplace_back(row.name);
    }
    if (names.size() == total) return {};
    for (std::string& name : tracer::Session::requiredStops()) names.push_back(std::move(name));
    return names;
}

/// What the run's cgroup enforced and did, for the summary record and the reports.
reports::CgroupSummary cgroupSummary(const container::Cgroup& cgroup,
                                     const container::CgroupStats& stats) {
    reports::CgroupSummary out;
    out.version = cgroup.version();
    out.paths = cgroup.paths();
    out.memoryMax = cgroup.limits().memoryBytes;
    out.pidsMax = cgroup.limits().pids;
    out.cpus = cgroup.limits().cpus;
    out.oomKills = stats.oomKills;
    out.pidsRefused = stats.pidsRefused;
    out.memoryPeak = stats.memoryPeak;
    out.cpuThrottled = stats.cpuThrottled;
    out.cpuPeriods = stats.cpuPeriods;
    return out;
}

/// The namespace inodes the tracer process read at the init's creation, handed to this one as
/// lines of "name container host new".
tracer::HandBack namespaceHandBack(std::vector<reports::NamespaceInode>& inodes) {
    tracer::HandBack handBack;
    handBack.fromChild = [&inodes]() {
        std::string text;
        for (const reports::NamespaceInode& ns : inodes) {
            text += fmt::format("{} {} {} {}\n", ns.name, ns.container, ns.host, ns.isNew ? 1 : 0);
        }
        return text;
    };
    handBack.inParent = [&inodes](std::string_view text) {
        inodes.clear();
        std::istringstream lines{std::string(text)};
        reports::NamespaceInode ns;
        int isNew = 0;
        while (lines >> ns.name >> ns.container >> ns.host >> isNew) {
            ns.isNew = isNew != 0;
            inodes.push_back(ns);
        }
    };
    return handBack;
}

int runTraced(RunOptions& opts) {
    container::Spec& spec = opts.spec;
    if (opts.rest.size() < 2) {
        throw Error("run needs ROOTFS and COMMAND (see scratch-trace run --help)", kExitUsage);
    }
    parseLimits(opts);
    spec.rootfs = opts.rest[0];
    spec.command.assign(opts.rest.begin() + 1, opts.rest.end());
    container::validate(spec);

    // Every output is opened before anything is forked, so a bad path fails cleanly.
    reports::Pipeline pipeline;
    const bool decodeNeeded = buildSinks(opts, pipeline);

    reports::RunInfo info;
    info.toolVersion = SCRATCH_VERSION;
    info.rootfs = spec.rootfs.string();
    info.command = spec.command;
    info.rootMode = std::string(container::rootModeName(spec.rootMode));
    info.procMode = std::string(container::procModeName(spec.procMode));
    info.namespaces = container::namespaceNames(spec);
    info.setup = container::setupSummary(spec);
    info.hostProcDev = devString("/proc");
    info.startEpochNs = wallNowNs();
    info.filter = opts.filterText;
    info.recordsEverything = true;

    tracer::SessionOptions sessionOptions;
    sessionOptions.rootfsHost = spec.rootfs.string();
    sessionOptions.checkRoots = spec.rootMode != container::RootMode::None;
    sessionOptions.decode = opts.decode;
    sessionOptions.decodeArgs = decodeNeeded;
    sessionOptions.pinCpu = !opts.noPin;
    sessionOptions.timeoutSeconds = opts.timeoutSeconds;
    sessionOptions.stopOnly = stopSet(pipeline.filter());
    if (!sessionOptions.stopOnly.empty()) {
        // Say so wherever the run is reported: unselected syscalls were never seen.
        info.recordsEverything = false;
    }

    // The run's cgroup exists before anything is forked (no cgroup support: one line, 125) and
    // the launcher joins it before it runs anything traced. Its destructor removes it on every
    // way out of this function; the normal path removes it below, after reading what it did.
    std::unique_ptr<container::Cgroup> cgroup;
    if (spec.limits.any()) cgroup = container::createRunCgroup(spec.limits);
    if (cgroup) sessionOptions.beforeTrace = [&cgroup](pid_t pid) { cgroup->attach(pid); };
    if (cgroup) info.ownCgroups = cgroup->paths();
    // Each namespace of the init next to the tracer's own (the host's), read while the init
    // is still held at its creation.
    std::vector<reports::NamespaceInode> namespaceInodes;
    sessionOptions.onContainerInit = [&namespaceInodes, &spec](pid_t init) {
        for (const container::NamespaceKind& kind : container::kNamespaceKinds) {
            reports::NamespaceInode ns;
            ns.name = kind.name;
            ns.container = container::namespaceInode(init, kind.procName);
            ns.host = container::namespaceInode(0, kind.procName);
            ns.isNew = (spec.namespaces & kind.cloneFlag) != 0;
            namespaceInodes.push_back(std::move(ns));
        }
    };

    // --tty: the init sends the master of the container's pty; a thread relays to it.
    std::unique_ptr<container::TerminalRelay> terminal;
    if (spec.tty) {
        terminal = std::make_unique<container::TerminalRelay>();
        spec.ttySocket = terminal->initEnd();
    }

    const auto mountsBefore = container::readHostMounts();
    pipeline.start(info);
    // Formatting and writing run on another CPU than the tracer's stops (one CPU: inline).
    // A log on the terminal stays inline: there its lines keep their exact place among the
    // program's own output, which matters more to a reader than speed. So does a run that
    // only checks (-q and no file output): handing each event to another CPU costs more than
    // the checks themselves (rw_workload: 1.14x the floor inline, 1.19x through the thread).
    const bool logToFile = opts.quiet || !opts.outputFile.empty();
    const bool writesPerEvent =
        decodeNeeded || !opts.reportFile.empty() || !opts.seccompProfile.empty();
    tracer::EventRing output(pipeline, logToFile && writesPerEvent);
    // With the thread, formatting arguments moves there too (tracer/DecodeCapture.h).
    if (decodeNeeded) output.completeDeferredDecoding(opts.decode);
    const auto launcher = [&spec]() { return container::launcherMain(spec); };
    if (terminal) terminal->start();
    // With a second CPU for the output, the tracer runs as a child process and this one
    // formats and writes (tracer/TracerProcess.h: why a process, not a thread).
    const tracer::SessionResult result =
        output.shareWithChild() ? tracer::runTracerProcess(sessionOptions, output, launcher,
                                                           namespaceHandBack(namespaceInodes))
                                : tracer::Session(sessionOptions, output).run(launcher);
    if (terminal) terminal->stop();  // the operator's terminal as it was, before any report
    output.finish();  // every event is in the pipeline before anything below adds to it
    container::releaseRunResources(spec);  // the overlay's scratch layers, before the report
    reports::RunEnd end;
    if (cgroup) {
        end.cgroup = cgroupSummary(*cgroup, cgroup->stats());
        const std::string problem = cgroup->remove();
        if (!problem.empty()) printStderrLine("warning: " + problem);
    }

    // A mount made inside the container must not appear on the host.
    const auto mountsAfter = container::readHostMounts();
    for (const std::string& line : mountsAfter) {
        if (mountsBefore.count(line) >= mountsAfter.count(line)) continue;
        tracer::TracerNote note;
        note.kind = tracer::TracerNote::Kind::HostMountAdded;
        note.host = line.substr(0, line.find(' '));
        note.where = tracer::Where::Host;
        note.detail = "host mount table gained: " + line;
        pipeline.onNote(note);
    }

    end.exitCode = result.exitCode;
    end.termSignal = result.termSignal;
    end.timedOut = result.timedOut;
    end.interrupted = result.interrupted;
    end.interruptSignal = result.interruptSignal;
    end.durationNs = result.durationNs;
    end.namespaces = std::move(namespaceInodes);
    const reports::Verdict& verdict = pipeline.finish(end);

    if (result.interrupted) return 128 + result.interruptSignal;
    if (result.timedOut) return kExitTimeout;
    if (opts.failOnLeak && verdict.isLeak()) return kExitLeak;
    // Not seeing a leak is not proof there was none: a blind spot fails the run too.
    if (opts.failOnLeak && verdict.isInconclusive()) return kExitInconclusive;
    return result.exitCode;
}

}  // namespace

CommandBody addRunCommand(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* run = addRunOptions(app, *opts);
    (void)run;
    return [opts]() { return runTraced(*opts); };
}

}  // namespace scratch::cli
