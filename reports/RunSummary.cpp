#include "reports/RunSummary.h"

#include <algorithm>

namespace scratch::reports {

bool RunSummary::addFinding(const Finding& finding) {
    ++total_;
    ++bySeverity_[std::string(severityName(finding.severity))];
    if (finding.severity == Severity::Leak) {
        ++leakTotal_;
        ++leaksByClass_[std::string(findingClassName(finding.klass))];
    }
    if (finding.klass == kBlindSpotClass) ++blindSpotTotal_;
    uint64_t& kept = keptPerClass_[finding.klass];
    if (kept >= kMaxFindingsPerClass) {
        ++omitted_[std::string(findingClassName(finding.klass))];
        return false;
    }
    ++kept;
    findings_.push_back(finding);
    return true;
}

std::string RunSummary::line() const {
    const auto it = bySeverity_.find("warning");
    const uint64_t warnings = it == bySeverity_.end() ? 0 : it->second;
    if (isInconclusive()) {
        // Blind spots are warnings too (or stand-ins of them): count the others apart.
        const uint64_t others = warnings - std::min(warnings, blindSpotTotal_);
        std::string out = "INCONCLUSIVE (blind-spot: " + std::to_string(blindSpotTotal_);
        if (others > 0) {
            out += "; " + std::to_string(others) +
                   (others == 1 ? " other warning" : " other warnings");
        }
        return out + ')';
    }
    if (!isLeak()) {
        if (warnings == 0) return "isolated";
        return "isolated (" + std::to_string(warnings) +
               (warnings == 1 ? " warning)" : " warnings)");
    }
    std::string out = "LEAK (";
    bool first = true;
    for (const auto& [klass, count] : leaksByClass_) {
        if (!first) out += ", ";
        first = false;
        out += klass + ": " + std::to_string(count);
    }
    out += ')';
    return out;
}

void RunSummary::countTask(pid_t tid, pid_t tgid) {
    if (tid == lastTid_ && tgid == lastTgid_) return;  // counted already
    lastTid_ = tid;
    lastTgid_ = tgid;
    if (tid > 0 && tids_.insert(tid).second && tgid > 0 && tid != tgid) ++counts.threads;
    if (tgid > 0 && tgids_.insert(tgid).second) ++counts.processes;
}

void RunSummary::countSyscall(const tracer::SyscallEvent& event) {
    ++counts.syscalls;
    if (event.finished && event.err != 0) ++counts.failed;
    countTask(event.tid, event.tgid);
    stats.add(event);
    if (event.phase == tracer::Phase::Setup) setupStats.add(event);
    paths.add(event);
}

void RunSummary::countProcess(const tracer::ProcessEvent& event) {
    countTask(event.tid, event.tgid);
    if (event.kind == tracer::ProcessEvent::Kind::Exec) ++counts.execs;
}

}  // namespace scratch::reports
