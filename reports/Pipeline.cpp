#include "reports/Pipeline.h"

#include <algorithm>
#include <exception>

#include "reports/SignalRecord.h"

namespace scratch::reports {

bool Pipeline::showsArguments() const {
    return std::any_of(sinks_.begin(), sinks_.end(),
                       [](const std::unique_ptr<Sink>& sink) { return sink->showsArguments(); });
}

void Pipeline::add(std::unique_ptr<Sink> sink) {
    if (sink) sinks_.push_back(std::move(sink));
}

void Pipeline::start(const RunInfo& info) {
    checker_.start(info);
    RunInfo withFilter = info;
    if (withFilter.filter.empty()) withFilter.filter = filter_.text();
    for (auto& sink : sinks_) sink->onStart(withFilter);
}

void Pipeline::onSyscall(const tracer::SyscallEvent& event) {
    if (finished_) return;
    verdict_.countSyscall(event);
    // The syscall line comes before the findings it shows, so a reader of the log or the stream
    // meets the cause first.
    if (filter_.shows(event)) {
        for (auto& sink : sinks_) sink->onSyscall(event);
    }
    checker_.check(event, pending_);
    publish(pending_);
}

void Pipeline::onProcess(const tracer::ProcessEvent& event) {
    if (finished_) return;
    verdict_.countProcess(event);
    for (auto& sink : sinks_) sink->onProcess(event);
}

void Pipeline::onNote(const tracer::TracerNote& note) {
    if (finished_) return;
    for (auto& sink : sinks_) sink->onNote(note);
    checker_.check(note, pending_);
    publish(pending_);
}

void Pipeline::onSignal(const tracer::SignalEvent& event) {
    if (finished_) return;
    signal_ = event;
    renderSignal(signal_);
    for (auto& sink : sinks_) sink->onSignal(signal_);
}

void Pipeline::publish(std::vector<Finding>& findings) {
    for (const auto& finding : findings) {
        if (!verdict_.addFinding(finding)) continue;
        for (auto& sink : sinks_) sink->onFinding(finding);
    }
    findings.clear();
}

const Verdict& Pipeline::finish(const RunEnd& end) {
    if (finished_) return verdict_;
    finished_ = true;
    std::exception_ptr first;
    for (auto& sink : sinks_) {
        try {
            sink->onFinish(end, verdict_);
        } catch (...) {
            if (!first) first = std::current_exception();
        }
    }
    if (first) std::rethrow_exception(first);
    return verdict_;
}

}  // namespace scratch::reports
