#include "reports/Pipeline.h"

#include <algorithm>

#include "reports/outputs/SignalRecord.h"

namespace scratch::reports {

bool Pipeline::showsArguments() const { return fanout_.showsArguments(); }

void Pipeline::start(const RunInfo& info) {
    checker_.start(info);
    RunInfo withFilter = info;
    if (withFilter.filter.empty()) withFilter.filter = filter_.text();
    fanout_.start(withFilter);
}

void Pipeline::onSyscall(const tracer::SyscallEvent& event) {
    if (finished()) return;
    // The syscall line comes before the findings it shows, so a reader of the log or the stream
    // meets the cause first.
    fanout_.syscall(event, filter_.shows(event));
    checker_.check(event, pending_);
    publish(pending_);
}

void Pipeline::onProcess(const tracer::ProcessEvent& event) { fanout_.process(event); }

void Pipeline::onNote(const tracer::TracerNote& note) {
    if (finished()) return;
    fanout_.note(note);
    checker_.check(note, pending_);
    publish(pending_);
}

void Pipeline::onSignal(const tracer::SignalEvent& event) {
    if (finished()) return;
    signal_ = event;
    renderSignal(signal_);
    fanout_.signal(signal_);
}

void Pipeline::publish(std::vector<Finding>& findings) {
    for (const auto& finding : findings) fanout_.finding(finding);
    findings.clear();
}

const RunSummary& Pipeline::finish(const RunEnd& end) { return fanout_.finish(end); }

}  // namespace scratch::reports
