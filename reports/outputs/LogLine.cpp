#include "reports/outputs/LogLine.h"

#include <fmt/format.h>

#include <iterator>

#include "reports/Connections.h"
#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/outputs/SignalRecord.h"

namespace scratch::reports {

namespace {
/// strace aligns " = result" at this column when the call is shorter.
constexpr size_t kResultColumn = 39;

/// fmt::format_int into the line directly: format_to through a back_inserter pushes char by
/// char, and this runs for every line.
void appendNumber(std::string& out, int64_t value) {
    const fmt::format_int text(value);
    out.append(text.data(), text.size());
}

/// Appends the where list, each entry after `first` or ", " (nothing when there is nothing to
/// say: a path in the rootfs without a host object, or one not resolved).
void appendWhere(std::string& out, const tracer::SyscallEvent& event, const char* first) {
    bool none = true;
    for (const auto& ref : event.paths) {
        if (ref.host.empty() &&
            (ref.where == tracer::Where::Rootfs || ref.where == tracer::Where::Unknown)) {
            continue;
        }
        out += none ? first : ", ";
        none = false;
        out += whereLabel(ref.where);
        if (!ref.host.empty()) {
            out += ':';
            appendDisplayText(out, ref.host);
        }
    }
}
}  // namespace

void appendMicroseconds(std::string& line, int64_t ns) {
    const int64_t value = (ns % 1000000000) / 1000;
    if (value < 0) {
        fmt::format_to(std::back_inserter(line), "{:06}", value);
        return;
    }
    const fmt::format_int text(value);
    if (text.size() < 6) line.append(6 - text.size(), '0');
    line.append(text.data(), text.size());
}

void appendPidPrefix(std::string& line, pid_t tid, pid_t nspid) {
    line += "[pid ";
    appendNumber(line, tid);
    if (nspid > 0) {
        line += '/';
        appendNumber(line, nspid);
    }
    line += "] ";
}

void appendCall(std::string& line, size_t lineStart, const tracer::SyscallEvent& event,
                const CallLineStyle& style) {
    line += event.name;
    line += '(';
    for (size_t i = 0; i < event.args.size(); ++i) {
        if (i > 0) line += ", ";
        line += event.args[i];
    }
    line += ')';
    const size_t width = line.size() - lineStart;
    if (width < kResultColumn) line.append(kResultColumn - width, ' ');
    line += " = ";
    if (event.retText.empty() || !event.finished) {
        line += '?';
    } else {
        line += event.retText;
    }
    if (style.durations && event.finished && !event.noReturn) {
        line += " <";
        appendNumber(line, event.durationNs / 1000000000);
        line += '.';
        appendMicroseconds(line, event.durationNs);
        line += '>';
    }
    if (!style.showWhere) return;
    appendWhere(line, event, "  # ");
    if (event.peer.side != tracer::SocketPeer::Side::None) {  // reports/Connections.h
        line += "  # peer: ";
        line += peerText(event.peer);
    }
}

bool hasTaskEndLine(const tracer::ProcessEvent& event) {
    return event.kind == tracer::ProcessEvent::Kind::Exit ||
           (event.kind == tracer::ProcessEvent::Kind::Exec && event.formerTid != 0);
}

void appendTaskEnd(std::string& line, const tracer::ProcessEvent& event) {
    if (event.kind == tracer::ProcessEvent::Kind::Exec) {
        line += "+++ superseded by execve in pid ";
        appendNumber(line, event.formerTid);
        line += " +++";
    } else if (event.termSignal != 0) {
        line += "+++ killed by ";
        line += straceSignalName(event.termSignal);
        line += event.coreDumped ? " (core dumped) +++" : " +++";
    } else {
        line += "+++ exited with ";
        appendNumber(line, event.exitCode);
        line += " +++";
    }
}

std::string whereText(const tracer::SyscallEvent& event) {
    std::string out;
    appendWhere(out, event, "");
    return out;
}

std::string logLine(const tracer::SyscallEvent& event) {
    std::string line;
    appendPidPrefix(line, event.tid, event.nspid);
    appendCall(line, 0, event);
    return line;
}

}  // namespace scratch::reports
