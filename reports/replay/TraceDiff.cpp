#include "reports/replay/TraceDiff.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/documents/ReportWords.h"
#include "reports/replay/JsonTraceReader.h"
#include "reports/replay/ReplayPipeline.h"

namespace scratch::reports {

namespace {

/// Rows per section before "... and N more".
constexpr size_t kMaxRows = 40;

/// isolated < inconclusive < leak: how much worse the second trace's claim is.
int verdictRank(const std::string& verdict) {
    return static_cast<int>(verdictFromName(verdict).value_or(IsolationVerdict::Isolated));
}

/// "(WORSE: now leaks)", "(FIXED)", ... for a verdict line that changed.
const char* verdictChange(const std::string& before, const std::string& after) {
    const int a = verdictRank(before);
    const int b = verdictRank(after);
    if (a == b) return "changed";
    if (b == 2) return "WORSE: now leaks";
    if (b == 1) return a == 0 ? "WORSE: now inconclusive" : "no leak seen now, but inconclusive";
    return a == 2 ? "FIXED" : "FIXED: no blind spot left";
}

/// info < warning < leak (the enum's order).
int severityRank(const std::string& severity) {
    return static_cast<int>(severityFromName(severity).value_or(Severity::Info));
}

bool outside(tracer::Where where) {
    return where == tracer::Where::Host || where == tracer::Where::HostProcfs ||
           where == tracer::Where::Unknown;
}

template <typename Map>
void addedRemoved(std::string& out, const char* title, const Map& a, const Map& b,
                  const std::function<std::string(const typename Map::value_type&)>& show) {
    std::vector<std::string> added;
    std::vector<std::string> removed;
    for (const auto& item : b) {
        if (a.find(item.first) == a.end()) added.push_back("  + " + show(item));
    }
    for (const auto& item : a) {
        if (b.find(item.first) == b.end()) removed.push_back("  - " + show(item));
    }
    auto it = std::back_inserter(out);
    if (added.empty() && removed.empty()) {
        fmt::format_to(it, "\n{}: no change\n", title);
        return;
    }
    fmt::format_to(it, "\n{}: {} added, {} removed\n", title, added.size(), removed.size());
    for (const auto* list : {&added, &removed}) {
        for (size_t i = 0; i < list->size() && i < kMaxRows; ++i) out += (*list)[i] + '\n';
        if (list->size() > kMaxRows) {
            fmt::format_to(it, "    ... and {} more\n", list->size() - kMaxRows);
        }
    }
}

}  // namespace

TraceDigest digestTrace(std::istream& in, const std::string& source) {
    JsonTraceReader reader(in, source);
    ReplayPipeline replay;
    TraceDigest digest;
    // The start record is read by the replay; keep a copy through a tiny sink.
    struct StartKeeper : Sink {
        RunInfo* info;
        explicit StartKeeper(RunInfo* target) : info(target) {}
        void onStart(const RunInfo& start) override { *info = start; }
    };
    replay.add(std::make_unique<StartKeeper>(&digest.info));
    const RunSummary& summary = replay.run(reader);
    digest.end = replay.end();
    digest.complete = replay.complete();
    digest.verdictLine = summary.line();
    digest.verdict = std::string(summary.verdict());
    digest.leak = summary.isLeak();
    digest.counts = summary.counts;
    for (const Finding& f : summary.findings()) {
        const std::string klass(findingClassName(f.klass));
        const std::string key = f.host.empty() ? klass : klass + " " + displayText(f.host);
        auto& severity = digest.findings[key];
        const std::string name(severityName(f.severity));
        if (severity.empty() || severityRank(name) > severityRank(severity)) severity = name;
    }
    for (const PathEntry* entry : summary.paths.sorted()) {
        if (!entry->workload) continue;
        const std::string& path =
            outside(entry->where) || entry->resolved.empty() ? entry->host : entry->resolved;
        const std::string shown = displayText(path.empty() ? entry->resolved : path);
        digest.paths[std::string(whereLabel(entry->where)) + " " + shown] = entry->where;
    }
    for (const SyscallStat& stat : summary.stats.sorted()) digest.syscalls[stat.name] = stat;
    return digest;
}

std::string diffTraces(const TraceDigest& a, const TraceDigest& b, const std::string& nameA,
                       const std::string& nameB) {
    std::string out;
    auto it = std::back_inserter(out);
    fmt::format_to(it, "--- {}  ({}; root-mode {}, proc {}){}\n", nameA,
                   commandText(a.info.command), rootModeName(a.info.rootMode),
                   procModeName(a.info.procMode), a.complete ? "" : "  [incomplete]");
    fmt::format_to(it, "+++ {}  ({}; root-mode {}, proc {}){}\n", nameB,
                   commandText(b.info.command), rootModeName(b.info.rootMode),
                   procModeName(b.info.procMode), b.complete ? "" : "  [incomplete]");
    if (a.verdictLine == b.verdictLine) {
        fmt::format_to(it, "\nverdict: {} (unchanged)\n", a.verdictLine);
    } else {
        const char* change = verdictChange(a.verdict, b.verdict);
        fmt::format_to(it, "\nverdict: {} -> {}  ({})\n", a.verdictLine, b.verdictLine, change);
    }
    if (a.end.exitCode != b.end.exitCode) {
        fmt::format_to(it, "exit:    {} -> {}\n", a.end.exitCode, b.end.exitCode);
    }
    addedRemoved<std::map<std::string, std::string>>(
        out, "findings (class and host path)", a.findings, b.findings,
        [](const auto& item) { return "[" + item.second + "] " + item.first; });
    // Severity changes of findings present in both.
    for (const auto& [key, severity] : b.findings) {
        const auto before = a.findings.find(key);
        if (before != a.findings.end() && before->second != severity) {
            fmt::format_to(it, "  ~ {}: {} -> {}\n", key, before->second, severity);
        }
    }
    std::map<std::string, tracer::Where> outsideA;
    std::map<std::string, tracer::Where> outsideB;
    std::map<std::string, tracer::Where> insideA;
    std::map<std::string, tracer::Where> insideB;
    for (const auto& [key, where] : a.paths) (outside(where) ? outsideA : insideA)[key] = where;
    for (const auto& [key, where] : b.paths) (outside(where) ? outsideB : insideB)[key] = where;
    const auto showPath = [](const auto& item) { return item.first; };
    addedRemoved<std::map<std::string, tracer::Where>>(out, "host paths outside the container",
                                                       outsideA, outsideB, showPath);
    addedRemoved<std::map<std::string, tracer::Where>>(
        out, "paths inside the container (as the container sees them)", insideA, insideB, showPath);

    fmt::format_to(
        it, "\nsyscalls: {} -> {} calls ({:+}), {} -> {} failed\n", a.counts.syscalls,
        b.counts.syscalls,
        static_cast<int64_t>(b.counts.syscalls) - static_cast<int64_t>(a.counts.syscalls),
        a.counts.failed, b.counts.failed);
    struct Change {
        std::string name;
        uint64_t before;
        uint64_t after;
    };
    std::vector<Change> changes;
    for (const auto& [name, stat] : a.syscalls) {
        const auto other = b.syscalls.find(name);
        const uint64_t after = other == b.syscalls.end() ? 0 : other->second.calls;
        if (after != stat.calls) changes.push_back({name, stat.calls, after});
    }
    for (const auto& [name, stat] : b.syscalls) {
        if (a.syscalls.find(name) == a.syscalls.end()) changes.push_back({name, 0, stat.calls});
    }
    std::sort(changes.begin(), changes.end(), [](const Change& x, const Change& y) {
        const auto dx = x.after > x.before ? x.after - x.before : x.before - x.after;
        const auto dy = y.after > y.before ? y.after - y.before : y.before - y.after;
        return dx != dy ? dx > dy : x.name < y.name;
    });
    if (changes.empty()) out += "  no per-syscall change\n";
    if (!changes.empty())
        fmt::format_to(it, "  {:<20} {:>8} {:>8} {:>8}\n", "SYSCALL", "BEFORE", "AFTER", "CHANGE");
    for (size_t i = 0; i < changes.size() && i < kMaxRows; ++i) {
        const Change& c = changes[i];
        const char* tag = c.before == 0 ? "  (new)" : c.after == 0 ? "  (gone)" : "";
        fmt::format_to(it, "  {:<20} {:>8} {:>8} {:>+8}{}\n", c.name, c.before, c.after,
                       static_cast<int64_t>(c.after) - static_cast<int64_t>(c.before), tag);
    }
    if (changes.size() > kMaxRows) {
        fmt::format_to(it, "  ... and {} more\n", changes.size() - kMaxRows);
    }
    return out;
}

}  // namespace scratch::reports
