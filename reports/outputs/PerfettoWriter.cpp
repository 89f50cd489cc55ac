#include "reports/outputs/PerfettoWriter.h"

#include <fmt/format.h>

#include <cstring>
#include <iterator>

#include "common/Error.h"
#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/RunSummary.h"

namespace scratch::reports {

namespace {

/// Trace-event timestamps are microseconds; fractions keep the nanoseconds.
void appendMicros(std::string& out, int64_t ns) {
    if (ns < 0) {
        out += '-';
        ns = -ns;
    }
    fmt::format_to(std::back_inserter(out), "{}.{:03}", ns / 1000, ns % 1000);
}

std::string baseName(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

PerfettoWriter::PerfettoWriter(Output out) : out_(std::move(out)) {}

std::string& PerfettoWriter::element() {
    std::string& buffer = out_.buffer();
    buffer += first_ ? "\n" : ",\n";
    first_ = false;
    return buffer;
}

void PerfettoWriter::name(pid_t tid, pid_t tgid, pid_t nspid, const std::string& label) {
    std::string full = label;
    if (nspid > 0)
        full += fmt::format(" [{}/{}]", tid, nspid);
    else
        full += fmt::format(" [{}]", tid);
    auto& known = names_[tid];
    if (known == full) return;
    known = full;
    const auto meta = [&](const char* what) {
        std::string& out = element();
        fmt::format_to(std::back_inserter(out),
                       "{{\"name\":\"{}\",\"ph\":\"M\",\"pid\":{},\"tid\":{},\"args\":{{\"name\":",
                       what, tgid, tid);
        appendJsonString(out, full);
        out += "}}";
    };
    meta("thread_name");
    if (tid == tgid) meta("process_name");
}

void PerfettoWriter::nameSetupTrack(pid_t tid) {
    if (!setupTracks_.insert(tid).second) return;
    if (setupTracks_.size() == 1) {
        // The group's name, and first in the list (Perfetto and chrome://tracing sort by it).
        std::string& out = element();
        fmt::format_to(std::back_inserter(out),
                       "{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":{},\"tid\":{},"
                       "\"args\":{{\"name\":\"{}\"}}}}",
                       kSetupPid, kSetupPid, kSetupGroup);
        fmt::format_to(std::back_inserter(element()),
                       "{{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":{},\"tid\":{},"
                       "\"args\":{{\"sort_index\":-1}}}}",
                       kSetupPid, kSetupPid);
    }
    // The task's setup track takes its name as it is now ("runtime [1928/1]").
    std::string& out = element();
    fmt::format_to(std::back_inserter(out),
                   "{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":{},\"tid\":{},\"args\":"
                   "{{\"name\":",
                   kSetupPid, kSetupPid + tid);
    const auto known = names_.find(tid);
    appendJsonString(out, known != names_.end() ? known->second : std::to_string(tid));
    out += "}}";
}

void PerfettoWriter::onStart(const RunInfo& info) {
    std::string& out = out_.buffer();
    out += "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"tool\":\"scratch-trace\",\"command\":";
    std::string command;
    for (const auto& word : info.command) command += (command.empty() ? "" : " ") + word;
    appendJsonString(out, command);
    out += ",\"rootfs\":";
    appendJsonString(out, info.rootfs);
    out += "},\"traceEvents\":[";
    first_ = true;
    out_.commit();
}

void PerfettoWriter::onSyscall(const tracer::SyscallEvent& event) {
    tgidOf_[event.tid] = event.tgid;
    lastTs_[event.tid] = event.tsNs;
    if (names_.find(event.tid) == names_.end()) {
        // A task first seen by a syscall (the first one, or a spawn the file did not have).
        name(event.tid, event.tgid, event.nspid,
             event.phase == tracer::Phase::Setup ? "runtime" : "task");
    }
    const bool setup = event.phase != tracer::Phase::Workload;
    if (setup) nameSetupTrack(event.tid);
    std::string& out = element();
    auto it = std::back_inserter(out);
    out += "{\"name\":";
    appendJsonString(out, event.name);
    fmt::format_to(it, ",\"cat\":\"{}\",\"ph\":\"X\",\"ts\":", tracer::phaseName(event.phase));
    appendMicros(out, event.tsNs);
    out += ",\"dur\":";
    appendMicros(out, event.finished ? event.durationNs : 0);
    fmt::format_to(it, ",\"pid\":{},\"tid\":{},\"args\":{{\"seq\":{},\"args\":[",
                   setup ? kSetupPid : event.tgid, setup ? kSetupPid + event.tid : event.tid,
                   event.seq);
    for (size_t i = 0; i < event.args.size(); ++i) {
        if (i > 0) out += ',';
        appendJsonString(out, event.args[i]);
    }
    out += "],\"ret\":";
    appendJsonString(out, event.finished && !event.retText.empty() ? event.retText : "?");
    if (!event.paths.empty()) {
        out += ",\"paths\":[";
        for (size_t i = 0; i < event.paths.size(); ++i) {
            const auto& ref = event.paths[i];
            if (i > 0) out += ',';
            std::string text(whereLabel(ref.where));
            text += ':';
            text += ref.host.empty() ? ref.given : ref.host;
            appendJsonString(out, text);
        }
        out += ']';
    }
    out += "}}";
    out_.commit();
}

void PerfettoWriter::onProcess(const tracer::ProcessEvent& event) {
    using Kind = tracer::ProcessEvent::Kind;
    tgidOf_[event.tid] = event.tgid;
    switch (event.kind) {
        case Kind::Spawn: {
            // A new task runs its parent's program until it execs.
            const auto parent = names_.find(event.parentTid);
            std::string label = parent != names_.end() ? parent->second : "task";
            const auto bracket = label.rfind(" [");
            if (bracket != std::string::npos) label.resize(bracket);
            name(event.tid, event.tgid, event.nspid, label);
            break;
        }
        case Kind::Exec: {
            std::string label = event.argv.empty() ? baseName(event.exe) : event.argv[0];
            if (label.empty()) label = "exec";
            name(event.tid, event.tgid, event.nspid, displayText(label));
            std::string& out = element();
            out += "{\"name\":\"exec\",\"cat\":\"process\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
            appendMicros(out, event.tsNs);
            fmt::format_to(std::back_inserter(out),
                           ",\"pid\":{},\"tid\":{},\"args\":{{\"exe\":", event.tgid, event.tid);
            appendJsonString(out, event.exe);
            out += ",\"argv\":[";
            for (size_t i = 0; i < event.argv.size(); ++i) {
                if (i > 0) out += ',';
                appendJsonString(out, event.argv[i]);
            }
            out += "]}}";
            break;
        }
        case Kind::Exit: {
            std::string& out = element();
            out += "{\"name\":\"exit\",\"cat\":\"process\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
            appendMicros(out, event.tsNs);
            fmt::format_to(std::back_inserter(out),
                           ",\"pid\":{},\"tid\":{},\"args\":{{\"exit_code\":{},\"signal\":{}}}}}",
                           event.tgid, event.tid, event.exitCode,
                           event.termSignal != 0 ? "\"" + signalName(event.termSignal) + "\""
                                                 : std::string("null"));
            break;
        }
    }
    out_.commit();
}

void PerfettoWriter::onFinding(const Finding& finding) {
    // A finding has no time of its own: it goes on its task's track at the start of the task's
    // latest syscall (the one that shows it, as a finding follows its syscall).
    const auto tgid = tgidOf_.find(finding.pid);
    const auto ts = lastTs_.find(finding.pid);
    std::string& out = element();
    out += "{\"name\":";
    appendJsonString(out, std::string(severityName(finding.severity)) + ": " +
                              std::string(findingClassName(finding.klass)));
    out += ",\"cat\":\"finding\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
    appendMicros(out, ts != lastTs_.end() ? ts->second : 0);
    fmt::format_to(std::back_inserter(out),
                   ",\"pid\":{},\"tid\":{},\"args\":{{\"seq\":{},\"message\":",
                   tgid != tgidOf_.end() ? tgid->second : finding.pid, finding.pid, finding.seq);
    appendJsonString(out, finding.message);
    out += ",\"fix\":";
    appendJsonString(out, finding.fix);
    out += "}}";
    out_.commit();
}

void PerfettoWriter::onFinish(const RunEnd& end, const RunSummary& summary) {
    std::string& out = out_.buffer();
    out += "\n],\"metadata\":{\"verdict\":";
    appendJsonString(out, summary.line());
    fmt::format_to(std::back_inserter(out), ",\"exit_code\":{}}}}}\n", end.exitCode);
    if (!out_.flush()) {
        throw Error(std::string("writing the trace-event file: ") + std::strerror(out_.error()));
    }
}

}  // namespace scratch::reports
