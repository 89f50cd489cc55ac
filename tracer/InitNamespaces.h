// The container's namespaces next to the host's, read by the tracer at the one moment they can
// be: when the container's init appears, held at its creation (before it runs, so before it can
// exit or unshare). container/runtime/Namespaces.h names the kinds; the tracer only reads the
// links.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tracer/Events.h"

namespace scratch::tracer {

/// One kind of namespace to compare (SessionOptions::namespaceLinks).
struct NamespaceLink {
    std::string name;        ///< as the reports name it: pid, mount, uts, ...
    std::string procName;    ///< the link in /proc/PID/ns (mount is "mnt")
    uint64_t cloneFlag = 0;  ///< CLONE_NEW*: new when the init's clone asked for it
};

/// The inodes of /proc/INIT/ns/LINK and of this process's own /proc/self/ns/LINK for each link,
/// and whether `cloneFlags` (those of the clone that made the init) asked for a new one.
NamespacesEvent readInitNamespaces(pid_t init, uint64_t cloneFlags,
                                   const std::vector<NamespaceLink>& links);

}  // namespace scratch::tracer
