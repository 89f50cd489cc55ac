// libFuzzer target: reading a saved trace back (`scratch-trace report`). Trace files come from
// users, may be truncated or edited; the reader must turn anything into records or one clean
// scratch::Error, never a crash; a syscall record's capture renders without one too.
#include <cstdint>
#include <sstream>
#include <string>

#include "common/Error.h"
#include "reports/replay/JsonTraceReader.h"
#include "tracer/DecodeCapture.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    scratch::reports::JsonTraceReader reader(in, "fuzz.jsonl");
    scratch::reports::TraceRecord record;
    try {
        for (int i = 0; i < 10000 && reader.next(record); ++i) {
            // A syscall record's capture is rendered as a replay renders it: whatever the
            // registers and the captured bytes, the decoder reads only what the capture holds.
            if (record.type == scratch::reports::TraceRecord::Type::Syscall) {
                scratch::tracer::completeDecoding(record.syscall, scratch::tracer::DecodeOptions{});
            }
        }
    } catch (const scratch::Error&) {
        // The documented outcome for malformed input.
    }
    return 0;
}
