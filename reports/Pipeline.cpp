#include "reports/Pipeline.h"

#include <exception>

namespace scratch::reports {

void Pipeline::add(std::unique_ptr<Sink> sink) {
    if (sink) sinks_.push_back(std::move(sink));
}

void Pipeline::start(const RunInfo& info) {
    checker_.start(info);
    RunInfo withFilter = info;
    if (withFilter.filter.empty()) withFilter.filter = filter_.text();
    for (auto& sink : sinks_) sink->onStart(withFilter);
}

void Pipeline::countTask(pid_t tid, pid_t tgid) {
    if (tid > 0 && tids_.insert(tid).second && tgid > 0 && tid != tgid) ++verdict_.counts.threads;
    if (tgid > 0 && tgids_.insert(tgid).second) ++verdict_.counts.processes;
}

void Pipeline::onSyscall(const tracer::SyscallEvent& event) {
    if (finished_) return;
    ++verdict_.counts.syscalls;
    if (event.finished && event.err != 0) ++verdict_.counts.failed;
    countTask(event.tid, event.tgid);
    verdict_.stats.add(event);
    verdict_.paths.add(event);
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
    countTask(event.tid, event.tgid);
    if (event.kind == tracer::ProcessEvent::Kind::Exec) ++verdict_.counts.execs;
    for (auto& sink : sinks_) sink->onProcess(event);
}

void Pipeline::onNote(const tracer::TracerNote& note) {
    if (finished_) return;
    for (auto& sink : sinks_) sink->onNote(note);
    checker_.check(note, pending_);
    publish(pending_);
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
