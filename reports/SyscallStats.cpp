#include "reports/SyscallStats.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace scratch::reports {

void SyscallStats::add(const tracer::SyscallEvent& event) {
    // strace -c counts a call as an error when it returned one; an unfinished call is not.
    const bool failed = event.finished && event.err != 0;
    if (event.row != tracer::SyscallEvent::kNoRow && event.row == last_.row &&
        last_.stat->name == event.name) {
        ++last_.stat->calls;
        if (failed) ++last_.stat->errors;
        if (event.durationNs > 0) last_.stat->totalNs += event.durationNs;
        return;
    }
    add(event.name, failed, event.durationNs);
    last_.row = event.row;
    last_.stat = &stats_.find(event.name)->second;
}

void SyscallStats::add(std::string_view name, bool failed, int64_t durationNs) {
    auto it = stats_.find(std::string(name));
    if (it == stats_.end()) {
        it = stats_.emplace(std::string(name), SyscallStat{}).first;
        it->second.name = std::string(name);
    }
    SyscallStat& stat = it->second;
    ++stat.calls;
    if (failed) ++stat.errors;
    if (durationNs > 0) stat.totalNs += durationNs;
}

std::vector<SyscallStat> SyscallStats::sorted() const {
    std::vector<SyscallStat> rows;
    rows.reserve(stats_.size());
    for (const auto& [name, stat] : stats_) rows.push_back(stat);
    std::sort(rows.begin(), rows.end(), [](const SyscallStat& a, const SyscallStat& b) {
        if (a.totalNs != b.totalNs) return a.totalNs > b.totalNs;
        if (a.calls != b.calls) return a.calls > b.calls;
        return a.name < b.name;
    });
    return rows;
}

SyscallStat SyscallStats::total() const {
    SyscallStat total;
    total.name = "total";
    for (const auto& [name, stat] : stats_) {
        total.calls += stat.calls;
        total.errors += stat.errors;
        total.totalNs += stat.totalNs;
    }
    return total;
}

const SyscallStat* SyscallStats::find(std::string_view name) const {
    const auto it = stats_.find(std::string(name));
    return it == stats_.end() ? nullptr : &it->second;
}

namespace {
/// One row in strace's format: "%6.2f %11.6f %11lu %9u %9.u %s" (errors blank when zero).
void appendRow(std::string& out, const SyscallStat& row, int64_t totalNs) {
    const double percent =
        totalNs > 0 ? 100.0 * static_cast<double>(row.totalNs) / static_cast<double>(totalNs) : 0.0;
    const double seconds = static_cast<double>(row.totalNs) / 1e9;
    const uint64_t usecsPerCall =
        row.calls > 0 ? static_cast<uint64_t>(row.totalNs / 1000) / row.calls : 0;
    auto it = std::back_inserter(out);
    fmt::format_to(it, "{:6.2f} {:11.6f} {:11} {:9} ", percent, seconds, usecsPerCall, row.calls);
    if (row.errors > 0) {
        fmt::format_to(it, "{:9} ", row.errors);
    } else {
        out.append(10, ' ');
    }
    out += row.name;
    out += '\n';
}
}  // namespace

std::string SyscallStats::format() const {
    static constexpr std::string_view kHeader =
        "% time     seconds  usecs/call     calls    errors syscall\n";
    static constexpr std::string_view kRule =
        "------ ----------- ----------- --------- --------- ----------------\n";
    const SyscallStat sum = total();
    std::string out;
    out += kHeader;
    out += kRule;
    for (const auto& row : sorted()) appendRow(out, row, sum.totalNs);
    out += kRule;
    SyscallStat totalRow = sum;
    // strace prints 100.00 on the total line even when no time was measured.
    std::string line;
    appendRow(line, totalRow, sum.totalNs);
    if (sum.totalNs == 0) line.replace(0, 6, "100.00");
    out += line;
    return out;
}

SyscallStats SyscallStats::without(const SyscallStats& part) const {
    SyscallStats out;
    for (const auto& [name, stat] : stats_) {
        SyscallStat left = stat;
        if (const SyscallStat* minus = part.find(name)) {
            left.calls -= std::min(left.calls, minus->calls);
            left.errors -= std::min(left.errors, minus->errors);
            left.totalNs -= std::min(left.totalNs, minus->totalNs);
        }
        if (left.calls > 0) out.stats_.emplace(name, std::move(left));
    }
    return out;
}

}  // namespace scratch::reports
