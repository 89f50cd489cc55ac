#include "reports/replay/ReplayPipeline.h"

#include <algorithm>

#include "tracer/DecodeCapture.h"

namespace scratch::reports {

void ReplayPipeline::start(const RunInfo& info) {
    info_ = info;
    decode_.maxString = decoding_.maxString.value_or(info.decodeStringLimit);
    decode_.showEnv = decoding_.showEnv.value_or(info.decodeVerboseEnv);
    decode_.showFdPaths = decoding_.showFdPaths;
    tracer::setHexStrings(decoding_.hexStrings.value_or(info.decodeHexStrings));
    fanout_.start(info);
}

void ReplayPipeline::onSyscall(const tracer::SyscallEvent& event) {
    if (fanout_.finished()) return;
    lastTsNs_ = std::max(lastTsNs_, event.tsNs + event.durationNs);
    fanout_.syscall(event);
}

void ReplayPipeline::render(tracer::SyscallEvent& event) const {
    tracer::completeDecoding(event, decode_);  // nothing for a record without a capture
}

void ReplayPipeline::onProcess(const tracer::ProcessEvent& event) {
    using Kind = tracer::ProcessEvent::Kind;
    if (fanout_.finished()) return;
    lastTsNs_ = std::max(lastTsNs_, event.tsNs);
    if (event.kind == Kind::Exec) {
        if (commandTgid_ == 0 && event.phase == tracer::Phase::Workload) commandTgid_ = event.tgid;
    }
    if (event.kind == Kind::Exit && event.tid == commandTgid_) {
        commandExit_ = event.exitCode;
        commandSignal_ = event.termSignal;
    }
    fanout_.process(event);
}

void ReplayPipeline::onSignal(const tracer::SignalEvent& event) {
    if (fanout_.finished()) return;
    lastTsNs_ = std::max(lastTsNs_, event.tsNs);
    fanout_.signal(event);
}

void ReplayPipeline::onFinding(const Finding& finding) { fanout_.finding(finding); }

void ReplayPipeline::mergeSummary(const TraceSummary& saved) {
    RunSummary& summary =
        fanout_.summary();  // completed from the saved one before the sinks finish
    end_ = saved.end;
    // With a -e filter the file has only the shown syscall records; the summary counted them all.
    if (saved.counts.syscalls > summary.counts.syscalls) summary.counts = saved.counts;
    // Paths only hidden records used: add them from the summary (one use per syscall name, so
    // the tables show them; their exact use counts are in the summary, not in the records).
    for (const SummaryPath& path : saved.paths) {
        const std::string& key = path.host.empty() ? path.resolved : path.host;
        if (key.empty() || summary.paths.find(key) != nullptr) continue;
        tracer::PathRef ref;
        ref.given = path.resolved.empty() ? path.host : path.resolved;
        ref.host = path.host;
        ref.resolved = path.resolved;
        ref.where = path.where;
        ref.access = path.access;
        const auto phase = path.workload ? tracer::Phase::Workload : tracer::Phase::Setup;
        for (size_t i = 0; i < std::max<size_t>(1, path.syscalls.size()); ++i) {
            const std::string name = path.syscalls.empty() ? "?" : path.syscalls[i];
            for (uint64_t p = 0; p < std::max<uint64_t>(1, path.processes); ++p) {
                ref.exists = path.reached;
                summary.paths.add(ref, name, static_cast<pid_t>(-1 - static_cast<int64_t>(p)),
                                  path.firstSeq, path.reached, phase);
            }
        }
    }
    // Findings the stream left out (over the per-class cap) count towards the verdict: add
    // stand-ins that RunSummary counts but never shows. Leaks first, as leaks_by_class says.
    std::map<std::string, uint64_t> severityLeft = saved.findingsBySeverity;
    for (const auto& [severity, count] : summary.bySeverity()) {
        severityLeft[severity] -= std::min(severityLeft[severity], count);
    }
    for (const auto& [klass, omitted] : saved.findingsOmitted) {
        // Stand-ins only fill a class the stream showed in full; below the cap they would be
        // kept and shown (an edited file): then the counts stay the stream's own.
        const auto klassValue = findingClassFromName(klass);
        if (!klassValue) continue;  // the reader refuses a class it does not know
        size_t kept = 0;
        for (const Finding& f : summary.findings()) kept += f.klass == *klassValue ? 1 : 0;
        if (kept < RunSummary::kMaxFindingsPerClass) continue;
        const auto savedLeaks = saved.leaksByClass.find(klass);
        const auto seenLeaks = summary.leaksByClass().find(klass);
        const uint64_t leaks =
            (savedLeaks == saved.leaksByClass.end() ? 0 : savedLeaks->second) -
            std::min<uint64_t>(savedLeaks == saved.leaksByClass.end() ? 0 : savedLeaks->second,
                               seenLeaks == summary.leaksByClass().end() ? 0 : seenLeaks->second);
        for (uint64_t i = 0; i < omitted; ++i) {
            Finding standIn;
            standIn.klass = *klassValue;
            if (i < leaks) {
                standIn.severity = Severity::Leak;
            } else if (severityLeft["warning"] > 0) {
                standIn.severity = Severity::Warning;
            } else {
                standIn.severity = Severity::Info;
            }
            const std::string severity(severityName(standIn.severity));
            if (severityLeft[severity] > 0) --severityLeft[severity];
            summary.addFinding(standIn);
        }
    }
}

const RunSummary& ReplayPipeline::finish(const TraceSummary* summary) {
    if (fanout_.finished()) return fanout_.summary();
    if (summary != nullptr) {
        mergeSummary(*summary);
    } else {
        complete_ = false;
        if (incompleteHook_) incompleteHook_();
        end_ = RunEnd{};
        end_.exitCode = commandSignal_ != 0 ? 128 + commandSignal_ : commandExit_;
        end_.termSignal = commandSignal_;
        end_.durationNs = lastTsNs_;
    }
    return fanout_.finish(end_);
}

const RunSummary& ReplayPipeline::run(JsonTraceReader& reader) {
    TraceRecord record;
    bool started = false;
    bool haveSummary = false;
    while (reader.next(record)) {
        switch (record.type) {
            case TraceRecord::Type::Start:
                start(record.start);
                started = true;
                break;
            case TraceRecord::Type::Syscall:
                render(record.syscall);
                onSyscall(record.syscall);
                break;
            case TraceRecord::Type::Process:
                onProcess(record.process);
                break;
            case TraceRecord::Type::Signal:
                onSignal(record.signal);
                break;
            case TraceRecord::Type::Finding:
                onFinding(record.finding);
                break;
            case TraceRecord::Type::Summary:
                haveSummary = true;  // read on: anything after it is an error
                break;
        }
    }
    if (!started) start(RunInfo{});
    return finish(haveSummary ? &record.summary : nullptr);
}

}  // namespace scratch::reports
