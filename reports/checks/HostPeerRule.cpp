#include "reports/checks/HostPeerRule.h"

#include "reports/JsonText.h"
#include "reports/Names.h"

namespace scratch::reports {

namespace {

constexpr FindingClass kClassHostService = FindingClass::HostService;
constexpr FindingClass kClassSharedNamespace = FindingClass::SharedNamespace;
constexpr std::string_view kFixNetNs =
    "give the container its own network namespace (--ns pid,mount,net): abstract unix sockets and "
    "the "
    "loopback belong to the network namespace, so the host's are then out of reach";

std::string processText(const tracer::SocketPeer& peer) {
    return "host pid " + std::to_string(peer.pid) + " (" + displayText(peer.comm) + ")";
}

}  // namespace

HostPeerVerdict hostPeerVerdict(const tracer::TracerNote& note) {
    using Via = tracer::SocketPeer::Via;
    const tracer::SocketPeer& peer = note.peer;
    HostPeerVerdict v;
    const std::string address = displayText(peer.address.empty() ? note.host : peer.address);
    const bool file = peer.via == Via::UnixPath || peer.via == Via::UnixUnnamed;
    v.klass = file ? kClassHostService : kClassSharedNamespace;
    v.key = std::to_string(peer.pid) + ":" + peer.address + (peer.accepted ? ":in" : ":out");
    if (peer.accepted) {
        v.leak = false;
        v.message = processText(peer) + " connected to the container's socket" +
                    (address.empty() ? std::string() : " on " + address) +
                    ": a host process talks to the container";
        v.fix = file ? "do not share the socket's directory between host and container"
                     : std::string(kFixNetNs);
        return v;
    }
    switch (peer.via) {
        case Via::UnixPath:
        case Via::UnixUnnamed: {
            v.leak = true;
            const std::string path = displayText(note.host.empty() ? peer.address : note.host);
            v.message = "connected to " + processText(peer) + " through the unix socket " +
                        (path.empty() ? address : path) +
                        (note.where != tracer::Where::Unknown
                             ? " (" + std::string(whereLabel(note.where)) + ")"
                             : std::string()) +
                        ": a host service answered inside the container";
            v.fix = "remove the socket " + (path.empty() ? address : path) +
                    " from the rootfs, or the bind mount that brings it into the container";
            break;
        }
        case Via::UnixAbstract:
            v.leak = true;
            v.message = "connected to " + processText(peer) + " through the abstract unix socket " +
                        address + " of the host's network namespace";
            v.fix = std::string(kFixNetNs);
            break;
        case Via::Inet:
            v.leak = false;
            v.message = "connected to " + processText(peer) + " listening on " + address +
                        " over the network namespace shared with the host";
            v.fix = std::string(kFixNetNs);
            break;
    }
    return v;
}

}  // namespace scratch::reports
