// The connections a run made, each with the process at its other end (tracer::SocketPeer):
// how a peer is worded in the log ("host pid 123 (sshd) on /run/x.sock"), in the JSON stream
// (the "peer" object of a connect or accept record) and in the md/html "Connections" section.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "tracer/Events.h"

namespace scratch::reports {

/// "host pid 123 (sshd) on /run/x.sock", "container pid 45 (srv) on @name".
std::string peerText(const tracer::SocketPeer& peer);

/// "unix-path", "unix-abstract", "unix-unnamed", "inet".
std::string_view viaName(tracer::SocketPeer::Via via);

/// Appends ,"peer":{"pid":..,"comm":..,"where":"host"|"container","address":..,"via":..,
/// "accepted":..} when the event has a peer; nothing otherwise.
void appendPeerField(std::string& out, const tracer::SocketPeer& peer);

/// Reads the "peer" object of a syscall record back (absent: Side::None). Throws
/// std::runtime_error on a malformed one.
void readPeerField(const nlohmann::json& record, tracer::SocketPeer& peer);

/// One connection as the reports list it.
struct Connection {
    uint64_t seq = 0;
    pid_t tid = 0;
    pid_t nspid = 0;
    std::string call;  ///< connect, accept, accept4
    tracer::SocketPeer peer;
};

/// Keeps the connections of a run (the first kMaxConnections of them).
class ConnectionList {
  public:
    static constexpr size_t kMaxConnections = 500;
    void add(const tracer::SyscallEvent& event);
    const std::vector<Connection>& rows() const { return rows_; }
    uint64_t omitted() const { return omitted_; }

    /// The "## Connections" section of the Markdown report.
    std::string markdown() const;
    /// The "<h2>Connections</h2>" section of the HTML report.
    std::string html() const;

  private:
    std::vector<Connection> rows_;
    uint64_t omitted_ = 0;
};

}  // namespace scratch::reports
