#include "reports/replay/JsonTraceReader.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "common/Error.h"
#include "reports/Connections.h"
#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/replay/CaptureFields.h"

namespace scratch::reports {

namespace {

using nlohmann::json;

/// A field that is missing or has the wrong type; next() adds the source and line.
struct BadField : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const json& field(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) throw BadField(fmt::format("missing field \"{}\"", key));
    return *it;
}

int64_t toInt(const json& value, const char* key) {
    if (!value.is_number_integer()) {
        throw BadField(fmt::format("field \"{}\" must be an integer, not {}", key, value.dump()));
    }
    return value.get<int64_t>();
}

int64_t intField(const json& object, const char* key) { return toInt(field(object, key), key); }

/// An integer that may be null (or, for fields added later, absent): 0 then.
int64_t intOrNull(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return 0;
    return toInt(*it, key);
}

bool boolField(const json& object, const char* key) {
    const json& value = field(object, key);
    if (!value.is_boolean()) throw BadField(fmt::format("field \"{}\" must be true or false", key));
    return value.get<bool>();
}

std::string stringField(const json& object, const char* key) {
    const json& value = field(object, key);
    if (!value.is_string()) throw BadField(fmt::format("field \"{}\" must be a string", key));
    return value.get<std::string>();
}

/// A string that may be null or absent: empty then.
std::string stringOrNull(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) throw BadField(fmt::format("field \"{}\" must be a string", key));
    return it->get<std::string>();
}

/// A byte field under the _b64 convention (JsonText.h); null or absent: empty.
std::string bytesField(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it != object.end() && !it->is_null() && !it->is_string()) {
        throw BadField(fmt::format("field \"{}\" must be a string", key));
    }
    return getBytes(object, key);
}

const json& arrayField(const json& object, const char* key) {
    const json& value = field(object, key);
    if (!value.is_array()) throw BadField(fmt::format("field \"{}\" must be an array", key));
    return value;
}

std::vector<std::string> stringArray(const json& object, const char* key) {
    std::vector<std::string> out;
    for (const json& item : arrayField(object, key)) {
        if (!item.is_string()) throw BadField(fmt::format("\"{}\" must hold strings", key));
        out.push_back(item.get<std::string>());
    }
    return out;
}

/// A byte-string array with its optional key_b64 twin.
std::vector<std::string> bytesArray(const json& object, const char* key) {
    std::vector<std::string> out = stringArray(object, key);
    const auto b64 = object.find(std::string(key) + "_b64");
    if (b64 != object.end() && b64->is_array() && b64->size() == out.size()) {
        for (size_t i = 0; i < out.size(); ++i) {
            if ((*b64)[i].is_string()) out[i] = base64Decode((*b64)[i].get<std::string>());
        }
    }
    return out;
}

tracer::Phase phaseField(const json& object) {
    const std::string text = stringField(object, "phase");
    if (const auto phase = tracer::phaseFromName(text)) return *phase;
    throw BadField("field \"phase\" must be \"setup\" or \"workload\", not \"" + text + "\"");
}

/// The optional identity fields of a path entry (mode, rdev, fs_magic, mnt_id, fs_path).
void readIdentityFields(const json& p, tracer::PathRef& ref) {
    auto number = [&p](const char* key) -> uint64_t {
        const auto it = p.find(key);
        return it == p.end() || it->is_null() ? 0 : static_cast<uint64_t>(toInt(*it, key));
    };
    ref.mode = static_cast<uint32_t>(number("mode"));
    ref.rdev = number("rdev");
    ref.fsMagic = static_cast<uint32_t>(number("fs_magic"));
    ref.mntId = number("mnt_id");
    if (p.contains("fs_path")) ref.fsPath = bytesField(p, "fs_path");
}

tracer::Where whereOf(const json& object) {
    const std::string text = stringField(object, "where");
    const auto where = tracer::whereFromName(text);
    // A host procfs is written "host" with host_procfs beside it: "host-procfs" is only a label.
    if (!where || *where == tracer::Where::HostProcfs) {
        throw BadField("field \"where\" has an unknown value \"" + text + "\"");
    }
    if (*where == tracer::Where::Host) {
        const auto procfs = object.find("host_procfs");
        const bool isProcfs = procfs != object.end() && procfs->is_boolean() && procfs->get<bool>();
        return isProcfs ? tracer::Where::HostProcfs : tracer::Where::Host;
    }
    return *where;
}

pid_t pidOf(int64_t value, const char* key) {
    if (value < 0 || value > INT32_MAX)
        throw BadField(fmt::format("field \"{}\" is not a pid", key));
    return static_cast<pid_t>(value);
}

void readStart(const json& o, RunInfo& info) {
    const int64_t version = intField(o, "version");
    if (version != kJsonSchemaVersion) {
        throw BadField(fmt::format("stream version {} (this scratch-trace reads version {})",
                                   version, kJsonSchemaVersion));
    }
    info = RunInfo{};
    info.toolVersion = stringOrNull(o, "tool_version");
    info.rootfs = bytesField(o, "rootfs");
    info.command = bytesArray(o, "command");
    const json& isolation = field(o, "isolation");
    if (!isolation.is_object()) throw BadField("field \"isolation\" must be an object");
    const auto rootMode = rootModeFromName(stringField(isolation, "root_mode"));
    if (!rootMode) throw BadField("field \"root_mode\" must be chroot, pivot or none");
    info.rootMode = *rootMode;
    const auto procMode = procModeFromName(stringField(isolation, "proc_mode"));
    if (!procMode) throw BadField("field \"proc_mode\" must be new or none");
    info.procMode = *procMode;
    info.namespaces = stringArray(isolation, "namespaces");
    if (isolation.contains("setup")) info.setup = stringArray(isolation, "setup");
    info.hostProcDev = stringOrNull(o, "host_proc_dev");
    info.startEpochNs = intOrNull(o, "start_epoch_ns");
    const auto everything = o.find("records_everything");
    info.recordsEverything =
        everything == o.end() || !everything->is_boolean() || everything->get<bool>();
    info.filter = stringOrNull(o, "filter");
    readDecodeObject(o, info);
}

void readSyscall(const json& o, tracer::SyscallEvent& e) {
    const int64_t seq = intField(o, "seq");
    if (seq < 1) throw BadField("field \"seq\" must be 1 or more");
    e.seq = static_cast<uint64_t>(seq);
    e.tsNs = intField(o, "ts");
    e.durationNs = intOrNull(o, "dur");
    e.tid = pidOf(intField(o, "pid"), "pid");
    e.tgid = pidOf(intField(o, "tgid"), "tgid");
    e.nspid = pidOf(intOrNull(o, "nspid"), "nspid");
    e.phase = phaseField(o);
    e.arch = tracer::archFromName(stringOrNull(o, "arch"));
    e.nr = intOrNull(o, "nr");
    e.name = stringField(o, "name");
    e.setInfo(tracer::findSyscall(e.name));
    e.args = stringArray(o, "args");
    if (e.args.size() > 6) throw BadField("field \"args\" has more than 6 arguments");
    e.finished = boolField(o, "finished");
    const json& ret = field(o, "ret");
    e.noReturn = ret.is_null() && e.finished;
    e.ret = ret.is_null() ? 0 : toInt(ret, "ret");
    e.retText = stringField(o, "ret_text");
    const std::string err = stringOrNull(o, "errno");
    e.err = err.empty() ? 0 : errnoFromName(err);
    if (!err.empty() && e.err == 0) e.err = e.ret < 0 ? static_cast<int>(-e.ret) : 1;
    e.paths.clear();
    for (const json& p : arrayField(o, "paths")) {
        if (!p.is_object()) throw BadField("\"paths\" must hold objects");
        tracer::PathRef ref;
        ref.given = bytesField(p, "given");
        ref.host = bytesField(p, "host");
        ref.resolved = bytesField(p, "resolved");
        ref.where = whereOf(p);
        ref.access = accessFromNames(stringArray(p, "access"));
        const auto fd = p.find("fd");
        ref.fd = fd == p.end() || fd->is_null() ? -1 : static_cast<int>(toInt(*fd, "fd"));
        const auto exists = p.find("exists");
        ref.exists = exists == p.end() || !exists->is_boolean() || exists->get<bool>();
        readIdentityFields(p, ref);
        e.paths.push_back(std::move(ref));
    }
    try {
        readCaptureFields(o, e);   // reports/replay/CaptureFields.h
        readPeerField(o, e.peer);  // reports/Connections.h
    } catch (const std::runtime_error& error) {
        throw BadField(error.what());
    }
}

void readProcess(const json& o, tracer::ProcessEvent& e) {
    using Kind = tracer::ProcessEvent::Kind;
    const std::string kind = stringField(o, "event");
    e = tracer::ProcessEvent{};
    const auto parsed = tracer::processKindFromName(kind);
    if (!parsed) {
        throw BadField("field \"event\" must be spawn, exec or exit, not \"" + kind + "\"");
    }
    e.kind = *parsed;
    e.seq = static_cast<uint64_t>(std::max<int64_t>(0, intOrNull(o, "seq")));
    e.tsNs = intField(o, "ts");
    e.tid = pidOf(intField(o, "pid"), "pid");
    e.tgid = pidOf(intField(o, "tgid"), "tgid");
    e.nspid = pidOf(intOrNull(o, "nspid"), "nspid");
    e.phase = phaseField(o);
    switch (e.kind) {
        case Kind::Spawn: {
            e.parentTid = pidOf(intOrNull(o, "ppid"), "ppid");
            const auto thread = o.find("thread");
            e.isThread = thread != o.end() && thread->is_boolean() && thread->get<bool>();
            const std::string flags = stringOrNull(o, "clone_flags");
            if (!flags.empty()) {
                try {
                    e.cloneFlags = std::stoull(flags, nullptr, 16);
                } catch (const std::exception&) {
                    throw BadField("field \"clone_flags\" is not hex: \"" + flags + "\"");
                }
            }
            break;
        }
        case Kind::Exec:
            e.exe = bytesField(o, "exe");
            e.argv = bytesArray(o, "argv");
            e.formerTid = pidOf(intOrNull(o, "former_pid"), "former_pid");
            break;
        case Kind::Exit:
            e.exitCode = static_cast<int>(intField(o, "exit_code"));
            e.termSignal = tracer::signalFromName(stringOrNull(o, "signal"));
            if (const auto core = o.find("core_dumped"); core != o.end() && core->is_boolean()) {
                e.coreDumped = core->get<bool>();
            }
            break;
    }
}

/// A signal record: its siginfo comes as the text the live run rendered.
void readSignal(const json& o, tracer::SignalEvent& e) {
    e = tracer::SignalEvent{};
    e.tsNs = intField(o, "ts");
    e.tid = pidOf(intField(o, "pid"), "pid");
    e.tgid = pidOf(intField(o, "tgid"), "tgid");
    e.nspid = pidOf(intOrNull(o, "nspid"), "nspid");
    e.phase = phaseField(o);
    e.signo = static_cast<int>(intField(o, "signo"));
    if (e.signo < 1 || e.signo > 64) throw BadField("field \"signo\" must be 1 to 64");
    const auto stopped = o.find("stopped");
    e.groupStop = stopped != o.end() && stopped->is_boolean() && stopped->get<bool>();
    e.siginfo = e.groupStop ? std::string() : stringField(o, "siginfo");
}

void readFinding(const json& o, Finding& f) {
    f = Finding{};
    const std::string klass = stringField(o, "class");
    const auto parsedClass = findingClassFromName(klass);
    if (!parsedClass) throw BadField("field \"class\" has an unknown value \"" + klass + "\"");
    f.klass = *parsedClass;
    const auto severity = severityFromName(stringField(o, "severity"));
    if (!severity) throw BadField("field \"severity\" must be leak, warning or info");
    f.severity = *severity;
    f.pid = pidOf(intOrNull(o, "pid"), "pid");
    f.nspid = pidOf(intOrNull(o, "nspid"), "nspid");
    f.seq = static_cast<uint64_t>(std::max<int64_t>(0, intOrNull(o, "seq")));
    f.host = bytesField(o, "host");
    f.message = bytesField(o, "message");
    f.fix = stringOrNull(o, "fix");
}

std::map<std::string, uint64_t> countMap(const json& o, const char* key) {
    std::map<std::string, uint64_t> out;
    const auto it = o.find(key);
    if (it == o.end() || it->is_null()) return out;
    if (!it->is_object()) throw BadField(fmt::format("field \"{}\" must be an object", key));
    for (const auto& [name, value] : it->items()) {
        out[name] = static_cast<uint64_t>(std::max<int64_t>(0, toInt(value, key)));
    }
    return out;
}

/// An integer that may be null or absent: nullopt then (a count the kernel did not give).
std::optional<uint64_t> countOrNone(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    return static_cast<uint64_t>(std::max<int64_t>(0, toInt(*it, key)));
}

/// The summary's "cgroup" object; traces written before it existed have none.
std::optional<CgroupSummary> readCgroup(const json& o) {
    const auto it = o.find("cgroup");
    if (it == o.end() || it->is_null()) return std::nullopt;
    if (!it->is_object()) throw BadField("field \"cgroup\" must be an object");
    const json& c = *it;
    CgroupSummary out;
    out.version = static_cast<int>(intField(c, "version"));
    if (c.contains("paths")) {
        out.paths = stringArray(c, "paths");
    } else if (const std::string path = stringOrNull(c, "path"); !path.empty()) {
        out.paths.push_back(path);
    }
    out.memoryMax = countOrNone(c, "memory_max");
    out.pidsMax = countOrNone(c, "pids_max");
    if (const auto cpus = c.find("cpus"); cpus != c.end() && !cpus->is_null()) {
        if (!cpus->is_number()) throw BadField("field \"cpus\" must be a number");
        out.cpus = cpus->get<double>();
    }
    out.oomKills = countOrNone(c, "oom_kills");
    out.pidsRefused = countOrNone(c, "pids_refused");
    out.memoryPeak = countOrNone(c, "memory_peak");
    out.cpuThrottled = countOrNone(c, "cpu_throttled_periods");
    out.cpuPeriods = countOrNone(c, "cpu_periods");
    return out;
}

void readSummary(const json& o, TraceSummary& s) {
    s = TraceSummary{};
    s.verdict = stringField(o, "verdict");
    if (!verdictFromName(s.verdict)) {
        throw BadField("field \"verdict\" must be leak, inconclusive or isolated");
    }
    const json& exit = field(o, "exit");
    if (!exit.is_object()) throw BadField("field \"exit\" must be an object");
    s.end.exitCode = static_cast<int>(intField(exit, "code"));
    s.end.termSignal = tracer::signalFromName(stringOrNull(exit, "signal"));
    s.end.timedOut = boolField(exit, "timed_out");
    s.end.interrupted = boolField(exit, "interrupted");
    s.end.interruptSignal = tracer::signalFromName(stringOrNull(exit, "interrupt_signal"));
    s.end.durationNs = intOrNull(o, "duration_ns");
    s.end.cgroup = readCgroup(o);
    // Optional: traces written before namespace inodes were recorded have none.
    if (const auto it = o.find("namespaces"); it != o.end() && !it->is_null()) {
        if (!it->is_array()) throw BadField("field \"namespaces\" must be an array");
        for (const json& item : *it) {
            if (!item.is_object()) throw BadField("a \"namespaces\" entry must be an object");
            NamespaceInode ns;
            ns.name = stringField(item, "name");
            ns.container =
                static_cast<uint64_t>(std::max<int64_t>(0, intOrNull(item, "container")));
            ns.host = static_cast<uint64_t>(std::max<int64_t>(0, intOrNull(item, "host")));
            ns.isNew = boolField(item, "new");
            s.end.namespaces.push_back(std::move(ns));
        }
    }
    const json& counts = field(o, "counts");
    if (!counts.is_object()) throw BadField("field \"counts\" must be an object");
    const auto count = [&](const char* key) {
        return static_cast<uint64_t>(std::max<int64_t>(0, intOrNull(counts, key)));
    };
    s.counts.syscalls = count("syscalls");
    s.counts.failed = count("failed");
    s.counts.processes = count("processes");
    s.counts.threads = count("threads");
    s.counts.execs = count("execs");
    s.pathCount = count("paths");
    s.findingsBySeverity = countMap(counts, "findings");
    s.leaksByClass = countMap(o, "leaks_by_class");
    s.findingsOmitted = countMap(o, "findings_omitted");
    for (const json& p : arrayField(o, "paths")) {
        if (!p.is_object()) throw BadField("summary \"paths\" must hold objects");
        SummaryPath path;
        path.host = bytesField(p, "host");
        path.resolved = bytesField(p, "resolved");
        path.where = whereOf(p);
        path.access = accessFromNames(stringArray(p, "access"));
        path.syscalls = stringArray(p, "syscalls");
        path.processes = static_cast<uint64_t>(intOrNull(p, "processes"));
        path.uses = static_cast<uint64_t>(intOrNull(p, "uses"));
        path.firstSeq = static_cast<uint64_t>(intOrNull(p, "first_seq"));
        const auto flag = [&](const char* key) {
            const auto it = p.find(key);
            return it != p.end() && it->is_boolean() && it->get<bool>();
        };
        path.reached = flag("reached");
        path.workload = flag("workload");
        s.paths.push_back(std::move(path));
    }
    for (const json& f : arrayField(o, "findings")) {
        if (!f.is_object()) throw BadField("summary \"findings\" must hold objects");
        Finding finding;
        readFinding(f, finding);
        s.findings.push_back(std::move(finding));
    }
}

}  // namespace

int errnoFromName(std::string_view name) {
    static const std::unordered_map<std::string, int> table = [] {
        std::unordered_map<std::string, int> map;
        for (int err = 4095; err >= 1; --err) {
            const std::string text = errnoName(err);
            if (!text.empty() && text[0] == 'E') map[text] = err;
        }
        return map;
    }();
    const auto it = table.find(std::string(name));
    return it == table.end() ? 0 : it->second;
}

uint8_t accessFromNames(const std::vector<std::string>& names) {
    uint8_t bits = tracer::kAccessNone;
    for (const auto& name : names) bits |= tracer::accessFromName(name).value_or(0);
    return bits;
}

JsonTraceReader::JsonTraceReader(std::istream& in, std::string source)
    : in_(in), source_(std::move(source)) {}

void JsonTraceReader::fail(const std::string& what) const {
    throw Error(fmt::format("{}:{}: {}", source_, line_, what), kExitFailure);
}

bool JsonTraceReader::next(TraceRecord& record) {
    while (std::getline(in_, text_)) {
        ++line_;
        const bool lastLineCut = in_.eof();  // no newline after it
        if (text_.find_first_not_of(" \t\r") == std::string::npos) continue;
        json object;
        try {
            object = json::parse(text_);
        } catch (const json::parse_error& e) {
            if (lastLineCut) fail("the last line is cut short (the run was killed while writing?)");
            std::string what = e.what();
            const auto colon = what.find("syntax error");
            fail("not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon)));
        } catch (const json::exception& e) {
            // e.g. out_of_range: a number too large for any field the trace format has.
            fail(std::string("not a valid trace record: ") + e.what());
        }
        if (!object.is_object()) fail("not a JSON object");
        std::string type = "?";
        try {
            type = stringField(object, "type");
            if (!sawStart_ && type != "start") {
                fail("the first record must be \"start\", not \"" + type +
                     "\" (is this a "
                     "scratch-trace --json file?)");
            }
            if (sawSummary_)
                fail("a \"" + type + "\" record after the summary, which must be last");
            const auto known = valueIn(kRecordTypeNames, type);
            if (!known) continue;  // a record type of a newer writer
            switch (*known) {
                case TraceRecord::Type::Start:
                    if (sawStart_) fail("a second \"start\" record");
                    readStart(object, record.start);
                    sawStart_ = true;
                    break;
                case TraceRecord::Type::Syscall:
                    readSyscall(object, record.syscall);
                    break;
                case TraceRecord::Type::Process:
                    readProcess(object, record.process);
                    break;
                case TraceRecord::Type::Signal:
                    readSignal(object, record.signal);
                    break;
                case TraceRecord::Type::Finding:
                    readFinding(object, record.finding);
                    break;
                case TraceRecord::Type::Summary:
                    readSummary(object, record.summary);
                    sawSummary_ = true;
                    break;
            }
            record.type = *known;
        } catch (const BadField& e) {
            fail("\"" + type + "\" record: " + e.what());
        } catch (const json::exception& e) {
            fail(e.what());
        }
        return true;
    }
    if (in_.bad()) fail("read error");
    if (!sawStart_) {
        throw Error(source_ + ": empty trace (no start record)", kExitFailure);
    }
    return false;
}

}  // namespace scratch::reports
