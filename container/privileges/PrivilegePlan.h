// Who the command runs as and what it may do, in the plain form the container init applies
// (no allocation after clone: arrays point into the launcher's memory, copied by clone).
#pragma once

#include <sys/types.h>

#include <cstddef>

#include "container/privileges/Capabilities.h"

namespace scratch::container {

struct PrivilegePlan {
    uid_t uid = 0;
    gid_t gid = 0;
    const gid_t* groups = nullptr;  ///< supplementary groups; groupCount 0 clears the host's
    size_t groupCount = 0;
    CapMask capabilities = 0;  ///< bounding, permitted and effective set of the command
    CapMask ambient = 0;       ///< raised for a non-root uid so they survive execve
    unsigned lastCap = 0;      ///< the kernel's highest capability (cap_last_cap)
    bool noNewPrivs = true;    ///< prctl(PR_SET_NO_NEW_PRIVS): setuid bits and file caps inert
    /// False in a user namespace: its setgroups file says "deny" (the kernel's rule for an
    /// unprivileged map), so setgroups would fail with EPERM; the groups stay as they are.
    bool setGroups = true;
};

}  // namespace scratch::container
