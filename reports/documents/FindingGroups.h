// The findings as one screen: grouped by class, the groups ordered by how directly they show that
// the isolation broke, each with its count, its strongest evidence and its fix once, plus one
// "rerun with" command that applies every fix that maps to a flag. The text, Markdown and HTML
// reports all print this, so a reader sees the article's leak first, not 21st.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/RunInfo.h"
#include "reports/RunSummary.h"

namespace scratch::reports {

/// The findings of one class and severity.
struct FindingGroup {
    FindingClass klass = FindingClass::OutsideRootfs;
    Severity severity = Severity::Info;
    uint64_t count = 0;  ///< kept and omitted findings of this class and severity
    /// The host object that shows it best, e.g. "host pid 1's /proc/1/stat (systemd)".
    std::string evidence;
    std::string fix;        ///< the fix of its first finding (the same for the whole class)
    bool fixAbove = false;  ///< an earlier group has the same fix: say it once
};

/// What the grouped findings section shows.
struct FindingSummary {
    std::vector<FindingGroup> groups;  ///< leaks first, then warnings, then info; by class rank
    /// "scratch-trace run --root-mode pivot --proc new ROOTFS CMD", empty when no fix maps to a
    /// flag.
    std::string rerun;
    /// Fixes that need more than a flag of `run` (e.g. "remove --keep-fd"), said after the rerun.
    std::string rerunNote;
};

/// Looks up the name of a host process (its comm); empty when unknown. Only a live run can ask:
/// a replay on another day would name whatever has that pid now.
using HostProcessName = std::function<std::string(pid_t)>;

/// Reads /proc/PID/comm of the host (for the live end report).
std::string hostProcessNameFromProc(pid_t pid);

/// Position of a class in the "how directly it shows the isolation broke" order.
int findingClassRank(FindingClass klass);

/// Groups the summary's findings; `nameOf` may be empty (no names in the evidence).
FindingSummary summarizeFindings(const RunInfo& info, const RunSummary& summary,
                                 const HostProcessName& nameOf = {});

}  // namespace scratch::reports
