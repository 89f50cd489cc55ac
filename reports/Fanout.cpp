#include "reports/Fanout.h"

#include <algorithm>
#include <exception>

namespace scratch::reports {

void Fanout::add(std::unique_ptr<Sink> sink) {
    if (sink) sinks_.push_back(std::move(sink));
}

bool Fanout::showsArguments() const {
    return std::any_of(sinks_.begin(), sinks_.end(),
                       [](const std::unique_ptr<Sink>& sink) { return sink->showsArguments(); });
}

void Fanout::start(const RunInfo& info) {
    for (auto& sink : sinks_) sink->onStart(info);
}

void Fanout::syscall(const tracer::SyscallEvent& event, bool shown) {
    if (finished_) return;
    summary_.countSyscall(event);
    if (!shown) return;
    for (auto& sink : sinks_) sink->onSyscall(event);
}

void Fanout::process(const tracer::ProcessEvent& event) {
    if (finished_) return;
    summary_.countProcess(event);
    for (auto& sink : sinks_) sink->onProcess(event);
}

void Fanout::signal(const tracer::SignalEvent& event) {
    if (finished_) return;
    for (auto& sink : sinks_) sink->onSignal(event);
}

void Fanout::note(const tracer::TracerNote& note) {
    if (finished_) return;
    for (auto& sink : sinks_) sink->onNote(note);
}

void Fanout::finding(const Finding& finding) {
    if (finished_) return;
    if (!summary_.addFinding(finding)) return;
    for (auto& sink : sinks_) sink->onFinding(finding);
}

const RunSummary& Fanout::finish(const RunEnd& end) {
    if (finished_) return summary_;
    finished_ = true;
    std::exception_ptr first;
    for (auto& sink : sinks_) {
        try {
            sink->onFinish(end, summary_);
        } catch (...) {
            if (!first) first = std::current_exception();
        }
    }
    if (first) std::rethrow_exception(first);
    return summary_;
}

}  // namespace scratch::reports
