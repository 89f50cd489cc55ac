// strace's -e trace=EXPR and -e status=LIST: which syscall events the log and the JSON stream
// show. The isolation checks and the aggregators always see every event; this only hides lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "tracer/Events.h"

namespace scratch::reports {

/// A parsed filter. Default: everything shown.
class TraceFilter {
  public:
    /// Applies one -e argument: "trace=EXPR", "status=LIST", or a bare EXPR (strace treats
    /// `-e open` as `-e trace=open`). EXPR: comma-separated syscall names, classes (%file
    /// %process %network %desc %memory %signal %ipc %creds %clock %stat %mount %namespace, and
    /// strace's %lstat %fstat %%stat %statfs %fstatfs %%statfs), "all", "none", "?name" (no error
    /// when unknown), "/regex"; a leading "!" negates the whole set. LIST: successful, failed,
    /// unfinished, all, none, with an optional leading "!". A later trace= replaces an earlier
    /// one, as in strace. Throws scratch::Error(msg, kExitUsage) on unknown names.
    void parse(std::string_view expression);

    /// strace's -P PATH (repeatable): show only calls that use PATH, named by the call or held
    /// by an fd it uses; PATH matches as given, as the container sees it, or as the host path.
    void addPath(std::string path);

    /// Whether the log and the JSON stream show this event.
    bool shows(const tracer::SyscallEvent& event) const;
    /// Whether the trace= part selects this syscall name (unknown syscall_N names count as
    /// selected only under a negated or "all" expression).
    bool selectsName(std::string_view name) const;
    /// True when nothing is filtered out.
    bool showsEverything() const {
        return everySyscall_ && statusMask_ == kStatusAll && paths_.empty();
    }
    /// The expressions given, for the start record.
    const std::string& text() const { return text_; }

  private:
    enum : uint8_t {
        kStatusSuccessful = 1,
        kStatusFailed = 2,
        kStatusUnfinished = 4,
        kStatusAll = 7,
    };
    void parseTrace(std::string_view expr);
    void parseStatus(std::string_view list);
    bool selectsIndex(size_t index) const { return selected_[index] != negated_; }
    bool touchesPath(const tracer::SyscallEvent& event) const;

    std::vector<bool> selected_;   ///< by index into tracer::allSyscalls()
    bool negated_ = false;         ///< the set lists what is hidden
    bool unknownSelected_ = true;  ///< whether names outside the table (syscall_N) are shown
    bool everySyscall_ = true;
    uint8_t statusMask_ = kStatusAll;
    std::vector<std::string> paths_;  ///< -P
    std::string text_;
};

}  // namespace scratch::reports
