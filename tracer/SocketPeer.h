// Who is at the other end of a socket the container connected or accepted. Asked of the kernel,
// never of the address string: the tracer takes a copy of the tracee's socket (pidfd_getfd) and
// asks it (SO_PEERCRED, getpeername); for TCP and UDP over an address of the tracer's own network
// namespace, sock_diag (INET_DIAG) names the listening socket and /proc the process holding it.
// Only at the exit of connect and accept: a handful of syscalls per connection, never per stop.
#pragma once

#include <sys/types.h>

#include <functional>

#include "tracer/Events.h"

namespace scratch::tracer {

/// Finds and classifies socket peers for the session.
class PeerFinder {
  public:
    /// Whether a host pid is a task the tracer follows.
    using IsTraced = std::function<bool(pid_t)>;

    /// At the exit stop of a workload connect or accept (`ev` finished, task still stopped):
    /// fills ev.peer when the call made a connection (connect: success, or EINPROGRESS; accept: a
    /// new fd) with a local process at the other end. Returns true when that peer is a host
    /// process: note() then holds the HostPeer note to hand to the listener. Never throws.
    bool identify(SyscallEvent& ev, const IsTraced& isTraced);

    /// The HostPeer note of the last identify() that returned true.
    const TracerNote& note() const { return note_; }

  private:
    TracerNote note_{TracerNote::Kind::HostPeer};
};

}  // namespace scratch::tracer
