#include "reports/TextLog.h"

#include <fmt/format.h>

#include <cstring>
#include <iterator>

#include "common/Error.h"
#include "reports/Connections.h"
#include "reports/JsonText.h"
#include "reports/Names.h"

namespace scratch::reports {

namespace {
/// strace aligns " = result" at this column when the call is shorter.
constexpr size_t kResultColumn = 39;

void appendNumber(std::string& out, int64_t value) {
    const fmt::format_int text(value);
    out.append(text.data(), text.size());
}

/// `value` zero-padded to 6 characters, exactly as fmt's {:06}.
void appendZeroPadded6(std::string& out, int64_t value) {
    if (value < 0) {
        fmt::format_to(std::back_inserter(out), "{:06}", value);
        return;
    }
    const fmt::format_int text(value);
    if (text.size() < 6) out.append(6 - text.size(), '0');
    out.append(text.data(), text.size());
}
}  // namespace

TextLog::TextLog(Output out, TextLogOptions options) : out_(std::move(out)), options_(options) {}

TextLog::TextLog(FILE* file, TextLogOptions options) : TextLog(Output(file), options) {}

void TextLog::onStart(const RunInfo& info) { startEpochNs_ = info.startEpochNs; }

void TextLog::appendPrefix(std::string& line, pid_t tid, pid_t nspid, int64_t tsNs) {
    // fmt::format_int into the line directly: format_to through a back_inserter pushes char by
    // char, and this runs for every line.
    line += "[pid ";
    appendNumber(line, tid);
    if (nspid > 0) {
        line += '/';
        appendNumber(line, nspid);
    }
    line += "] ";
    if (!options_.wallClock) return;
    const int64_t epochNs = startEpochNs_ + tsNs;
    const int64_t second = epochNs / 1000000000;
    if (second != cachedSecond_) {
        const auto t = static_cast<time_t>(second);
        struct tm local {};
        localtime_r(&t, &local);
        std::strftime(cachedClock_, sizeof cachedClock_, "%H:%M:%S", &local);
        cachedSecond_ = second;
    }
    line += cachedClock_;
    line += '.';
    appendZeroPadded6(line, (epochNs % 1000000000) / 1000);
    line += ' ';
}

void TextLog::onSyscall(const tracer::SyscallEvent& event) {
    std::string& line = out_.buffer();
    const size_t lineStart = line.size();
    appendPrefix(line, event.tid, event.nspid, event.tsNs);
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
    if (options_.durations && event.finished && !event.noReturn) {
        line += " <";
        appendNumber(line, event.durationNs / 1000000000);
        line += '.';
        appendZeroPadded6(line, (event.durationNs % 1000000000) / 1000);
        line += '>';
    }
    if (options_.showWhere) {
        bool first = true;
        for (const auto& ref : event.paths) {
            if (ref.host.empty() && ref.where == tracer::Where::Rootfs) continue;
            if (ref.host.empty() && ref.where == tracer::Where::Unknown) continue;
            line += first ? "  # " : ", ";
            first = false;
            line += whereLabel(ref.where);
            if (!ref.host.empty()) {
                line += ':';
                appendDisplayText(line, ref.host);
            }
        }
        if (event.peer.side != tracer::SocketPeer::Side::None) {  // reports/Connections.h
            line += "  # peer: ";
            line += peerText(event.peer);
        }
    }
    line += '\n';
    out_.commit();
}

void TextLog::onProcess(const tracer::ProcessEvent& event) {
    if (event.kind != tracer::ProcessEvent::Kind::Exit) return;
    std::string& line = out_.buffer();
    appendPrefix(line, event.tid, event.nspid, event.tsNs);
    if (event.termSignal != 0) {
        line += "+++ killed by ";
        line += signalName(event.termSignal);
        line += " +++\n";
    } else {
        fmt::format_to(std::back_inserter(line), "+++ exited with {} +++\n", event.exitCode);
    }
    out_.commit();
}

void TextLog::onFinish(const RunEnd& end, const Verdict& verdict) {
    (void)end;
    (void)verdict;
    if (!out_.flush()) {
        throw Error(std::string("writing the syscall log: ") + std::strerror(out_.error()));
    }
}

}  // namespace scratch::reports
