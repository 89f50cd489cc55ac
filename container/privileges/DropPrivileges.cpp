#include "container/privileges/DropPrivileges.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace scratch::container {
namespace {

bool failed(InitFailure& failure, InitStage stage, int index = -1) {
    failure = InitFailure{stage, errno, index};
    return false;
}

}  // namespace

// Not instrumented under ASan, like the rest of the init (it runs on the clone's static stack).
#if defined(__SANITIZE_ADDRESS__)
__attribute__((no_sanitize("address")))
#endif
// Raw syscalls throughout: glibc's set*id wrappers broadcast to every thread through a signal
// and locks (the init, cloned without CLONE_VM, has one thread and must not depend on them).
bool dropPrivileges(const PrivilegePlan& plan, InitFailure& failure) {
    // Without KEEPCAPS the change to a non-zero uid empties the permitted set, and the
    // ambient capabilities below could not be raised.
    if (plan.uid != 0 && ::prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) != 0) {
        return failed(failure, InitStage::KeepCaps);
    }
    // The bounding set limits what any later execve (setuid-root binaries, file capabilities)
    // can ever give back; it can only shrink.
    for (unsigned cap = 0; cap <= plan.lastCap && cap < 64; ++cap) {
        if ((plan.capabilities & capBit(cap)) != 0) continue;
        if (::prctl(PR_CAPBSET_DROP, static_cast<unsigned long>(cap), 0L, 0L, 0L) != 0) {
            return failed(failure, InitStage::CapBoundingDrop, static_cast<int>(cap));
        }
    }
    if (plan.setGroups && ::syscall(SYS_setgroups, plan.groupCount, plan.groups) != 0) {
        return failed(failure, InitStage::SetGroups);
    }
    if (::syscall(SYS_setresgid, plan.gid, plan.gid, plan.gid) != 0) {
        return failed(failure, InitStage::SetGid);
    }
    if (::syscall(SYS_setresuid, plan.uid, plan.uid, plan.uid) != 0) {
        return failed(failure, InitStage::SetUid);
    }

    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    for (unsigned word = 0; word < _LINUX_CAPABILITY_U32S_3; ++word) {
        const unsigned shift = 32U * word;
        data[word].effective = static_cast<uint32_t>(plan.capabilities >> shift);
        data[word].permitted = static_cast<uint32_t>(plan.capabilities >> shift);
        data[word].inheritable = static_cast<uint32_t>(plan.ambient >> shift);
    }
    if (::syscall(SYS_capset, &header, data) != 0) return failed(failure, InitStage::CapSet);

    // Root gets its permitted set back from the bounding set at execve; any other uid keeps
    // only ambient capabilities.
    for (unsigned cap = 0; cap <= plan.lastCap && cap < 64; ++cap) {
        if ((plan.ambient & capBit(cap)) == 0) continue;
        if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, static_cast<unsigned long>(cap), 0L,
                    0L) != 0) {
            return failed(failure, InitStage::CapAmbient, static_cast<int>(cap));
        }
    }
    if (plan.noNewPrivs && ::prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) != 0) {
        return failed(failure, InitStage::NoNewPrivs);
    }
    return true;
}

}  // namespace scratch::container
