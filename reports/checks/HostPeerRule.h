// The rule for a connection whose other end is a host process (TracerNote::Kind::HostPeer):
// which class it belongs to, how bad it is, and the fix that removes its cause. Kept apart from
// IsolationChecker so that the wording lives in one place; docs/isolation.md ("Sockets and
// their peers") explains it.
#pragma once

#include <string>

#include "reports/FindingClass.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// What a HostPeer note means.
struct HostPeerVerdict {
    FindingClass klass = FindingClass::HostService;  ///< host-service or shared-namespace
    bool leak = false;                               ///< a leak; otherwise a warning
    std::string key;  ///< de-duplication key (one finding per address and peer)
    std::string message;
    std::string fix;
};

/// The verdict on one HostPeer note:
/// - the container connected to a host process through a unix socket file it can reach in its
///   filesystem: host-service, leak (the docker.sock shape); fix: remove the socket file or the
///   mount that brings it;
/// - through an abstract unix name: shared-namespace, leak (abstract names belong to the
///   network namespace); fix: --ns net;
/// - to a host listener over an address of the shared network namespace (loopback): shared-
///   namespace, warning naming the process; fix: --ns net;
/// - a host process connected to the container's own listener (accept): a warning of the same
///   class, the host reaching in rather than the container reaching out.
HostPeerVerdict hostPeerVerdict(const tracer::TracerNote& note);

}  // namespace scratch::reports
