#include "reports/documents/FindingContext.h"

#include "reports/outputs/LogLine.h"

namespace scratch::reports {

FindingContext::FindingContext(size_t before, size_t after, size_t ring)
    : before_(before), after_(after), ring_(ring < before + 1 ? before + 1 : ring) {}

void FindingContext::onSyscall(const tracer::SyscallEvent& event) {
    std::string line = logLine(event);
    for (auto it = open_.begin(); it != open_.end();) {
        FindingExcerpt& excerpt = excerpts_[it->first];
        excerpt.lines.push_back(line);
        if (--it->second == 0) {
            it = open_.erase(it);
        } else {
            ++it;
        }
    }
    recent_.push_back({event.seq, std::move(line)});
    if (recent_.size() > ring_) recent_.pop_front();
}

void FindingContext::onFinding(const Finding& finding) {
    FindingExcerpt excerpt;
    excerpt.seq = finding.seq;
    // The finding's syscall: the most recent line with its seq (usually the last one).
    size_t at = recent_.size();
    if (finding.seq > 0) {
        for (size_t i = recent_.size(); i-- > 0;) {
            if (recent_[i].seq == finding.seq) {
                at = i;
                break;
            }
        }
    }
    if (at == recent_.size()) {
        // Not in the ring (no seq, or filtered out of the log): the lines just before.
        const size_t from = recent_.size() > before_ ? recent_.size() - before_ : 0;
        for (size_t i = from; i < recent_.size(); ++i) excerpt.lines.push_back(recent_[i].line);
        excerpt.mark = excerpt.lines.size();
    } else {
        const size_t from = at > before_ ? at - before_ : 0;
        for (size_t i = from; i < recent_.size(); ++i) excerpt.lines.push_back(recent_[i].line);
        excerpt.mark = at - from;
    }
    const size_t already =
        excerpt.lines.size() -
        (excerpt.mark < excerpt.lines.size() ? excerpt.mark + 1 : excerpt.lines.size());
    excerpts_.push_back(std::move(excerpt));
    if (already < after_) open_.emplace_back(excerpts_.size() - 1, after_ - already);
}

}  // namespace scratch::reports
