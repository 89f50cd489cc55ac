#include "reports/outputs/SignalRecord.h"

#include "reports/Names.h"
#include "reports/replay/JsonTraceReader.h"  // kRecordTypeNames
#include "tracer/FlagNames.h"
#include "tracer/SiginfoText.h"

namespace scratch::reports {

std::string straceSignalName(int sig) {
    const std::string_view name = tracer::signalName(sig);
    return name.empty() ? signalName(sig) : std::string(name);
}

void renderSignal(tracer::SignalEvent& event) {
    if (!event.siginfo.empty() || event.groupStop) return;
    if (event.hasSiginfo) {
        event.siginfo = tracer::siginfoText(event.raw);
    } else {
        // The task was gone before its siginfo could be read: only the number is known.
        event.siginfo = "{si_signo=" + straceSignalName(event.signo) + "}";
    }
}

void appendSignalLine(std::string& out, const tracer::SignalEvent& event) {
    if (event.groupStop) {
        out += "--- stopped by ";
        out += straceSignalName(event.signo);
        out += " ---";
        return;
    }
    out += "--- ";
    out += straceSignalName(event.signo);
    out += ' ';
    out += event.siginfo;
    out += " ---";
}

nlohmann::ordered_json signalRecord(const tracer::SignalEvent& event) {
    nlohmann::ordered_json record;
    record["type"] = std::string(recordTypeName(TraceRecord::Type::Signal));
    record["ts"] = event.tsNs;
    record["pid"] = event.tid;
    record["tgid"] = event.tgid;
    record["nspid"] = event.nspid > 0 ? nlohmann::ordered_json(event.nspid) : nullptr;
    record["phase"] = tracer::phaseName(event.phase);
    record["signal"] = signalName(event.signo);
    record["signo"] = event.signo;
    if (event.hasSiginfo) {
        record["code"] = tracer::siCodeName(event.signo, event.raw.si_code);
    } else {
        record["code"] = nullptr;
    }
    if (event.groupStop) {
        record["siginfo"] = nullptr;
        record["stopped"] = true;
    } else {
        record["siginfo"] = event.siginfo;
    }
    return record;
}

}  // namespace scratch::reports
