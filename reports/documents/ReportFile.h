// The end report as a document (--report FILE, `report --format md|html|json`): Markdown, HTML or
// JSON. The Markdown and HTML renderers live in MarkdownReport and HtmlReport; this sink collects
// what they need (a ReportModel) and writes at finish. A file is written to FILE.tmp and renamed
// at the end, so a reader never sees half a report.
#pragma once

#include <cstdio>
#include <string>

#include "reports/Sink.h"
#include "reports/documents/ReportModel.h"

namespace scratch::reports {

/// Writes the report at finish. The format is checked at construction, before anything runs.
class ReportFile : public Sink {
  public:
    /// Its finding excerpts and the HTML's event table are log lines.
    bool showsArguments() const override { return true; }
    enum class Format { Markdown, Html, Json };

    /// Throws scratch::Error(kExitUsage) when the extension is not .md, .html/.htm or .json.
    explicit ReportFile(std::string path);
    /// A file in `format`, whatever its extension.
    ReportFile(std::string path, Format format);
    /// Writes to `file` (not closed) instead of a path.
    ReportFile(Format format, FILE* file);

    void onStart(const RunInfo& info) override { model_.onStart(info); }
    void onSyscall(const tracer::SyscallEvent& event) override { model_.onSyscall(event); }
    void onProcess(const tracer::ProcessEvent& event) override { model_.onProcess(event); }
    void onFinding(const Finding& finding) override { model_.onFinding(finding); }
    void onFinish(const RunEnd& end, const RunSummary& summary) override;

    /// A note shown at the top (a replayed trace that was cut short).
    void setNote(std::string note) { model_.setNote(std::move(note)); }
    /// --setup: the runtime's setup in the workload's tables too.
    void setShowSetup(bool on) { model_.setShowSetup(on); }

    /// The format for a file name, or throws as the constructor does.
    static Format formatFor(const std::string& path);
    /// The report in `format` from `model` (also used by `scratch-trace report`).
    static std::string render(Format format, const ReportModel& model, const RunEnd& end,
                              const RunSummary& summary);
    /// The report from the start record and the summary alone (no process tree, no context).
    static std::string render(Format format, const RunInfo& info, const RunEnd& end,
                              const RunSummary& summary);
    static std::string renderMarkdown(const RunInfo& info, const RunEnd& end,
                                      const RunSummary& summary);
    static std::string renderHtml(const RunInfo& info, const RunEnd& end,
                                  const RunSummary& summary);
    /// {"type":"report","version":N,["note":"...",]"start":{...},"summary":{...}}; the note
    /// (a replayed trace that was cut short) only when not empty.
    static std::string renderJson(const RunInfo& info, const RunEnd& end, const RunSummary& summary,
                                  const std::string& note = {});

  private:
    void writeAtomically(const std::string& text) const;

    std::string path_;
    FILE* file_ = nullptr;
    Format format_;
    ReportModel model_;
};

}  // namespace scratch::reports
