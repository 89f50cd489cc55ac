// The sensitive-interface rules for one path or fd: host-global kernel interfaces decided by the
// object the kernel reached (its filesystem magic, its path inside that filesystem, its device
// numbers), wherever it is mounted and whatever string named it. docs/isolation.md lists them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracer/Events.h"

namespace scratch::reports {

/// One use of a sensitive interface, before the checker adds the call's name and outcome.
struct SensitiveUse {
    bool leak = false;     ///< a leak; else a warning (a refused attempt, or a read of secrets)
    std::string key;       ///< de-duplication key: the object, not the string that named it
    std::string what;      ///< "opened host block device 7:0 (/dev/loop0) for reading"
    std::string_view fix;  ///< what stops this mechanism
};

/// The rule `ref` falls under, if any. `succeeded`: the call returned without error.
/// `ownCgroups`: host paths of the container's own cgroup directories (writes there are the
/// container's business). Anonymous objects and the standard streams are never one.
std::optional<SensitiveUse> sensitiveUse(const tracer::PathRef& ref, bool succeeded,
                                         const std::vector<std::string>& ownCgroups);

/// The filesystem's name for a statfs magic of a kernel interface ("sysfs", "debugfs", ...), or
/// "" when the magic is not one of them.
std::string_view kernelFsName(uint32_t fsMagic);

}  // namespace scratch::reports
