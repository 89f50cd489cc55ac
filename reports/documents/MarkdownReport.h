// The report as GitHub-flavoured Markdown, for docs: the verdict first, then the isolation
// settings, the process tree, the paths by where, the findings with their fixes and log context,
// and the per-syscall table. Renders with cmark-gfm or pandoc (tests check both tables and
// headings come out).
#pragma once

#include <string>
#include <string_view>

#include "reports/RunSummary.h"
#include "reports/documents/ReportModel.h"

namespace scratch::reports {

class MarkdownReport {
  public:
    static std::string render(const ReportModel& model, const RunEnd& end,
                              const RunSummary& summary);

    /// `text` as a code span that survives any backticks and, in a table, pipes.
    static std::string code(std::string_view text);
    /// `text` as plain Markdown text: the characters that would start markup are escaped.
    static std::string text(std::string_view text);
};

}  // namespace scratch::reports
