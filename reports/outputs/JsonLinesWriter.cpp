#include "reports/outputs/JsonLinesWriter.h"

#include <cstring>

#include "common/Error.h"
#include "reports/RunSummary.h"
#include "reports/outputs/JsonRecords.h"
#include "reports/outputs/SignalRecord.h"

namespace scratch::reports {

namespace {
/// nlohmann's dump, never throwing: invalid UTF-8 that slipped into a free-text field is
/// replaced rather than aborting the stream (byte fields use the _b64 convention instead).
void appendLine(Output& out, const nlohmann::ordered_json& record) {
    out.buffer() += record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out.buffer() += '\n';
    out.commit();
}
}  // namespace

JsonLinesWriter::JsonLinesWriter(Output out) : out_(std::move(out)) {}

JsonLinesWriter::JsonLinesWriter(FILE* file) : JsonLinesWriter(Output(file)) {}

void JsonLinesWriter::onStart(const RunInfo& info) { appendLine(out_, startRecord(info)); }

void JsonLinesWriter::onSyscall(const tracer::SyscallEvent& event) {
    appendSyscallRecord(out_.buffer(), event);
    out_.buffer() += '\n';
    out_.commit();
}

void JsonLinesWriter::onProcess(const tracer::ProcessEvent& event) {
    appendProcessRecord(out_.buffer(), event);
    out_.buffer() += '\n';
    out_.commit();
}

void JsonLinesWriter::onSignal(const tracer::SignalEvent& event) {
    appendLine(out_, signalRecord(event));
}

void JsonLinesWriter::onFinding(const Finding& finding) {
    appendLine(out_, findingRecord(finding));
}

void JsonLinesWriter::onFinish(const RunEnd& end, const RunSummary& summary) {
    appendLine(out_, summaryRecord(end, summary));
    if (!out_.close()) {
        throw Error(std::string("writing the JSON stream: ") + std::strerror(out_.error()));
    }
}

}  // namespace scratch::reports
