// The report as one self-contained HTML file (no network): the Markdown report's content, plus an
// SVG process tree, an SVG timeline (the runtime's setup in a lane of its own, then one lane per
// task for the workload's syscalls), and an event table that a few lines of inline JavaScript
// filter as you type.
#pragma once

#include <string>
#include <string_view>

#include "reports/RunSummary.h"
#include "reports/documents/ReportModel.h"

namespace scratch::reports {

class HtmlReport {
  public:
    /// Syscalls kept for the timeline and the event table (ReportModel's keepEvents).
    static constexpr size_t kMaxEvents = 20000;
    /// Task lanes in the timeline (besides the setup's) and boxes in the tree.
    static constexpr size_t kMaxLanes = 200;

    static std::string render(const ReportModel& model, const RunEnd& end,
                              const RunSummary& summary);

    /// Escapes & < > " ' for text and attribute values.
    static std::string escape(std::string_view text);
};

}  // namespace scratch::reports
