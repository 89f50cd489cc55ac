// The host's mount table, to prove after a run that nothing the container mounted leaked out
// (the mount-propagation check: tracer/HostMountWatch.h).
#pragma once

#include <set>
#include <string>

namespace scratch {

/// The mounts of this process's mount namespace (/proc/self/mountinfo), one string per mount:
/// "MOUNTPOINT FSTYPE SOURCE ROOT", fields kept octal-escaped as the kernel writes them
/// (\040 for a space), so the first space-separated field is always the mount point. Mount
/// ids and options are left out: a new mount differs in these four, a remount does not.
/// A multiset, because the same thing can be mounted twice on one place. Empty if unreadable.
std::multiset<std::string> readHostMounts();

}  // namespace scratch
