#include "reports/LogLine.h"

#include <fmt/format.h>

#include <iterator>

#include "reports/Connections.h"
#include "reports/JsonText.h"
#include "reports/Names.h"

namespace scratch::reports {

namespace {
constexpr size_t kResultColumn = 39;  // as TextLog: strace aligns " = result" here
}

std::string whereText(const tracer::SyscallEvent& event) {
    std::string out;
    for (const auto& ref : event.paths) {
        if (ref.host.empty() &&
            (ref.where == tracer::Where::Rootfs || ref.where == tracer::Where::Unknown)) {
            continue;
        }
        if (!out.empty()) out += ", ";
        out += whereLabel(ref.where);
        if (!ref.host.empty()) {
            out += ':';
            appendDisplayText(out, ref.host);
        }
    }
    return out;
}

std::string logLine(const tracer::SyscallEvent& event) {
    std::string line;
    auto it = std::back_inserter(line);
    if (event.nspid > 0) {
        fmt::format_to(it, "[pid {}/{}] ", event.tid, event.nspid);
    } else {
        fmt::format_to(it, "[pid {}] ", event.tid);
    }
    line += event.name;
    line += '(';
    for (size_t i = 0; i < event.args.size(); ++i) {
        if (i > 0) line += ", ";
        line += event.args[i];
    }
    line += ')';
    if (line.size() < kResultColumn) line.append(kResultColumn - line.size(), ' ');
    line += " = ";
    line += event.retText.empty() || !event.finished ? std::string("?") : event.retText;
    const std::string where = whereText(event);
    if (!where.empty()) line += "  # " + where;
    if (event.peer.side != tracer::SocketPeer::Side::None)
        line += "  # peer: " + peerText(event.peer);
    return line;
}

}  // namespace scratch::reports
