// Per-syscall counters for strace -c's table: calls, errors and time spent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracer/Events.h"

namespace scratch::reports {

/// The counters of one syscall name.
struct SyscallStat {
    std::string name;
    uint64_t calls = 0;
    uint64_t errors = 0;
    int64_t totalNs = 0;
};

/// Aggregates events per syscall name (one entry per name: bounded by the table's size).
class SyscallStats {
  public:
    void add(const tracer::SyscallEvent& event);
    void add(std::string_view name, bool failed, int64_t durationNs);

    /// Rows sorted as strace -c sorts them: by time, then calls, then name.
    std::vector<SyscallStat> sorted() const;
    /// The "total" row.
    SyscallStat total() const;
    size_t size() const { return stats_.size(); }
    const SyscallStat* find(std::string_view name) const;

    /// These counters without `part`'s (the workload: all of them without the setup's).
    SyscallStats without(const SyscallStats& part) const;
    /// strace -c's table, total line included (empty table: header, rules and a zero total).
    std::string format() const;

  private:
    std::unordered_map<std::string, SyscallStat> stats_;
    /// The entry of the last table row counted, to skip hashing the name for runs of the same
    /// syscall (the map's nodes never move). Checked against the name, so never wrong.
    /// Points into this object's own map: a copy starts without it.
    struct Last {
        uint32_t row = tracer::SyscallEvent::kNoRow;
        SyscallStat* stat = nullptr;
        Last() = default;
        Last(const Last& /*other*/) {}
        // NOLINTNEXTLINE(bugprone-unhandled-self-assignment): a = a just drops the cache too
        Last& operator=(const Last& /*other*/) {
            row = tracer::SyscallEvent::kNoRow;
            stat = nullptr;
            return *this;
        }
    };
    Last last_;
};

}  // namespace scratch::reports
