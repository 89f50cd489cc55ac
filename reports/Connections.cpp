#include "reports/Connections.h"

#include <fmt/format.h>

#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/documents/HtmlReport.h"
#include "reports/documents/MarkdownReport.h"
#include "reports/documents/ReportWords.h"

namespace scratch::reports {

using tracer::SocketPeer;

std::string_view viaName(SocketPeer::Via via) { return tracer::peerViaName(via); }

std::string peerText(const SocketPeer& peer) {
    std::string out = peer.side == SocketPeer::Side::Host ? "host pid " : "container pid ";
    out += std::to_string(peer.pid);
    out += " (";
    out += displayText(peer.comm);
    out += ')';
    if (!peer.address.empty()) {
        out += " on ";
        out += displayText(peer.address);
    }
    return out;
}

void appendPeerField(std::string& out, const SocketPeer& peer) {
    if (peer.side == SocketPeer::Side::None) return;
    out += ",\"peer\":{\"pid\":";
    out += std::to_string(peer.pid);
    out += ",\"comm\":";
    appendJsonString(out, peer.comm);
    out += ",\"where\":\"";
    out += tracer::peerSideName(peer.side);
    out += "\",\"address\":";
    appendJsonString(out, peer.address);
    out += ",\"via\":\"";
    out += viaName(peer.via);
    out += "\",\"accepted\":";
    out += peer.accepted ? "true" : "false";
    out += '}';
}

void readPeerField(const nlohmann::json& record, SocketPeer& peer) {
    peer = SocketPeer{};
    const auto it = record.find("peer");
    if (it == record.end() || it->is_null()) return;
    const nlohmann::json& p = *it;
    const auto bad = [](const char* what) {
        throw std::runtime_error(std::string("field \"peer\": ") + what);
    };
    if (!p.is_object()) bad("must be an object");
    const auto pid = p.find("pid");
    const auto where = p.find("where");
    if (pid == p.end() || !pid->is_number_integer()) bad("\"pid\" must be an integer");
    if (where == p.end() || !where->is_string()) bad("\"where\" must be a string");
    peer.pid = pid->get<pid_t>();
    const auto side = tracer::peerSideFromName(where->get<std::string>());
    if (!side) bad("\"where\" must be host or container");
    peer.side = *side;
    const auto str = [&](const char* key) {
        const auto v = p.find(key);
        return v != p.end() && v->is_string() ? v->get<std::string>() : std::string();
    };
    peer.comm = str("comm");
    peer.address = str("address");
    const std::string via = str("via");
    peer.via = tracer::peerViaFromName(via).value_or(SocketPeer::Via::UnixPath);
    const auto accepted = p.find("accepted");
    peer.accepted = accepted != p.end() && accepted->is_boolean() && accepted->get<bool>();
}

void ConnectionList::add(const tracer::SyscallEvent& event) {
    if (event.peer.side == SocketPeer::Side::None) return;
    if (rows_.size() >= kMaxConnections) {
        ++omitted_;
        return;
    }
    rows_.push_back(Connection{event.seq, event.tid, event.nspid, event.name, event.peer});
}

std::string ConnectionList::markdown() const {
    if (rows_.empty()) return {};
    std::string out =
        "\n## Connections\n\nEach socket connection and the process at its other end, as the "
        "kernel names it.\n\n| syscall | task | via | peer |\n|---|---|---|---|\n";
    auto it = std::back_inserter(out);
    for (const Connection& c : rows_) {
        fmt::format_to(it, "| #{} {} | {} | {} | {} |\n", c.seq, MarkdownReport::code(c.call),
                       MarkdownReport::text(pidsText(c.tid, c.nspid)), viaName(c.peer.via),
                       MarkdownReport::text(peerText(c.peer)));
    }
    if (omitted_ > 0) fmt::format_to(it, "\n… and {} more connections.\n", omitted_);
    return out;
}

std::string ConnectionList::html() const {
    if (rows_.empty()) return {};
    std::string out =
        "<h2>Connections</h2>\n<table>\n<tr><th>syscall</th><th>task</th><th>via</th>"
        "<th>peer</th></tr>\n";
    auto it = std::back_inserter(out);
    for (const Connection& c : rows_) {
        fmt::format_to(
            it, "<tr><td>#{} <code>{}</code></td><td>{}</td><td>{}</td><td{}>{}</td></tr>\n", c.seq,
            HtmlReport::escape(c.call), HtmlReport::escape(pidsText(c.tid, c.nspid)),
            viaName(c.peer.via), c.peer.side == SocketPeer::Side::Host ? " class=\"warning\"" : "",
            HtmlReport::escape(peerText(c.peer)));
    }
    out += "</table>\n";
    if (omitted_ > 0) fmt::format_to(it, "<p>… and {} more connections.</p>\n", omitted_);
    return out;
}

}  // namespace scratch::reports
