#include "reports/documents/MarkdownReport.h"

#include <fmt/format.h>

#include <cstring>
#include <iterator>

#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/documents/FindingGroups.h"
#include "reports/documents/ReportWords.h"
#include "reports/documents/SetupSection.h"

namespace scratch::reports {

namespace {

/// Rows per where group: the host's are the point; the rest are context.
constexpr size_t kMaxHostRows = 100;
constexpr size_t kMaxOtherRows = 20;

/// The path as the container saw it, and the host object beside it when that differs.
std::string pathCell(const PathEntry& entry) {
    std::string out = MarkdownReport::code(displayText(containerPathText(entry)));
    const std::string host = hostPathBeside(entry);
    if (!host.empty()) out += " → host " + MarkdownReport::code(displayText(host));
    return out;
}

std::string joined(const std::set<std::string, std::less<>>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

/// A fenced block's fence: longer than any run of backticks in the lines.
std::string fenceFor(const std::vector<std::string>& lines) {
    size_t longest = 0;
    for (const auto& line : lines) {
        size_t run = 0;
        for (const char ch : line) {
            run = ch == '`' ? run + 1 : 0;
            longest = std::max(longest, run);
        }
    }
    // Parentheses, not braces: braces would pick the initializer_list<char> constructor.
    // NOLINTNEXTLINE(modernize-return-braced-init-list)
    return std::string(std::max<size_t>(3, longest + 1), '`');
}

/// The runtime's own setup: its syscalls, its steps and the paths only it touched.
void setupSectionMd(std::string& out, const SetupSection& section) {
    auto it = std::back_inserter(out);
    out +=
        "\n## The runtime's setup\n\nWhat scratch-trace did to build the container before "
        "the command ran: ";
    out += MarkdownReport::text(section.sentence) + ".\n";
    const auto& steps = section.steps;
    if (!steps.empty()) {
        fmt::format_to(it, "\n{}:\n\n", kSetupStepsIntro);
        for (size_t i = 0; i < steps.size(); ++i) {
            // Outside a table a code span shows "\\|" as it is: unescape the pipes.
            std::string line = MarkdownReport::code(steps[i].line);
            for (size_t at = line.find("\\|"); at != std::string::npos; at = line.find("\\|", at)) {
                line.erase(at, 1);
                ++at;
            }
            fmt::format_to(it, "{}. {}: {}\n", i + 1, line, MarkdownReport::text(steps[i].meaning));
        }
        fmt::format_to(it, "{}. {} (see Paths touched).\n", steps.size() + 1,
                       procReadsStep(section));
    }
    const auto& setupPaths = section.paths;
    if (setupPaths.empty()) return;
    fmt::format_to(it, "\nPaths only the setup touched ({}):\n\n", setupPaths.size());
    out += "| where | path (container → host) | access | syscalls |\n|---|---|---|---|\n";
    for (size_t row = 0; row < setupPaths.size() && row < kMaxOtherRows; ++row) {
        const PathEntry* entry = setupPaths[row];
        fmt::format_to(it, "| {} | {}{} | {} | {} |\n", whereLabel(entry->where), pathCell(*entry),
                       entry->reached ? "" : " (not reached)", accessText(entry->access),
                       joined(entry->syscalls));
    }
    if (setupPaths.size() > kMaxOtherRows) {
        fmt::format_to(it, "\n… and {} more (`report --format json` lists all).\n",
                       setupPaths.size() - kMaxOtherRows);
    }
}

}  // namespace

std::string MarkdownReport::code(std::string_view text) {
    size_t longest = 0;
    size_t run = 0;
    std::string body;
    for (const char ch : text) {
        run = ch == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
        if (ch == '|') {
            body += "\\|";
        } else if (ch == '\n' || ch == '\r') {
            body += ' ';
        } else {
            body += ch;
        }
    }
    const std::string ticks(longest + 1, '`');
    const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
    if (body.empty()) return "` `";
    return ticks + (pad ? " " : "") + body + (pad ? " " : "") + ticks;
}

std::string MarkdownReport::text(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        switch (ch) {
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '<':
            case '>':
            case '|':
            case '#':
                out += '\\';
                out += ch;
                break;
            case '\n':
            case '\r':
                out += ' ';
                break;
            default:
                out += ch;
        }
    }
    return out;
}

std::string MarkdownReport::render(const ReportModel& model, const RunEnd& end,
                                   const RunSummary& summary) {
    const RunInfo& info = model.info();
    std::string out;
    auto it = std::back_inserter(out);
    fmt::format_to(it, "# scratch-trace report: {}\n\n", code(commandText(info.command)));
    fmt::format_to(it, "Verdict: **{}**. {}\n\n", text(summary.line()), verdictSentence(summary));
    if (!model.note().empty()) fmt::format_to(it, "> **Note:** {}\n\n", text(model.note()));
    if (summary.totalFindings() > 0) {
        // The leak explained before anything else: one line per class, its fix once.
        const FindingSummary byClass = summarizeFindings(info, summary);
        out += "## Findings by class\n\nThe most direct first; each finding is listed below.\n\n";
        for (const FindingGroup& group : byClass.groups) {
            fmt::format_to(it, "- **{} {}** ({}): {}  \n  Fix: {}\n", severityLabel(group.severity),
                           code(findingClassName(group.klass)), group.count, text(group.evidence),
                           group.fixAbove ? "as above" : text(group.fix));
        }
        if (!byClass.rerun.empty()) {
            fmt::format_to(it, "\nRerun with{}:\n\n```sh\n{}\n```\n",
                           byClass.rerunNote.empty() ? "" : " (" + text(byClass.rerunNote) + ")",
                           byClass.rerun);
        }
        out += '\n';
    }

    const RunCounts& c = summary.counts;
    out += "| run | |\n|---|---|\n";
    fmt::format_to(it, "| command | {} |\n", code(commandText(info.command)));
    fmt::format_to(it, "| rootfs | {} |\n", code(displayText(info.rootfs)));
    fmt::format_to(it, "| exit | {} |\n", text(exitSentence(end)));
    if (end.cgroup) fmt::format_to(it, "| limits | {} |\n", text(limitsSentence(*end.cgroup)));
    fmt::format_to(it, "| counts | {} |\n\n", countsSentence(c));

    out += "## Isolation\n\n| setting | value | meaning |\n|---|---|---|\n";
    fmt::format_to(it, "| root mode | {} | {} |\n", code(rootModeName(info.rootMode)),
                   text(rootModeMeaning(info.rootMode)));
    fmt::format_to(it, "| /proc | {} | {} |\n", code(procModeName(info.procMode)),
                   text(procModeMeaning(info.procMode)));
    std::string namespaces;
    for (const auto& ns : info.namespaces) namespaces += (namespaces.empty() ? "" : ", ") + ns;
    fmt::format_to(it, "| namespaces | {} | new namespaces the container was given |\n",
                   namespaces.empty() ? "none" : text(namespaces));
    if (!end.namespaces.empty()) {
        fmt::format_to(it,
                       "| namespace inodes | {} | the container's (/proc/1/ns) next to the "
                       "host's; equal means shared |\n",
                       text(namespaceInodesSentence(end.namespaces)));
    }
    if (!info.filter.empty()) {
        fmt::format_to(it, "| filter | {} | only these syscalls are in the log{} |\n",
                       code("-e " + info.filter),
                       info.recordsEverything ? "" : "; the others were not stopped at all");
    }
    out += '\n';

    out += "## Process tree\n\n";
    const auto order = model.tree().depthFirst();
    if (order.empty()) out += "No task was seen.\n";
    for (const auto& [node, depth] : order) {
        out.append(static_cast<size_t>(depth) * 2, ' ');
        fmt::format_to(it, "- {} **{}**", node->isThread ? "thread" : "process",
                       text(pidsText(node->tid, node->nspid)));
        if (node->execs.empty()) {
            const std::string inherited = model.tree().commandLine(*node);
            if (!inherited.empty()) fmt::format_to(it, " (running {})", code(inherited));
        }
        fmt::format_to(it, ", {} syscalls, {}\n", node->syscalls, taskEnd(*node));
        for (const TaskExec& exec : node->execs) {
            out.append(static_cast<size_t>(depth) * 2 + 2, ' ');
            fmt::format_to(it, "- exec {} ({}, {})\n", code(commandText(exec.argv)),
                           code(displayText(exec.exe)), tracer::phaseName(exec.phase));
        }
    }
    if (model.tree().omitted() > 0) {
        fmt::format_to(it, "\n… and {} more tasks.\n", model.tree().omitted());
    }

    out +=
        "\n## Paths touched\n\nGrouped by where the object really was: host and "
        "host-procfs paths are outside the container.\n";
    const auto entries = summary.paths.sorted();
    size_t setupOnly = 0;
    std::vector<std::vector<const PathEntry*>> groups;
    for (const PathEntry* entry : entries) {
        if (!entry->workload && !model.showSetup()) {
            ++setupOnly;
            continue;
        }
        if (groups.empty() || groups.back().front()->where != entry->where) groups.emplace_back();
        groups.back().push_back(entry);
    }
    if (groups.empty()) out += "\nThe workload touched no path.\n";
    for (const auto& group : groups) {
        const tracer::Where where = group.front()->where;
        const bool host = where == tracer::Where::Host || where == tracer::Where::HostProcfs;
        const size_t cap = host ? kMaxHostRows : kMaxOtherRows;
        fmt::format_to(it, "\n### {}: {} path{}\n\n", whereLabel(where), group.size(),
                       group.size() == 1 ? "" : "s");
        out +=
            "| where | path (container → host) | access | syscalls | processes "
            "|\n|---|---|---|---|---|\n";
        for (size_t row = 0; row < group.size() && row < cap; ++row) {
            const PathEntry* entry = group[row];
            fmt::format_to(it, "| {} | {}{} | {} | {} | {} |\n", whereLabel(entry->where),
                           pathCell(*entry), entry->reached ? "" : " (not reached)",
                           accessText(entry->access), joined(entry->syscalls), entry->tgids.size());
        }
        if (group.size() > cap) {
            fmt::format_to(it, "\n… and {} more {} paths (`report --format json` lists all).\n",
                           group.size() - cap, whereLabel(where));
        }
    }
    if (setupOnly > 0) {
        fmt::format_to(it,
                       "\n{} path{} touched only by the runtime's setup {} listed in its own "
                       "section below.\n",
                       setupOnly, setupOnly == 1 ? "" : "s", setupOnly == 1 ? "is" : "are");
    }

    out += model.connections().markdown();

    out += "\n## Findings\n\n";
    if (summary.findings().empty()) out += "None.\n";
    const auto& excerpts = model.context().excerpts();
    for (size_t i = 0; i < summary.findings().size(); ++i) {
        const Finding& f = summary.findings()[i];
        fmt::format_to(it, "### {}. {} {}\n\n", i + 1, severityLabel(f.severity),
                       code(findingClassName(f.klass)));
        fmt::format_to(it, "{}\n\n", text(displayText(f.message)));
        fmt::format_to(it, "- **Task:** {}", text(pidsText(f.pid, f.nspid)));
        if (f.seq > 0) fmt::format_to(it, ", syscall #{}", f.seq);
        out += '\n';
        if (!f.host.empty()) fmt::format_to(it, "- **Host path:** {}\n", code(displayText(f.host)));
        fmt::format_to(it, "- **Fix:** {}\n", text(f.fix));
        // Excerpts line up with the kept findings when the model saw the same stream.
        if (i < excerpts.size() && !excerpts[i].lines.empty()) {
            const FindingExcerpt& excerpt = excerpts[i];
            std::vector<std::string> lines;
            for (size_t l = 0; l < excerpt.lines.size(); ++l) {
                lines.push_back((l == excerpt.mark ? "> " : "  ") + excerpt.lines[l]);
            }
            const std::string fence = fenceFor(lines);
            fmt::format_to(it, "\nThe log around it ({}):\n\n{}text\n",
                           excerpt.mark < lines.size() ? "`>` marks the syscall" : "just before",
                           fence);
            for (const auto& line : lines) out += line + '\n';
            out += fence + '\n';
        }
        out += '\n';
    }
    for (const auto& [klass, omitted] : summary.omitted()) {
        fmt::format_to(it, "… and {} more {} findings.\n\n", omitted, code(klass));
    }

    out += model.showSetup() ? "## Syscalls\n\nThe workload's and the runtime's setup's.\n\n"
                             : "## Syscalls\n\nThe workload's (the runtime's setup has its own "
                               "section below).\n\n";
    const SyscallStats shown =
        model.showSetup() ? summary.stats : summary.stats.without(summary.setupStats);
    const auto stats = shown.sorted();
    const SyscallStat total = shown.total();
    if (stats.empty()) out += "None.\n";
    out += "| syscall | calls | errors | time (µs) | % time |\n|---|--:|--:|--:|--:|\n";
    size_t statRows = 0;
    for (const SyscallStat& row : stats) {
        if (statRows++ >= kMaxReportRows) break;
        const double share = total.totalNs > 0 ? 100.0 * static_cast<double>(row.totalNs) /
                                                     static_cast<double>(total.totalNs)
                                               : 0.0;
        fmt::format_to(it, "| {} | {} | {} | {} | {:.2f} |\n", code(row.name), row.calls,
                       row.errors, row.totalNs / 1000, share);
    }
    if (!stats.empty()) {
        fmt::format_to(it, "| **total** | {} | {} | {} | 100.00 |\n", total.calls, total.errors,
                       total.totalNs / 1000);
    }
    setupSectionMd(out, setupSection(model.setupSteps(), summary));
    return out;
}

}  // namespace scratch::reports
