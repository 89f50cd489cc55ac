#include "reports/outputs/JsonRecords.h"

#include <fmt/format.h>

#include <iterator>

#include "reports/Connections.h"
#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/replay/CaptureFields.h"
#include "reports/replay/JsonTraceReader.h"  // kRecordTypeNames

namespace scratch::reports {

namespace {

/// fmt::format_int writes into a stack buffer: no per-character push_back into `out`.
void appendInt(std::string& out, int64_t value) {
    const fmt::format_int text(value);
    out.append(text.data(), text.size());
}

/// `,"key":value` for integers; `prefix` is the whole `,"key":` (one append, not three).
void appendIntField(std::string& out, std::string_view prefix, int64_t value) {
    out += prefix;
    appendInt(out, value);
}

/// What the object is, as the resolver found it (each only when known): its mode, device
/// number (device nodes), filesystem magic, mount id and path inside its filesystem.
void appendIdentityFields(std::string& out, const tracer::PathRef& ref) {
    if (ref.mode != 0) appendIntField(out, ",\"mode\":", ref.mode);
    if (ref.rdev != 0) appendIntField(out, ",\"rdev\":", static_cast<int64_t>(ref.rdev));
    if (ref.fsMagic != 0) appendIntField(out, ",\"fs_magic\":", ref.fsMagic);
    if (ref.mntId != 0) appendIntField(out, ",\"mnt_id\":", static_cast<int64_t>(ref.mntId));
    if (!ref.fsPath.empty()) {
        out += ',';
        appendBytesField(out, "fs_path", ref.fsPath);
    }
}

/// `,"key":value` or `,"key":null` when zero (pids the container does not have).
void appendPidOrNull(std::string& out, std::string_view prefix, pid_t pid) {
    out += prefix;
    if (pid > 0) {
        appendInt(out, pid);
    } else {
        out += "null";
    }
}

void appendAccessArray(std::string& out, uint8_t access) {
    out += '[';
    bool first = true;
    forEachAccessName(access, [&](std::string_view name) {
        if (!first) out += ',';
        first = false;
        out += '"';
        out += name;
        out += '"';
    });
    out += ']';
}

nlohmann::ordered_json accessJson(uint8_t access) {
    auto array = nlohmann::ordered_json::array();
    for (const std::string_view name : accessList(access)) array.push_back(std::string(name));
    return array;
}

nlohmann::ordered_json pidOrNull(pid_t pid) {
    return pid > 0 ? nlohmann::ordered_json(pid) : nlohmann::ordered_json();
}

}  // namespace

void appendSyscallRecord(std::string& out, const tracer::SyscallEvent& event) {
    out += "{\"type\":\"";
    out += recordTypeName(TraceRecord::Type::Syscall);
    out += '"';
    appendIntField(out, ",\"seq\":", static_cast<int64_t>(event.seq));
    appendIntField(out, ",\"ts\":", event.tsNs);
    appendIntField(out, ",\"dur\":", event.durationNs);
    appendIntField(out, ",\"pid\":", event.tid);
    appendIntField(out, ",\"tgid\":", event.tgid);
    appendPidOrNull(out, ",\"nspid\":", event.nspid);
    out += ",\"phase\":\"";
    out += tracer::phaseName(event.phase);
    out += "\",\"arch\":\"";
    out += archText(event.arch);
    out += '"';
    appendIntField(out, ",\"nr\":", event.nr);
    out += ",\"name\":";
    appendJsonString(out, event.name);
    out += ",\"args\":[";
    for (size_t i = 0; i < event.args.size(); ++i) {
        if (i > 0) out += ',';
        appendJsonString(out, event.args[i]);
    }
    out += ']';
    appendCaptureFields(out, event);  // what a replay renders the call from again
    if (event.finished && !event.noReturn) {
        appendIntField(out, ",\"ret\":", event.ret);
    } else {
        out += ",\"ret\":null";
    }
    out += ",\"ret_text\":";
    appendJsonString(out, event.finished && !event.retText.empty() ? event.retText : "?");
    out += ",\"errno\":";
    if (event.finished && event.err != 0) {
        out += '"';
        out += errnoName(event.err);
        out += '"';
    } else {
        out += "null";
    }
    out += ",\"finished\":";
    out += event.finished ? "true" : "false";
    out += ",\"paths\":[";
    for (size_t i = 0; i < event.paths.size(); ++i) {
        const tracer::PathRef& ref = event.paths[i];
        if (i > 0) out += ',';
        out += '{';
        appendBytesField(out, "given", ref.given);
        out += ',';
        appendBytesField(out, "host", ref.host, true);
        out += ',';
        appendBytesField(out, "resolved", ref.resolved, true);
        out += ",\"where\":\"";
        out += whereJson(ref.where);
        out += '"';
        if (ref.where == tracer::Where::HostProcfs) out += ",\"host_procfs\":true";
        out += ",\"access\":";
        appendAccessArray(out, ref.access);
        if (ref.fd >= 0) appendIntField(out, ",\"fd\":", ref.fd);
        out += ",\"exists\":";
        out += ref.exists ? "true" : "false";
        appendIdentityFields(out, ref);
        out += '}';
    }
    out += ']';
    appendPeerField(out, event.peer);  // connect, accept: reports/Connections.h
    out += '}';
}

void appendProcessRecord(std::string& out, const tracer::ProcessEvent& event) {
    using Kind = tracer::ProcessEvent::Kind;
    out += "{\"type\":\"";
    out += recordTypeName(TraceRecord::Type::Process);
    out += "\",\"event\":\"";
    out += tracer::processKindName(event.kind);
    out += '"';
    if (event.seq > 0) {
        appendIntField(out, ",\"seq\":", static_cast<int64_t>(event.seq));
    } else {
        out += ",\"seq\":null";
    }
    appendIntField(out, ",\"ts\":", event.tsNs);
    appendIntField(out, ",\"pid\":", event.tid);
    appendIntField(out, ",\"tgid\":", event.tgid);
    appendPidOrNull(out, ",\"nspid\":", event.nspid);
    out += ",\"phase\":\"";
    out += tracer::phaseName(event.phase);
    out += '"';
    switch (event.kind) {
        case Kind::Spawn:
            appendPidOrNull(out, ",\"ppid\":", event.parentTid);
            out += ",\"thread\":";
            out += event.isThread ? "true" : "false";
            fmt::format_to(std::back_inserter(out), ",\"clone_flags\":\"{:#x}\"", event.cloneFlags);
            break;
        case Kind::Exec: {
            out += ',';
            appendBytesField(out, "exe", event.exe);
            out += ",\"argv\":[";
            bool allValid = true;
            for (size_t i = 0; i < event.argv.size(); ++i) {
                if (i > 0) out += ',';
                appendJsonString(out, event.argv[i]);
                allValid = allValid && isValidUtf8(event.argv[i]);
            }
            out += ']';
            if (!allValid) {
                out += ",\"argv_b64\":[";
                for (size_t i = 0; i < event.argv.size(); ++i) {
                    if (i > 0) out += ',';
                    out += '"';
                    out += base64Encode(event.argv[i]);
                    out += '"';
                }
                out += ']';
            }
            if (event.formerTid != 0) appendIntField(out, ",\"former_pid\":", event.formerTid);
            break;
        }
        case Kind::Exit:
            appendIntField(out, ",\"exit_code\":", event.exitCode);
            out += ",\"signal\":";
            if (event.termSignal != 0) {
                out += '"';
                out += signalName(event.termSignal);
                out += '"';
                if (event.coreDumped) out += ",\"core_dumped\":true";
            } else {
                out += "null";
            }
            break;
    }
    out += '}';
}

nlohmann::ordered_json startRecord(const RunInfo& info) {
    nlohmann::ordered_json record;
    record["type"] = std::string(recordTypeName(TraceRecord::Type::Start));
    record["version"] = kJsonSchemaVersion;
    record["tool_version"] = info.toolVersion;
    setBytes(record, "rootfs", info.rootfs);
    setBytesArray(record, "command", info.command);
    record["isolation"] = {
        {"root_mode", rootModeName(info.rootMode)},
        {"proc_mode", procModeName(info.procMode)},
        {"namespaces", info.namespaces},
        {"setup", info.setup},
    };
    record["host_proc_dev"] = info.hostProcDev;
    record["start_epoch_ns"] = info.startEpochNs;
    record["records_everything"] = info.recordsEverything;
    record["filter"] =
        info.filter.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(info.filter);
    if (!decodeIsDefault(info)) record["decode"] = decodeObject(info);
    return record;
}

nlohmann::ordered_json findingRecord(const Finding& finding) {
    nlohmann::ordered_json record;
    record["type"] = std::string(recordTypeName(TraceRecord::Type::Finding));
    record["class"] = std::string(findingClassName(finding.klass));
    record["severity"] = std::string(severityName(finding.severity));
    record["pid"] = finding.pid;
    record["nspid"] = pidOrNull(finding.nspid);
    record["seq"] =
        finding.seq > 0 ? nlohmann::ordered_json(finding.seq) : nlohmann::ordered_json();
    setBytes(record, "host", finding.host, true);
    setBytes(record, "message", finding.message);
    record["fix"] = finding.fix;
    return record;
}

namespace {

template <typename T>
nlohmann::ordered_json orNull(const std::optional<T>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
}

}  // namespace

nlohmann::ordered_json cgroupRecord(const CgroupSummary& cgroup) {
    return {
        {"version", cgroup.version},
        {"path", cgroup.paths.empty() ? std::string() : cgroup.paths.front()},
        {"paths", cgroup.paths},
        {"memory_max", orNull(cgroup.memoryMax)},
        {"pids_max", orNull(cgroup.pidsMax)},
        {"cpus", orNull(cgroup.cpus)},
        {"oom_kills", orNull(cgroup.oomKills)},
        {"pids_refused", orNull(cgroup.pidsRefused)},
        {"memory_peak", orNull(cgroup.memoryPeak)},
        {"cpu_throttled_periods", orNull(cgroup.cpuThrottled)},
        {"cpu_periods", orNull(cgroup.cpuPeriods)},
    };
}

nlohmann::ordered_json summaryRecord(const RunEnd& end, const RunSummary& summary) {
    nlohmann::ordered_json record;
    record["type"] = std::string(recordTypeName(TraceRecord::Type::Summary));
    record["verdict"] = std::string(summary.verdict());
    record["exit"] = {
        {"code", end.exitCode},
        {"signal", end.termSignal != 0 ? nlohmann::ordered_json(signalName(end.termSignal))
                                       : nlohmann::ordered_json()},
        {"timed_out", end.timedOut},
        {"interrupted", end.interrupted},
        {"interrupt_signal", end.interruptSignal != 0
                                 ? nlohmann::ordered_json(signalName(end.interruptSignal))
                                 : nlohmann::ordered_json()},
    };
    record["duration_ns"] = end.durationNs;
    if (end.cgroup) record["cgroup"] = cgroupRecord(*end.cgroup);
    if (!end.namespaces.empty()) {
        auto namespaces = nlohmann::ordered_json::array();
        const auto inode = [](uint64_t value) {
            return value == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(value);
        };
        for (const NamespaceInode& ns : end.namespaces) {
            namespaces.push_back({{"name", ns.name},
                                  {"container", inode(ns.container)},
                                  {"host", inode(ns.host)},
                                  {"new", ns.isNew}});
        }
        record["namespaces"] = std::move(namespaces);
    }
    const auto& bySeverity = summary.bySeverity();
    const auto severityCount = [&](const char* name) -> uint64_t {
        const auto it = bySeverity.find(name);
        return it == bySeverity.end() ? 0 : it->second;
    };
    record["counts"] = {
        {"syscalls", summary.counts.syscalls},
        {"failed", summary.counts.failed},
        {"processes", summary.counts.processes},
        {"threads", summary.counts.threads},
        {"execs", summary.counts.execs},
        {"paths", summary.paths.size()},
        {"findings",
         {{"leak", severityCount("leak")},
          {"warning", severityCount("warning")},
          {"info", severityCount("info")}}},
    };
    record["leaks_by_class"] = summary.leaksByClass();
    auto paths = nlohmann::ordered_json::array();
    size_t listed = 0;
    for (const PathEntry* entry : summary.paths.sorted()) {
        if (listed++ >= kMaxSummaryPaths) break;
        nlohmann::ordered_json path;
        setBytes(path, "host", entry->host, true);
        setBytes(path, "resolved", entry->resolved, true);
        path["where"] = std::string(whereJson(entry->where));
        if (entry->where == tracer::Where::HostProcfs) path["host_procfs"] = true;
        path["access"] = accessJson(entry->access);
        path["syscalls"] = entry->syscalls;
        path["processes"] = entry->tgids.size();
        path["uses"] = entry->uses;
        path["first_seq"] = entry->firstSeq;
        path["reached"] = entry->reached;
        path["workload"] = entry->workload;
        paths.push_back(std::move(path));
    }
    record["paths"] = std::move(paths);
    record["paths_omitted"] =
        summary.paths.size() > kMaxSummaryPaths ? summary.paths.size() - kMaxSummaryPaths : 0;
    auto findings = nlohmann::ordered_json::array();
    for (const auto& finding : summary.findings()) {
        nlohmann::ordered_json item = findingRecord(finding);
        item.erase("type");
        findings.push_back(std::move(item));
    }
    record["findings"] = std::move(findings);
    record["findings_omitted"] = summary.omitted();
    return record;
}

}  // namespace scratch::reports
