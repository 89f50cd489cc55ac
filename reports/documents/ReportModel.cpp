#include "reports/documents/ReportModel.h"

#include <algorithm>

#include "reports/Names.h"
#include "reports/outputs/LogLine.h"

namespace scratch::reports {

void ReportModel::onSyscall(const tracer::SyscallEvent& event) {
    tree_.add(event);
    context_.onSyscall(event);
    connections_.add(event);
    lastTsNs_ = std::max(lastTsNs_, event.tsNs + event.durationNs);
    if (event.phase == tracer::Phase::Setup) setupSteps_.onSyscall(event, logLine(event));
    if (events_.size() >= keepEvents_) {
        if (keepEvents_ > 0) ++eventsOmitted_;
        return;
    }
    EventRow row;
    row.seq = event.seq;
    row.tsNs = event.tsNs;
    row.durationNs = event.durationNs;
    row.tid = event.tid;
    row.tgid = event.tgid;
    row.failed = event.finished && event.err != 0;
    row.workload = event.phase == tracer::Phase::Workload;
    row.name = event.name;
    row.line = logLine(event);
    for (const auto& ref : event.paths) {
        const std::string_view label = whereLabel(ref.where);
        if (row.where.find(label) != std::string::npos) continue;
        if (!row.where.empty()) row.where += ' ';
        row.where += label;
    }
    events_.push_back(std::move(row));
}

void ReportModel::onProcess(const tracer::ProcessEvent& event) {
    tree_.add(event);
    lastTsNs_ = std::max(lastTsNs_, event.tsNs);
}

}  // namespace scratch::reports
