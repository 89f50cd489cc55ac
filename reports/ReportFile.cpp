#include "reports/ReportFile.h"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iterator>

#include "common/Error.h"
#include "reports/JsonRecords.h"
#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/Verdict.h"

namespace scratch::reports {

namespace {

/// Rows of the paths table in the file reports (the JSON form has them all).
constexpr size_t kMaxFileRows = 500;

bool endsWith(const std::string& text, std::string_view suffix) {
    if (text.size() < suffix.size()) return false;
    std::string tail = text.substr(text.size() - suffix.size());
    for (auto& ch : tail) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return tail == suffix;
}

std::string commandText(const RunInfo& info) {
    std::string out;
    for (const auto& word : info.command) {
        if (!out.empty()) out += ' ';
        out += displayText(word);
    }
    return out;
}

/// Markdown table cells: | and newlines would break the row; backticks the code span.
std::string mdCell(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        if (ch == '|')
            out += "\\|";
        else if (ch == '\n')
            out += ' ';
        else
            out += ch;
    }
    return out;
}

std::string html(std::string_view text) {
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

std::string entryPath(const PathEntry& entry) {
    return displayText(entry.host.empty() ? entry.resolved : entry.host);
}

std::string syscallsText(const PathEntry& entry) {
    std::string out;
    for (const auto& name : entry.syscalls) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

std::string isolationText(const RunInfo& info) {
    std::string namespaces;
    for (const auto& ns : info.namespaces) namespaces += (namespaces.empty() ? "" : ", ") + ns;
    return fmt::format("root-mode {}, proc {}, namespaces {}", info.rootMode, info.procMode,
                       namespaces.empty() ? "none" : namespaces);
}

std::string exitText(const RunEnd& end) {
    std::string out = std::to_string(end.exitCode);
    if (end.termSignal != 0) out += " (killed by " + signalName(end.termSignal) + ")";
    if (end.timedOut) out += ", timed out";
    if (end.interrupted) out += ", interrupted: the trace is incomplete";
    return out;
}

}  // namespace

ReportFile::Format ReportFile::formatFor(const std::string& path) {
    if (endsWith(path, ".md") || endsWith(path, ".markdown")) return Format::Markdown;
    if (endsWith(path, ".html") || endsWith(path, ".htm")) return Format::Html;
    if (endsWith(path, ".json")) return Format::Json;
    throw Error("--report " + path + ": unknown format (use a .md, .html or .json file name)",
                kExitUsage);
}

ReportFile::ReportFile(std::string path) : path_(std::move(path)), format_(formatFor(path_)) {}

std::string ReportFile::render(Format format, const RunInfo& info, const RunEnd& end,
                               const Verdict& verdict) {
    switch (format) {
        case Format::Markdown:
            return renderMarkdown(info, end, verdict);
        case Format::Html:
            return renderHtml(info, end, verdict);
        case Format::Json:
            return renderJson(info, end, verdict);
    }
    return {};
}

void ReportFile::onFinish(const RunEnd& end, const Verdict& verdict) {
    const std::string text = render(format_, info_, end, verdict);
    const std::string tmp = path_ + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error("--report " + tmp + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            ::unlink(tmp.c_str());
            throw Error("--report " + tmp + ": " + std::strerror(err));
        }
        done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("--report " + tmp + ": " + std::strerror(err));
    }
    if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("--report " + path_ + ": " + std::strerror(err));
    }
}

std::string ReportFile::renderJson(const RunInfo& info, const RunEnd& end, const Verdict& verdict) {
    nlohmann::ordered_json report;
    report["type"] = "report";
    report["version"] = kJsonSchemaVersion;
    report["start"] = startRecord(info);
    report["summary"] = summaryRecord(end, verdict);
    return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string ReportFile::renderMarkdown(const RunInfo& info, const RunEnd& end,
                                       const Verdict& verdict) {
    std::string out;
    auto it = std::back_inserter(out);
    out += "# scratch-trace report\n\n";
    fmt::format_to(it, "- **Command:** `{}`\n", commandText(info));
    fmt::format_to(it, "- **Rootfs:** `{}`\n", displayText(info.rootfs));
    fmt::format_to(it, "- **Isolation:** {}\n", isolationText(info));
    fmt::format_to(it, "- **Exit:** {}\n", exitText(end));
    const RunCounts& c = verdict.counts;
    fmt::format_to(it,
                   "- **Counts:** {} syscalls ({} failed), {} processes, {} threads, {} execs\n",
                   c.syscalls, c.failed, c.processes, c.threads, c.execs);
    fmt::format_to(it, "- **Verdict:** **{}**\n\n", verdict.line());

    out += "## Findings\n\n";
    if (verdict.findings().empty()) out += "None.\n";
    for (const auto& f : verdict.findings()) {
        fmt::format_to(it, "- **{}** `{}` (pid {}{}): {}  \n  *Fix:* {}\n", f.severity, f.klass,
                       f.pid, f.seq > 0 ? fmt::format(", seq {}", f.seq) : std::string(),
                       mdCell(f.message), mdCell(f.fix));
    }
    for (const auto& [klass, omitted] : verdict.omitted()) {
        fmt::format_to(it, "- … and {} more `{}` findings\n", omitted, klass);
    }

    out += "\n## Paths touched\n\n| where | path | access | syscalls | processes |\n";
    out += "|---|---|---|---|---|\n";
    size_t rows = 0;
    const auto entries = verdict.paths.sorted();
    for (const PathEntry* entry : entries) {
        if (rows++ >= kMaxFileRows) break;
        fmt::format_to(it, "| {} | `{}`{} | {} | {} | {} |\n", whereLabel(entry->where),
                       mdCell(entryPath(*entry)), entry->workload ? "" : " (setup)",
                       accessText(entry->access), syscallsText(*entry), entry->tgids.size());
    }
    if (entries.size() > kMaxFileRows) {
        fmt::format_to(it, "\n… and {} more paths (the .json report lists all).\n",
                       entries.size() - kMaxFileRows);
    }
    out += "\n## Syscalls\n\n```\n" + verdict.stats.format() + "```\n";
    return out;
}

std::string ReportFile::renderHtml(const RunInfo& info, const RunEnd& end, const Verdict& verdict) {
    std::string out;
    auto it = std::back_inserter(out);
    out +=
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>scratch-trace report</title>\n<style>\n"
        "body{font-family:sans-serif;margin:2em;max-width:80em}\n"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
        "text-align:left}\ncode,pre{font-family:monospace}\n"
        ".leak{color:#b00;font-weight:bold}.warning{color:#a60}.isolated{color:#070;"
        "font-weight:bold}\n</style>\n</head>\n<body>\n<h1>scratch-trace report</h1>\n<ul>\n";
    fmt::format_to(it, "<li>Command: <code>{}</code></li>\n", html(commandText(info)));
    fmt::format_to(it, "<li>Rootfs: <code>{}</code></li>\n", html(displayText(info.rootfs)));
    fmt::format_to(it, "<li>Isolation: {}</li>\n", html(isolationText(info)));
    fmt::format_to(it, "<li>Exit: {}</li>\n", html(exitText(end)));
    const RunCounts& c = verdict.counts;
    fmt::format_to(it,
                   "<li>Counts: {} syscalls ({} failed), {} processes, {} threads, {} execs</li>\n",
                   c.syscalls, c.failed, c.processes, c.threads, c.execs);
    fmt::format_to(it, "<li>Verdict: <span class=\"{}\">{}</span></li>\n</ul>\n",
                   verdict.isLeak() ? "leak" : "isolated", html(verdict.line()));

    out += "<h2>Findings</h2>\n";
    if (verdict.findings().empty())
        out += "<p>None.</p>\n";
    else
        out += "<ul>\n";
    for (const auto& f : verdict.findings()) {
        fmt::format_to(it,
                       "<li><span class=\"{}\">{}</span> <code>{}</code> (pid {}, seq {}): {}"
                       "<br>Fix: {}</li>\n",
                       html(f.severity), html(f.severity), html(f.klass), f.pid, f.seq,
                       html(f.message), html(f.fix));
    }
    for (const auto& [klass, omitted] : verdict.omitted()) {
        fmt::format_to(it, "<li>… and {} more <code>{}</code> findings</li>\n", omitted,
                       html(klass));
    }
    if (!verdict.findings().empty()) out += "</ul>\n";

    out +=
        "<h2>Paths touched</h2>\n<table>\n<tr><th>where</th><th>path</th><th>access</th>"
        "<th>syscalls</th><th>processes</th></tr>\n";
    size_t rows = 0;
    const auto entries = verdict.paths.sorted();
    for (const PathEntry* entry : entries) {
        if (rows++ >= kMaxFileRows) break;
        fmt::format_to(it,
                       "<tr><td>{}</td><td><code>{}</code>{}</td><td>{}</td><td>{}</td>"
                       "<td>{}</td></tr>\n",
                       whereLabel(entry->where), html(entryPath(*entry)),
                       entry->workload ? "" : " (setup)", accessText(entry->access),
                       html(syscallsText(*entry)), entry->tgids.size());
    }
    out += "</table>\n";
    if (entries.size() > kMaxFileRows) {
        fmt::format_to(it, "<p>… and {} more paths (the .json report lists all).</p>\n",
                       entries.size() - kMaxFileRows);
    }
    out += "<h2>Syscalls</h2>\n<pre>" + html(verdict.stats.format()) + "</pre>\n</body>\n</html>\n";
    return out;
}

}  // namespace scratch::reports
