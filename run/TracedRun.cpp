#include "run/TracedRun.h"

#include <fmt/core.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "common/Error.h"
#include "common/StderrLine.h"
#include "container/cgroup/Cgroup.h"
#include "container/runtime/Namespaces.h"
#include "container/runtime/TerminalRelay.h"
#include "tracer/EventHandoff.h"
#include "tracer/TracerProcess.h"

namespace scratch::run {
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

/// The start record: what is run and how it is isolated.
reports::RunInfo runInfo(const RunRequest& request) {
    const container::Spec& spec = request.spec;
    reports::RunInfo info;
    info.toolVersion = SCRATCH_VERSION;
    info.rootfs = spec.rootfs.string();
    info.command = spec.command;
    info.rootMode = spec.rootMode;
    info.procMode = spec.procMode;
    info.namespaces = container::namespaceNames(spec);
    info.setup = container::setupSummary(spec);
    info.hostProcDev = devString("/proc");
    info.startEpochNs = wallNowNs();
    info.filter = request.filterText;
    info.decodeStringLimit = request.decode.maxString;
    info.decodeVerboseEnv = request.decode.showEnv;
    info.decodeHexStrings = tracer::hexStrings();
    return info;
}

/// Every kind of namespace, for the tracer to compare at the init's creation.
std::vector<tracer::NamespaceLink> namespaceLinks() {
    std::vector<tracer::NamespaceLink> links;
    for (const container::NamespaceKind& kind : container::kNamespaceKinds) {
        links.push_back({kind.name, kind.procName, kind.cloneFlag});
    }
    return links;
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

/// The ring's target: every event goes on to the outputs, and the container's namespaces, which
/// only the end summary shows, are kept for it. Calls the Pipeline's own functions directly:
/// inline, this is on the tracer's stops.
class RunListener final : public tracer::EventListener {
  public:
    explicit RunListener(reports::Pipeline& outputs) : outputs_(outputs) {}
    void onSyscall(const tracer::SyscallEvent& event) override {
        outputs_.reports::Pipeline::onSyscall(event);
    }
    void onProcess(const tracer::ProcessEvent& event) override {
        outputs_.reports::Pipeline::onProcess(event);
    }
    void onNote(const tracer::TracerNote& note) override {
        outputs_.reports::Pipeline::onNote(note);
    }
    void onSignal(const tracer::SignalEvent& event) override {
        outputs_.reports::Pipeline::onSignal(event);
    }
    void onNamespaces(const tracer::NamespacesEvent& event) override {
        namespaces = event.namespaces;
    }

    std::vector<reports::NamespaceInode> namespaces;  ///< empty until the init appeared

  private:
    reports::Pipeline& outputs_;
};

/// The caller's CPU affinity, given back however the run ends: a tracer that runs inline pins
/// the calling process to one CPU (SessionOptions::pinCpu).
class KeptAffinity {
  public:
    KeptAffinity() { kept_ = sched_getaffinity(0, sizeof set_, &set_) == 0; }
    ~KeptAffinity() {
        if (kept_) sched_setaffinity(0, sizeof set_, &set_);
    }
    KeptAffinity(const KeptAffinity&) = delete;
    KeptAffinity& operator=(const KeptAffinity&) = delete;

  private:
    cpu_set_t set_{};
    bool kept_ = false;
};

}  // namespace

int RunOutcome::exitStatus(bool failOnLeak) const {
    if (session.interrupted) return 128 + session.interruptSignal;
    if (session.timedOut) return kExitTimeout;
    if (failOnLeak && summary != nullptr && summary->isLeak()) return kExitLeak;
    if (failOnLeak && summary != nullptr && summary->isInconclusive()) return kExitInconclusive;
    return session.exitCode;
}

RunOutcome runTraced(RunRequest request, reports::Pipeline& outputs) {
    const KeptAffinity affinity;
    container::Spec& spec = request.spec;
    reports::RunInfo info = runInfo(request);

    tracer::SessionOptions sessionOptions;
    sessionOptions.rootfsHost = spec.rootfs.string();
    sessionOptions.checkRoots = spec.rootMode != container::RootMode::None;
    sessionOptions.decode = request.decode;
    sessionOptions.decodeArgs = request.decodeArgs;
    sessionOptions.decodeSetup = true;  // the reports explain each setup step from its line
    sessionOptions.pinCpu = request.pinCpu;
    sessionOptions.timeoutSeconds = request.timeoutSeconds;
    sessionOptions.stopOnly = stopSet(outputs.filter());
    sessionOptions.namespaceLinks = namespaceLinks();
    sessionOptions.watchHostMounts = true;
    // Say so wherever the run is reported: unselected syscalls were never seen.
    info.recordsEverything = sessionOptions.stopOnly.empty();

    // The run's cgroup exists before anything is forked (no cgroup support: one line, 125) and
    // the launcher joins it before it runs anything traced. Its destructor removes it on every
    // way out of this function; the normal path removes it below, after reading what it did.
    std::unique_ptr<container::Cgroup> cgroup;
    if (spec.limits.any()) cgroup = container::createRunCgroup(spec.limits);
    if (cgroup) sessionOptions.beforeTrace = [&cgroup](pid_t pid) { cgroup->attach(pid); };
    if (cgroup) info.ownCgroups = cgroup->paths();

    // --tty: the init sends the master of the container's pty; a thread relays to it.
    std::unique_ptr<container::TerminalRelay> terminal;
    if (spec.tty) {
        terminal = std::make_unique<container::TerminalRelay>();
        spec.ttySocket = terminal->initEnd();
    }

    outputs.start(info);
    RunListener listener(outputs);
    tracer::EventHandoff ring(listener, request.outputOnOtherCpu);
    // With the ring, formatting arguments moves to the output's side too (tracer/DecodeCapture.h).
    if (request.decodeArgs) ring.completeDeferredDecoding(request.decode);
    const auto launcher = [&spec]() { return container::launcherMain(spec); };
    if (terminal) terminal->start();
    RunOutcome outcome;
    // With a second CPU for the output, the tracer runs as a child process and this one
    // formats and writes (tracer/TracerProcess.h: why a process, not a thread).
    outcome.session = ring.shareWithChild()
                          ? tracer::runTracerProcess(sessionOptions, ring, launcher)
                          : tracer::Session(sessionOptions, ring).run(launcher);
    if (terminal) terminal->stop();  // the operator's terminal as it was, before any report
    ring.finish();  // every event is in the outputs before anything below adds to them
    container::releaseRunResources(spec);  // the overlay's scratch layers, before the report
    reports::RunEnd& end = outcome.end;
    if (cgroup) {
        end.cgroup = cgroupSummary(*cgroup, cgroup->stats());
        const std::string problem = cgroup->remove();
        if (!problem.empty()) printStderrLine("warning: " + problem);
    }
    const tracer::SessionResult& result = outcome.session;
    end.exitCode = result.exitCode;
    end.termSignal = result.termSignal;
    end.timedOut = result.timedOut;
    end.interrupted = result.interrupted;
    end.interruptSignal = result.interruptSignal;
    end.durationNs = result.durationNs;
    end.namespaces = std::move(listener.namespaces);
    outcome.summary = &outputs.finish(end);
    return outcome;
}

}  // namespace scratch::run
