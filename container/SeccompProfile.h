// Applying an OCI runtime-spec seccomp profile (the JSON runc, crun and podman take, and that
// `scratch-trace report --format seccomp` writes) to the container's command.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

namespace scratch::container {

/// Compiles the profile at `path` into a classic BPF program with libseccomp, for every
/// architecture it names (x86_64 when it names none). Supported: defaultAction,
/// defaultErrnoRet, architectures, syscalls[].names/action/errnoRet with the actions
/// SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_LOG and
/// SCMP_ACT_TRACE. Names this libseccomp does not know are skipped, as runc does. Throws
/// scratch::Error (125) for an unreadable file, bad JSON, argument conditions or an unknown
/// action.
std::vector<sock_filter> compileSeccompProfile(const std::string& path);

}  // namespace scratch::container
