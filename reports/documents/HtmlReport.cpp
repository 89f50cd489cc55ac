#include "reports/documents/HtmlReport.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/documents/FindingGroups.h"
#include "reports/documents/ReportWords.h"
#include "reports/documents/SetupSection.h"

namespace scratch::reports {

namespace {

constexpr const char* kStyle = R"(body{font-family:sans-serif;margin:2em;max-width:90em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right}code,pre{font-family:monospace}pre{background:#f7f7f7;padding:.5em;overflow-x:auto}
.leak{color:#b00;font-weight:bold}.warning{color:#a60}.info{color:#357}.isolated{color:#070;font-weight:bold}
.verdict{font-size:1.3em;padding:.5em;border:2px solid #ccc}.note{background:#fff3cd;padding:.5em}
svg{border:1px solid #ddd;background:#fff}svg text{font-family:monospace;font-size:11px}
.mark{background:#fdd}input.filter{width:30em;margin:.3em 0}
)";

/// Filters every table.filterable by its input (data-for), case-insensitive substring.
constexpr const char* kScript = R"(document.querySelectorAll('input.filter').forEach(function(box){
  var table=document.getElementById(box.getAttribute('data-for'));
  box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    table.querySelectorAll('tbody tr').forEach(function(row){
      row.style.display=row.textContent.toLowerCase().indexOf(q)>=0?'':'none';
    });
  });
});
)";

/// The path as the container saw it, and the host object beside it when that differs.
std::string pathCell(const PathEntry& entry) {
    std::string out =
        "<code>" + HtmlReport::escape(displayText(containerPathText(entry))) + "</code>";
    const std::string host = hostPathBeside(entry);
    if (!host.empty()) out += " → host <code>" + HtmlReport::escape(displayText(host)) + "</code>";
    return out;
}

std::string_view severityClass(Severity severity) { return severityName(severity); }

void processTreeSvg(std::string& out, const ReportModel& model) {
    const auto order = model.tree().depthFirst();
    if (order.empty()) {
        out += "<p>No task was seen.</p>\n";
        return;
    }
    const size_t shown = std::min(order.size(), HtmlReport::kMaxLanes);
    constexpr int kRow = 24;
    constexpr int kIndent = 28;
    const int height = static_cast<int>(shown) * kRow + 10;
    auto it = std::back_inserter(out);
    fmt::format_to(it,
                   "<svg id=\"process-tree\" xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" "
                   "height=\"{}\" role=\"img\" aria-label=\"process tree\">\n",
                   height);
    std::unordered_map<pid_t, size_t> rowOf;
    for (size_t i = 0; i < shown; ++i) {
        const auto& [node, depth] = order[i];
        rowOf[node->tid] = i;
        const int x = 10 + depth * kIndent;
        const int y = 5 + static_cast<int>(i) * kRow;
        if (node->parent > 0) {
            const auto parent = rowOf.find(node->parent);
            if (parent != rowOf.end()) {
                const int px = x - kIndent + 6;
                const int py = 5 + static_cast<int>(parent->second) * kRow + 18;
                fmt::format_to(it, "<path d=\"M{} {} V{} H{}\" fill=\"none\" stroke=\"#999\"/>\n",
                               px, py, y + 9, x);
            }
        }
        std::string label = pidsText(node->tid, node->nspid);
        const std::string command = model.tree().commandLine(*node);
        if (!command.empty()) label += "  " + command;
        if (label.size() > 100) label = label.substr(0, 97) + "...";
        const bool inContainer = node->nspid > 0;
        fmt::format_to(it,
                       "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" "
                       "rx=\"3\" fill=\"{}\" stroke=\"{}\"/><text x=\"{}\" y=\"{}\">{}{}</text>"
                       "</g>\n",
                       HtmlReport::escape(label + ", " + taskEnd(*node)), x, y,
                       static_cast<int>(label.size()) * 7 + 60, inContainer ? "#eef6ff" : "#f3f3f3",
                       node->isThread ? "#9ab" : "#468", x + 4, y + 13,
                       node->isThread ? "thread " : "", HtmlReport::escape(label));
    }
    out += "</svg>\n";
    if (order.size() > shown) {
        fmt::format_to(it, "<p>… and {} more tasks.</p>\n", order.size() - shown);
    }
}

/// The timeline's lane label for the runtime's setup, which has a lane of its own.
constexpr const char* kSetupLane = "setup (runtime)";

void timelineSvg(std::string& out, const ReportModel& model, const RunEnd& end) {
    const auto& events = model.events();
    if (events.empty()) {
        out += "<p>No syscall to show.</p>\n";
        return;
    }
    // Lanes: the runtime's setup first, all of its tasks in one lane; then one lane per task
    // that made workload calls, in tree order, capped.
    std::vector<const EventRow*> setup;
    std::unordered_map<pid_t, bool> hasWorkload;
    for (const EventRow& row : events) {
        if (row.workload) {
            hasWorkload[row.tid] = true;
        } else {
            setup.push_back(&row);
        }
    }
    const size_t first = setup.empty() ? 0 : 1;
    std::unordered_map<pid_t, size_t> lane;
    std::vector<std::string> labels;
    if (!setup.empty()) labels.emplace_back(kSetupLane);
    for (const auto& [node, depth] : model.tree().depthFirst()) {
        if (labels.size() - first >= HtmlReport::kMaxLanes) break;
        if (hasWorkload.count(node->tid) == 0) continue;
        lane[node->tid] = labels.size();
        labels.push_back(pidsText(node->tid, node->nspid));
    }
    const auto span = std::max<int64_t>({end.durationNs, model.lastTsNs(), 1});
    constexpr int kLabel = 150;
    constexpr int kWidth = 1000;
    constexpr int kLane = 16;
    const double scale = static_cast<double>(kWidth) / static_cast<double>(span);
    const int height = static_cast<int>(labels.size()) * kLane + 24;
    auto it = std::back_inserter(out);
    fmt::format_to(it,
                   "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
                   "height=\"{}\" role=\"img\" aria-label=\"timeline of the runtime's setup, "
                   "then of each task's syscalls\">\n",
                   kLabel + kWidth + 10, height);
    if (!setup.empty()) {
        fmt::format_to(it, "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#f3f3f3\"/>\n",
                       kLabel + kWidth + 10, kLane);
    }
    for (size_t i = 0; i < labels.size(); ++i) {
        const int y = static_cast<int>(i) * kLane;
        fmt::format_to(it,
                       "<text x=\"2\" y=\"{}\">{}</text><line x1=\"{}\" y1=\"{}\" x2=\"{}\" "
                       "y2=\"{}\" stroke=\"#eee\"/>\n",
                       y + 12, HtmlReport::escape(labels[i]), kLabel, y + 8, kLabel + kWidth,
                       y + 8);
    }
    const auto bar = [&](const EventRow& row, size_t at) {
        const double x = kLabel + static_cast<double>(row.tsNs) * scale;
        const double w = std::max(1.0, static_cast<double>(row.durationNs) * scale);
        const bool outside = row.where.find("host") != std::string::npos;
        const char* color = outside ? "#c00" : row.failed ? "#e90" : row.workload ? "#36c" : "#999";
        fmt::format_to(it,
                       "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"12\" fill=\"{}\">"
                       "<title>#{} {}</title></rect>\n",
                       x, static_cast<int>(at) * kLane + 2, w, color, row.seq,
                       HtmlReport::escape(row.line));
    };
    // The setup's tasks overlap in one lane (the runtime waits while the container's init
    // mounts): the longest bars go first, so every short one stays on top, to hover.
    std::stable_sort(setup.begin(), setup.end(), [](const EventRow* a, const EventRow* b) {
        return a->durationNs > b->durationNs;
    });
    for (const EventRow* row : setup) bar(*row, 0);
    for (const EventRow& row : events) {
        if (!row.workload) continue;
        const auto at = lane.find(row.tid);
        if (at != lane.end()) bar(row, at->second);
    }
    fmt::format_to(it,
                   "<text x=\"{}\" y=\"{}\">0</text><text x=\"{}\" y=\"{}\" "
                   "text-anchor=\"end\">{:.3f} ms</text>\n</svg>\n",
                   kLabel, height - 4, kLabel + kWidth, height - 4,
                   static_cast<double>(span) / 1e6);
    out +=
        "<p>The top lane, <i>setup (runtime)</i>, holds the runtime's setup, every task's (grey); "
        "below it one lane per task that ran the workload (blue). Orange: failed; red: reached "
        "the host. Hover for the log line.</p>\n";
}

/// Tables longer than this are collapsed: the verdict and findings stay on the first screen.
constexpr size_t kMaxOpenRows = 50;

/// Wraps what `out` got since `from` (a filter box and its table of `rows` rows) in a closed
/// <details> when the table is long.
void collapseLong(std::string& out, size_t from, size_t rows, std::string_view what) {
    if (rows <= kMaxOpenRows) return;
    out.insert(from,
               fmt::format("<details><summary>{} {} (click to show)</summary>\n", rows, what));
    out += "</details>\n";
}

/// The runtime's setup, collapsed: its counts, its steps as md and text tell them and the
/// paths only it touched.
void setupSectionHtml(std::string& out, const SetupSection& setup) {
    auto it = std::back_inserter(out);
    fmt::format_to(it,
                   "<h2 id=\"setup\">The runtime's setup</h2>\n<details><summary>What "
                   "scratch-trace did to build the container before the command ran: {} (click to "
                   "show)</summary>\n",
                   HtmlReport::escape(setup.sentence));
    if (!setup.steps.empty()) {
        fmt::format_to(it, "<p>{}:</p>\n<ol>\n", HtmlReport::escape(kSetupStepsIntro));
        for (const SetupStep& step : setup.steps) {
            fmt::format_to(it, "<li><code>{}</code>: {}</li>\n", HtmlReport::escape(step.line),
                           HtmlReport::escape(step.meaning));
        }
        fmt::format_to(it, "<li>{} (see Paths touched).</li>\n</ol>\n",
                       HtmlReport::escape(procReadsStep(setup)));
    }
    if (!setup.paths.empty()) {
        fmt::format_to(it,
                       "<p>Paths only the setup touched ({}):</p>\n<table>\n<tr><th>where</th>"
                       "<th>path (container → host)</th><th>access</th><th>syscalls</th></tr>\n",
                       setup.paths.size());
        for (size_t row = 0; row < setup.paths.size() && row < kMaxReportRows; ++row) {
            const PathEntry* entry = setup.paths[row];
            std::string syscalls;
            for (const auto& name : entry->syscalls) {
                syscalls += (syscalls.empty() ? "" : ", ") + name;
            }
            fmt::format_to(it, "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>\n",
                           whereLabel(entry->where), pathCell(*entry),
                           entry->reached ? "" : " (not reached)", accessText(entry->access),
                           HtmlReport::escape(syscalls));
        }
        out += "</table>\n";
    }
    out += "</details>\n";
}

}  // namespace

std::string HtmlReport::escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += ch;
        }
    }
    return out;
}

std::string HtmlReport::render(const ReportModel& model, const RunEnd& end,
                               const RunSummary& summary) {
    const RunInfo& info = model.info();
    std::string out;
    auto it = std::back_inserter(out);
    fmt::format_to(it,
                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<title>scratch-trace report: {}</title>\n<style>\n{}</style>\n</head>\n"
                   "<body>\n<h1>scratch-trace report: <code>{}</code></h1>\n",
                   escape(commandText(info.command)), kStyle, escape(commandText(info.command)));
    fmt::format_to(it, "<p class=\"verdict\">Verdict: <span class=\"{}\">{}</span>. {}</p>\n",
                   // Inconclusive takes the warning colour: no leak seen, but not a clean claim.
                   summary.isLeak()           ? "leak"
                   : summary.isInconclusive() ? "warning"
                                              : "isolated",
                   escape(summary.line()), escape(verdictSentence(summary)));
    if (!model.note().empty()) {
        fmt::format_to(it, "<p class=\"note\"><b>Note:</b> {}</p>\n", escape(model.note()));
    }
    if (summary.totalFindings() > 0) {
        // The leak explained before any table: one line per class, its fix once.
        const FindingSummary byClass = summarizeFindings(info, summary);
        out +=
            "<h2>Findings by class</h2>\n<p>The most direct first; each finding is listed "
            "below.</p>\n<ul>\n";
        for (const FindingGroup& group : byClass.groups) {
            fmt::format_to(it,
                           "<li><b><span class=\"{}\">{}</span> <code>{}</code></b> ({}): "
                           "{}<br>Fix: {}</li>\n",
                           severityClass(group.severity), severityLabel(group.severity),
                           findingClassName(group.klass), group.count, escape(group.evidence),
                           group.fixAbove ? "as above" : escape(group.fix));
        }
        out += "</ul>\n";
        if (!byClass.rerun.empty()) {
            fmt::format_to(it, "<p>Rerun with{}:</p>\n<pre>{}</pre>\n",
                           byClass.rerunNote.empty() ? "" : " (" + escape(byClass.rerunNote) + ")",
                           escape(byClass.rerun));
        }
    }
    out += "<h2>Findings</h2>\n";
    if (summary.findings().empty()) out += "<p>None.</p>\n";
    {
        const auto& excerpts = model.context().excerpts();
        for (size_t i = 0; i < summary.findings().size(); ++i) {
            const Finding& f = summary.findings()[i];
            fmt::format_to(it,
                           "<h3>{}. <span class=\"{}\">{}</span> <code>{}</code></h3>\n<p>{}</p>\n"
                           "<ul><li>Task: {}{}</li>\n",
                           i + 1, severityClass(f.severity), severityLabel(f.severity),
                           findingClassName(f.klass), escape(displayText(f.message)),
                           escape(pidsText(f.pid, f.nspid)),
                           f.seq > 0 ? fmt::format(", syscall #{}", f.seq) : std::string());
            if (!f.host.empty()) {
                fmt::format_to(it, "<li>Host path: <code>{}</code></li>\n",
                               escape(displayText(f.host)));
            }
            fmt::format_to(it, "<li>Fix: {}</li></ul>\n", escape(f.fix));
            if (i < excerpts.size() && !excerpts[i].lines.empty()) {
                out += "<pre>";
                for (size_t l = 0; l < excerpts[i].lines.size(); ++l) {
                    const bool mark = l == excerpts[i].mark;
                    fmt::format_to(it, "{}{}{}\n", mark ? "<span class=\"mark\">" : "",
                                   escape(excerpts[i].lines[l]), mark ? "</span>" : "");
                }
                out += "</pre>\n";
            }
        }
        for (const auto& [klass, omitted] : summary.omitted()) {
            fmt::format_to(it, "<p>… and {} more <code>{}</code> findings.</p>\n", omitted,
                           escape(klass));
        }
    }

    // Collapsed right after the findings: one line on the first screen, the steps a click away.
    setupSectionHtml(out, setupSection(model.setupSteps(), summary));

    const RunCounts& c = summary.counts;
    fmt::format_to(it,
                   "<table>\n<tr><th>command</th><td><code>{}</code></td></tr>\n"
                   "<tr><th>rootfs</th><td><code>{}</code></td></tr>\n"
                   "<tr><th>exit</th><td>{}</td></tr>\n"
                   "<tr><th>counts</th><td>{}</td></tr>\n</table>\n",
                   escape(commandText(info.command)), escape(displayText(info.rootfs)),
                   escape(exitSentence(end)), escape(countsSentence(c)));
    if (end.cgroup) {
        // Inside the run table, before its closing tag.
        out.insert(
            out.rfind("</table>\n"),
            "<tr><th>limits</th><td>" + escape(limitsSentence(*end.cgroup)) + "</td></tr>\n");
    }

    std::string namespaces;
    for (const auto& ns : info.namespaces) namespaces += (namespaces.empty() ? "" : ", ") + ns;
    fmt::format_to(it,
                   "<h2>Isolation</h2>\n<table>\n<tr><th>setting</th><th>value</th>"
                   "<th>meaning</th></tr>\n"
                   "<tr><td>root mode</td><td><code>{}</code></td><td>{}</td></tr>\n"
                   "<tr><td>/proc</td><td><code>{}</code></td><td>{}</td></tr>\n"
                   "<tr><td>namespaces</td><td>{}</td><td>new namespaces the container was "
                   "given</td></tr>\n",
                   escape(rootModeName(info.rootMode)), escape(rootModeMeaning(info.rootMode)),
                   escape(procModeName(info.procMode)), escape(procModeMeaning(info.procMode)),
                   escape(namespaces.empty() ? "none" : namespaces));
    if (!end.namespaces.empty()) {
        fmt::format_to(it,
                       "<tr><td>namespace inodes</td><td>{}</td><td>the container's "
                       "(/proc/1/ns) next to the host's; equal means shared</td></tr>\n",
                       escape(namespaceInodesSentence(end.namespaces)));
    }
    if (!info.filter.empty()) {
        fmt::format_to(it,
                       "<tr><td>filter</td><td><code>-e {}</code></td><td>only these "
                       "syscalls are in the log</td></tr>\n",
                       escape(info.filter));
    }
    out += "</table>\n";

    out += "<h2>Process tree</h2>\n";
    processTreeSvg(out, model);
    out += "<ul>\n";
    for (const auto& [node, depth] : model.tree().depthFirst()) {
        fmt::format_to(it, "<li style=\"margin-left:{}em\">{} <b>{}</b>, {} syscalls, {}",
                       depth * 1.5, node->isThread ? "thread" : "process",
                       escape(pidsText(node->tid, node->nspid)), node->syscalls, taskEnd(*node));
        for (const TaskExec& exec : node->execs) {
            fmt::format_to(it, "<br>exec <code>{}</code> (<code>{}</code>, {})",
                           escape(commandText(exec.argv)), escape(displayText(exec.exe)),
                           tracer::phaseName(exec.phase));
        }
        out += "</li>\n";
    }
    out += "</ul>\n<h2>Timeline</h2>\n";
    timelineSvg(out, model, end);

    out += "<h2>Paths touched</h2>\n";
    const auto entries = summary.paths.sorted();
    const size_t pathsAt = out.size();
    out +=
        "<input class=\"filter\" data-for=\"paths\" placeholder=\"filter paths\">\n"
        "<table id=\"paths\" class=\"filterable\">\n<thead><tr><th>where</th><th>path (container → "
        "host)</th>"
        "<th>access</th><th>syscalls</th><th>processes</th></tr></thead>\n<tbody>\n";
    size_t rows = 0;
    size_t setupOnly = 0;
    for (const PathEntry* entry : entries) {
        if (!entry->workload && !model.showSetup()) {
            ++setupOnly;
            continue;
        }
        if (rows++ >= kMaxReportRows) break;
        std::string syscalls;
        for (const auto& name : entry->syscalls) syscalls += (syscalls.empty() ? "" : ", ") + name;
        fmt::format_to(it,
                       "<tr><td>{}</td><td>{}{}{}</td><td>{}</td><td>{}</td>"
                       "<td class=\"n\">{}</td></tr>\n",
                       whereLabel(entry->where), pathCell(*entry),
                       entry->workload ? "" : " (setup)", entry->reached ? "" : " (not reached)",
                       accessText(entry->access), escape(syscalls), entry->tgids.size());
    }
    out += "</tbody>\n</table>\n";
    collapseLong(out, pathsAt, rows, "paths");
    if (entries.size() - setupOnly > kMaxReportRows) {
        fmt::format_to(it,
                       "<p>… and {} more paths (<code>report --format json</code> lists "
                       "all).</p>\n",
                       entries.size() - setupOnly - kMaxReportRows);
    }
    if (setupOnly > 0) {
        fmt::format_to(it,
                       "<p>{} path{} touched only by the runtime's setup {} listed in its own "
                       "section above.</p>\n",
                       setupOnly, setupOnly == 1 ? "" : "s", setupOnly == 1 ? "is" : "are");
    }

    out += model.connections().html();
    out += model.showSetup()
               ? "<h2>Syscalls</h2>\n<p>The workload's and the runtime's setup's.</p>\n"
               : "<h2>Syscalls</h2>\n<p>The workload's (the runtime's setup has its "
                 "own section above).</p>\n";
    const SyscallStats shown =
        model.showSetup() ? summary.stats : summary.stats.without(summary.setupStats);
    const SyscallStat total = shown.total();
    const size_t syscallsAt = out.size();
    out +=
        "<input class=\"filter\" data-for=\"syscalls\" placeholder=\"filter syscalls\">\n"
        "<table id=\"syscalls\" class=\"filterable\">\n<thead><tr><th>syscall</th>"
        "<th>calls</th><th>errors</th><th>time (µs)</th><th>% time</th></tr></thead>\n"
        "<tbody>\n";
    size_t statRows = 0;
    for (const SyscallStat& row : shown.sorted()) {
        if (statRows++ >= kMaxReportRows) break;
        const double share = total.totalNs > 0 ? 100.0 * static_cast<double>(row.totalNs) /
                                                     static_cast<double>(total.totalNs)
                                               : 0.0;
        fmt::format_to(it,
                       "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}"
                       "</td><td class=\"n\">{}</td><td class=\"n\">{:.2f}</td></tr>\n",
                       escape(row.name), row.calls, row.errors, row.totalNs / 1000, share);
    }
    fmt::format_to(it,
                   "</tbody>\n<tfoot><tr><th>total</th><td class=\"n\">{}</td><td class=\"n\">"
                   "{}</td><td class=\"n\">{}</td><td class=\"n\">100.00</td></tr></tfoot>\n"
                   "</table>\n",
                   total.calls, total.errors, total.totalNs / 1000);
    collapseLong(out, syscallsAt, statRows, "syscalls");

    out += "<h2>Events</h2>\n";
    const auto& events = model.events();
    const size_t eventsAt = out.size();
    out +=
        "<input class=\"filter\" data-for=\"events\" placeholder=\"filter events: a pid, a "
        "syscall, a path, host\">\n<table id=\"events\" class=\"filterable\">\n<thead><tr>"
        "<th>seq</th><th>phase</th><th>where</th><th>log line</th></tr></thead>\n<tbody>\n";
    for (const EventRow& row : events) {
        fmt::format_to(it,
                       "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td><code>{}</code>"
                       "</td></tr>\n",
                       row.seq, row.workload ? "workload" : "setup", escape(row.where),
                       escape(row.line));
    }
    out += "</tbody>\n</table>\n";
    collapseLong(out, eventsAt, events.size(), "syscalls");
    if (model.eventsOmitted() > 0) {
        fmt::format_to(it, "<p>… and {} more syscalls (the JSON Lines trace has them all).</p>\n",
                       model.eventsOmitted());
    }
    fmt::format_to(it, "<script>\n{}</script>\n</body>\n</html>\n", kScript);
    return out;
}

}  // namespace scratch::reports
