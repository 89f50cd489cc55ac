// The end report as a file (--report FILE): Markdown, HTML or JSON by the file's extension.
// Written to FILE.tmp and renamed at the end, so a reader never sees half a report.
#pragma once

#include <string>

#include "reports/Sink.h"

namespace scratch::reports {

/// Writes the report at finish. The format is checked at construction, before anything runs.
class ReportFile : public Sink {
  public:
    enum class Format { Markdown, Html, Json };

    /// Throws scratch::Error(kExitUsage) when the extension is not .md, .html/.htm or .json.
    explicit ReportFile(std::string path);

    void onStart(const RunInfo& info) override { info_ = info; }
    void onFinish(const RunEnd& end, const Verdict& verdict) override;

    /// The format for a file name, or throws as the constructor does.
    static Format formatFor(const std::string& path);
    /// The report in `format` (also used by `scratch-trace report`).
    static std::string render(Format format, const RunInfo& info, const RunEnd& end,
                              const Verdict& verdict);
    static std::string renderMarkdown(const RunInfo& info, const RunEnd& end,
                                      const Verdict& verdict);
    static std::string renderHtml(const RunInfo& info, const RunEnd& end, const Verdict& verdict);
    /// {"type":"report","version":N,"start":{...},"summary":{...}}.
    static std::string renderJson(const RunInfo& info, const RunEnd& end, const Verdict& verdict);

  private:
    std::string path_;
    Format format_;
    RunInfo info_;
};

}  // namespace scratch::reports
