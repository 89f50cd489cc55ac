#include "reports/documents/EndReport.h"

#include <fmt/format.h>

#include <cstring>
#include <iterator>

#include "common/Error.h"
#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/PathTable.h"
#include "reports/RunSummary.h"
#include "reports/documents/FindingGroups.h"
#include "reports/documents/ReportWords.h"
#include "reports/documents/SetupSection.h"
#include "reports/outputs/LogLine.h"

namespace scratch::reports {

namespace {

/// "openat,read" or "openat,read,+3" when long.
std::string syscallList(const PathEntry& entry) {
    std::string out;
    size_t shown = 0;
    for (const auto& name : entry.syscalls) {
        if (shown == 3) {
            out += ",+" + std::to_string(entry.syscalls.size() - shown);
            break;
        }
        if (!out.empty()) out += ',';
        out += name;
        ++shown;
    }
    return out;
}

std::string pidText(pid_t pid, pid_t nspid) {
    return nspid > 0 ? fmt::format("{}/{}", pid, nspid) : std::to_string(pid);
}

}  // namespace

std::string findingGroupsText(const FindingSummary& summary) {
    std::string out = "\nthe findings by class, the most direct first:\n";
    auto it = std::back_inserter(out);
    for (const FindingGroup& group : summary.groups) {
        fmt::format_to(it, "  {:<7} {:<19} {:>4}  {}\n", severityLabel(group.severity),
                       findingClassName(group.klass), group.count, group.evidence);
        if (!group.fixAbove) fmt::format_to(it, "  {:<7} fix: {}\n", "", group.fix);
    }
    if (!summary.rerun.empty()) {
        fmt::format_to(it, "rerun with: {}{}\n", summary.rerun,
                       summary.rerunNote.empty() ? "" : "  (" + summary.rerunNote + ")");
    }
    return out;
}

EndReport::EndReport(Output out, EndReportOptions options)
    : out_(std::move(out)), options_(options) {}

EndReport::EndReport(FILE* file, EndReportOptions options) : EndReport(Output(file), options) {}

void EndReport::onSyscall(const tracer::SyscallEvent& event) {
    if (event.phase == tracer::Phase::Setup) steps_.onSyscall(event, logLine(event));
}

void EndReport::onFinish(const RunEnd& end, const RunSummary& summary) {
    out_.write(render(info_, end, summary, options_, steps_));
    if (!out_.flush()) {
        throw Error(std::string("writing the end report: ") + std::strerror(out_.error()));
    }
}

std::string EndReport::render(const RunInfo& info, const RunEnd& end, const RunSummary& summary,
                              const EndReportOptions& options, const SetupSteps& steps) {
    std::string out;
    auto it = std::back_inserter(out);
    out += "== scratch-trace report ==\n";
    fmt::format_to(it, "command:    {}\n", commandText(info.command));
    fmt::format_to(it, "rootfs:     {}\n", displayText(info.rootfs));
    std::string namespaces;
    for (const auto& ns : info.namespaces) namespaces += (namespaces.empty() ? "" : ",") + ns;
    fmt::format_to(it, "isolation:  root-mode {}, proc {}, namespaces {}\n",
                   rootModeName(info.rootMode), procModeName(info.procMode),
                   namespaces.empty() ? "none" : namespaces);
    if (!end.namespaces.empty()) {
        fmt::format_to(it, "ns inodes:  {}\n", namespaceInodesSentence(end.namespaces));
    }
    if (!info.setup.empty()) {
        std::string setup;
        for (const auto& item : info.setup) setup += (setup.empty() ? "" : " ") + item;
        fmt::format_to(it, "setup:      {}\n", setup);
    }
    if (!info.filter.empty()) {
        fmt::format_to(it, "filter:     -e {}{}\n", info.filter,
                       info.recordsEverything
                           ? ""
                           : " (only these syscalls stopped: the checks saw only them)");
    }
    fmt::format_to(it, "exit:       {}\n", exitSentence(end));
    if (end.cgroup) fmt::format_to(it, "limits:     {}\n", limitsSentence(*end.cgroup));
    const RunCounts& c = summary.counts;
    fmt::format_to(it, "counts:     {}\n", countsSentence(c));

    // The table of paths, grouped by where, most interesting first.
    const auto entries = summary.paths.sorted();
    size_t listedTotal = 0;
    size_t setupOnly = 0;
    size_t outside = 0;
    for (const PathEntry* entry : entries) {
        if (!entry->workload && !options.setupPaths) {
            ++setupOnly;
            continue;
        }
        ++listedTotal;
        if (entry->where == tracer::Where::Host || entry->where == tracer::Where::HostProcfs) {
            ++outside;
        }
    }
    fmt::format_to(it, "\npaths touched by the workload: {} ({} outside the container)\n",
                   listedTotal, outside);
    if (listedTotal > 0) {
        fmt::format_to(it, "  {:<17} {:<18} {:>5}  {:<24} {}\n", "WHERE", "ACCESS", "PROCS",
                       "SYSCALLS", "PATH (container; host object)");
    }
    size_t groupRows = 0;
    size_t groupHidden = 0;
    tracer::Where group = tracer::Where::Unknown;
    bool inGroup = false;
    const auto closeGroup = [&] {
        if (inGroup && groupHidden > 0) {
            fmt::format_to(it, "  ... and {} more {} path{}\n", groupHidden, whereLabel(group),
                           groupHidden == 1 ? "" : "s");
        }
    };
    for (const PathEntry* entry : entries) {
        if (!entry->workload && !options.setupPaths) continue;
        if (!inGroup || entry->where != group) {
            closeGroup();
            group = entry->where;
            inGroup = true;
            groupRows = 0;
            groupHidden = 0;
        }
        const bool hostGroup = group == tracer::Where::Host || group == tracer::Where::HostProcfs;
        if (groupRows >= (hostGroup ? options.maxHostRows : options.maxOtherRows)) {
            ++groupHidden;
            continue;
        }
        ++groupRows;
        std::string path = displayText(containerPathText(*entry));
        const std::string host = hostPathBeside(*entry);
        if (!host.empty()) path += "; host " + displayText(host);
        if (entry->host.empty()) path += " (no host path)";
        if (!entry->reached) path += " (not reached)";
        fmt::format_to(it, "  {:<17} {:<18} {:>5}  {:<24} {}\n", whereLabel(entry->where),
                       accessText(entry->access), entry->tgids.size(), syscallList(*entry), path);
    }
    closeGroup();
    if (setupOnly > 0) {
        fmt::format_to(
            it,
            "  ({} path{} touched only by the runtime's setup not listed; --setup lists them)\n",
            setupOnly, setupOnly == 1 ? "" : "s");
    }

    const SetupSection setup = setupSection(steps, summary);
    fmt::format_to(it, "\nthe runtime's setup: {}{}\n", setup.sentence,
                   options.setupPaths ? " (its paths are listed above)" : "");
    if (!setup.steps.empty()) {
        // The same steps md and html tell, the log line then what it does.
        fmt::format_to(it, "  {}:\n", kSetupStepsIntro);
        for (size_t i = 0; i < setup.steps.size(); ++i) {
            fmt::format_to(it, "  {:>3}. {}\n       {}\n", i + 1, setup.steps[i].line,
                           setup.steps[i].meaning);
        }
        fmt::format_to(it, "  {:>3}. {}\n", setup.steps.size() + 1, procReadsStep(setup));
    }

    // Findings with their fixes.
    const auto& bySeverity = summary.bySeverity();
    const auto count = [&](const char* name) -> uint64_t {
        const auto found = bySeverity.find(name);
        return found == bySeverity.end() ? 0 : found->second;
    };
    const uint64_t leaks = count("leak");
    const uint64_t warnings = count("warning");
    const uint64_t infos = count("info");
    if (summary.totalFindings() == 0) {
        out += "\nfindings: none\n";
    } else {
        fmt::format_to(it, "\nfindings: {} leak{}, {} warning{}", leaks, leaks == 1 ? "" : "s",
                       warnings, warnings == 1 ? "" : "s");
        if (infos > 0) fmt::format_to(it, ", {} info", infos);
        out += '\n';
        // Each finding first, then the grouped explanation right above the verdict: the last
        // screen of the run is what a reader sees.
        for (const auto& finding : summary.findings()) {
            fmt::format_to(it, "  [{}] {} (pid {}", severityLabel(finding.severity),
                           findingClassName(finding.klass), pidText(finding.pid, finding.nspid));
            if (finding.seq > 0) fmt::format_to(it, ", seq {}", finding.seq);
            fmt::format_to(it, "): {}\n", finding.message);
        }
        for (const auto& [klass, omitted] : summary.omitted()) {
            fmt::format_to(it, "  ... and {} more {} finding{} (see --json)\n", omitted, klass,
                           omitted == 1 ? "" : "s");
        }
        out += findingGroupsText(summarizeFindings(info, summary, options.hostNames));
    }
    fmt::format_to(it, "\nverdict: {}\n", summary.line());
    return out;
}

}  // namespace scratch::reports
