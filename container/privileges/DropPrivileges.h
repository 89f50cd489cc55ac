// The init's last step before the seccomp profile and execve: switch to the command's user and
// groups, cut the capabilities down, set no_new_privs. Syscalls only, no allocation.
#pragma once

#include "container/privileges/PrivilegePlan.h"
#include "container/runtime/ContainerInit.h"

namespace scratch::container {

/// Applies plan in runc's order: keep permitted capabilities across the uid change
/// (PR_SET_KEEPCAPS), shrink the bounding set (needs CAP_SETPCAP, so while still root),
/// setgroups, setresgid, setresuid, capset (effective = permitted = plan.capabilities,
/// inheritable = plan.ambient), raise the ambient ones, then no_new_privs. Returns false with
/// failure filled (index: the capability number for per-capability steps).
bool dropPrivileges(const PrivilegePlan& plan, InitFailure& failure);

}  // namespace scratch::container
