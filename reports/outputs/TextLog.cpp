#include "reports/outputs/TextLog.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <iterator>

#include "common/Error.h"
#include "reports/outputs/LogLine.h"
#include "reports/outputs/SignalRecord.h"

namespace scratch::reports {

TextLog::TextLog(Output out, TextLogOptions options) : out_(std::move(out)), options_(options) {}

TextLog::TextLog(FILE* file, TextLogOptions options) : TextLog(Output(file), options) {}

void TextLog::onStart(const RunInfo& info) { startEpochNs_ = info.startEpochNs; }

Output& TextLog::outputFor(pid_t tid) {
    if (options_.perTaskBase.empty()) return out_;
    auto it = perTask_.find(tid);
    if (it == perTask_.end()) {
        it = perTask_.emplace(tid, Output::open(options_.perTaskBase + "." + std::to_string(tid)))
                 .first;
    }
    return it->second;
}

void TextLog::appendPrefix(std::string& line, pid_t tid, pid_t nspid, int64_t tsNs) {
    // A task's own file (-ff) needs no pid, as in strace.
    if (options_.perTaskBase.empty()) appendPidPrefix(line, tid, nspid);
    if (options_.relative) {
        // strace -r: the time since the previous line, "%6ld.%06ld ".
        const int64_t delta = previousTsNs_ < 0 ? 0 : std::max<int64_t>(tsNs - previousTsNs_, 0);
        previousTsNs_ = tsNs;
        const fmt::format_int seconds(delta / 1000000000);
        if (seconds.size() < 6) line.append(6 - seconds.size(), ' ');
        line.append(seconds.data(), seconds.size());
        line += '.';
        appendMicroseconds(line, delta);
        line += ' ';
    }
    if (!options_.wallClock) return;
    const int64_t epochNs = startEpochNs_ + tsNs;
    const int64_t second = epochNs / 1000000000;
    if (second != cachedSecond_) {
        const auto t = static_cast<time_t>(second);
        struct tm local {};
        localtime_r(&t, &local);
        std::strftime(cachedClock_, sizeof cachedClock_, "%H:%M:%S", &local);
        cachedSecond_ = second;
    }
    line += cachedClock_;
    line += '.';
    appendMicroseconds(line, epochNs);
    line += ' ';
}

void TextLog::onSyscall(const tracer::SyscallEvent& event) {
    Output& out = outputFor(event.tid);
    std::string& line = out.buffer();
    const size_t lineStart = line.size();
    appendPrefix(line, event.tid, event.nspid, event.tsNs);
    appendCall(line, lineStart, event, {options_.durations, options_.showWhere});
    line += '\n';
    out.commit();
}

void TextLog::onProcess(const tracer::ProcessEvent& event) {
    if (!hasTaskEndLine(event)) return;
    Output& out = outputFor(event.tid);
    std::string& line = out.buffer();
    appendPrefix(line, event.tid, event.nspid, event.tsNs);
    appendTaskEnd(line, event);
    line += '\n';
    out.commit();
    // -ff: the task is gone, so is its file's fd (a fork-heavy workload would run out of them);
    // an error is kept for the end, where it is reported.
    if (!options_.perTaskBase.empty() && event.kind == tracer::ProcessEvent::Kind::Exit) {
        const auto it = perTask_.find(event.tid);
        if (!it->second.flush() && firstError_.empty()) {
            firstError_ = fmt::format("writing the syscall log {}.{}: {}", options_.perTaskBase,
                                      event.tid, std::strerror(it->second.error()));
        }
        perTask_.erase(it);
    }
}

void TextLog::onSignal(const tracer::SignalEvent& event) {
    Output& out = outputFor(event.tid);
    std::string& line = out.buffer();
    appendPrefix(line, event.tid, event.nspid, event.tsNs);
    appendSignalLine(line, event);
    line += '\n';
    out.commit();
}

void TextLog::onFinish(const RunEnd& end, const RunSummary& summary) {
    (void)end;
    (void)summary;
    if (!out_.flush()) {
        throw Error(std::string("writing the syscall log: ") + std::strerror(out_.error()));
    }
    if (!firstError_.empty()) throw Error(firstError_);
    for (auto& [tid, out] : perTask_) {
        if (!out.flush()) {
            throw Error(fmt::format("writing the syscall log {}.{}: {}", options_.perTaskBase, tid,
                                    std::strerror(out.error())));
        }
    }
}

}  // namespace scratch::reports
