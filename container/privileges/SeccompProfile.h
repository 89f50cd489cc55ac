// Applying an OCI runtime-spec seccomp profile (the JSON runc, crun and podman take, and that
// `scratch-trace report --format seccomp` writes) to the container's command, and the default
// profile every container gets unless --seccomp says otherwise.
#pragma once

#include <linux/filter.h>

#include <string>
#include <string_view>
#include <vector>

#include "container/privileges/Capabilities.h"

namespace scratch::container {

/// The value of --seccomp that turns filtering off, and the one that names the built-in
/// profile (also the meaning of no --seccomp at all).
inline constexpr std::string_view kSeccompUnconfined = "unconfined";
inline constexpr std::string_view kSeccompDefault = "default";

/// The text of container/profiles/default.json, embedded at build time so that the binary
/// does not depend on the source tree: Docker's default profile's semantics (see the file).
std::string_view defaultSeccompProfileText();

/// Compiles profile JSON into a classic BPF program with libseccomp, for every architecture it
/// names (x86_64 when it names none; Docker's archMap is read too). `label` names the profile
/// in messages. A rule's "includes"/"excludes" (Docker's profile format: caps, arches,
/// minKernel) are judged against `capabilities`, the set the command gets, and the running
/// kernel, as Docker does: a rule with includes.caps applies only when every one is granted.
/// Supported: defaultAction, defaultErrnoRet, architectures, archMap, syscalls[].names, action,
/// errnoRet, args (index, value, valueTwo, op; runc's rule: conditions on distinct arguments
/// are ANDed in one rule, several on one argument give one rule each); the actions
/// SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL(_THREAD|_PROCESS), SCMP_ACT_LOG and
/// SCMP_ACT_TRACE. Names this libseccomp does not know are skipped, as runc does. Throws
/// scratch::Error (125) for bad JSON, an unknown action, operator or architecture.
std::vector<sock_filter> compileSeccompText(std::string_view text, const std::string& label,
                                            CapMask capabilities);

/// compileSeccompText of the file at `path` (a host file); an unreadable one is an Error (125).
std::vector<sock_filter> compileSeccompProfile(const std::string& path, CapMask capabilities);

}  // namespace scratch::container
