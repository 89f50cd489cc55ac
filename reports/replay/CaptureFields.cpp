#include "reports/replay/CaptureFields.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <iterator>
#include <stdexcept>

#include "common/NameTable.h"
#include "reports/JsonText.h"
#include "tracer/CaptureFormat.h"

namespace scratch::reports {
namespace {

constexpr NamedValue<tracer::HexStrings> kHexNames[] = {
    {tracer::HexStrings::Never, "never"},
    {tracer::HexStrings::NonAscii, "non-ascii"},
    {tracer::HexStrings::All, "all"},
};

uint64_t hexValue(const nlohmann::json& item) {
    if (!item.is_string()) throw std::runtime_error("\"raw\" must hold hex strings");
    const std::string text = item.get<std::string>();
    char* end = nullptr;
    errno = 0;
    const uint64_t value = std::strtoull(text.c_str(), &end, 16);
    if (text.empty() || text[0] == '-' || end == nullptr || *end != '\0' || errno != 0) {
        throw std::runtime_error("\"raw\" holds \"" + text + "\", not a hex number");
    }
    return value;
}

}  // namespace

void appendCaptureFields(std::string& out, const tracer::SyscallEvent& event) {
    if (!tracer::knownCaptureFormat(event.decodeCapture)) return;
    size_t count = 6;
    while (count > 0 && event.rawArgs[count - 1] == 0) --count;
    out += ",\"raw\":[";
    for (size_t i = 0; i < count; ++i) {
        if (i > 0) out += ',';
        fmt::format_to(std::back_inserter(out), "\"{:#x}\"", event.rawArgs[i]);
    }
    out += "],\"capture\":\"";
    out += base64Encode(event.decodeCapture);
    out += '"';
}

void readCaptureFields(const nlohmann::json& record, tracer::SyscallEvent& event) {
    event.decodeDeferred = false;
    event.decodeCapture.clear();
    for (uint64_t& value : event.rawArgs) value = 0;
    const auto raw = record.find("raw");
    if (raw != record.end()) {
        if (!raw->is_array() || raw->size() > 6) {
            throw std::runtime_error("field \"raw\" must be an array of at most 6 hex strings");
        }
        for (size_t i = 0; i < raw->size(); ++i) event.rawArgs[i] = hexValue((*raw)[i]);
    }
    const auto capture = record.find("capture");
    if (capture == record.end()) return;
    // A number the table does not name has a row of its own (lookupSyscall), as in the live run.
    if (event.info() == nullptr && event.name == tracer::syscallName(event.arch, event.nr)) {
        event.setInfo(&tracer::lookupSyscall(event.arch, event.nr));
    }
    if (!capture->is_string()) throw std::runtime_error("field \"capture\" must be a string");
    event.decodeCapture = base64Decode(capture->get<std::string>());
    event.decodeDeferred = raw != record.end() && event.info() != nullptr &&
                           tracer::knownCaptureFormat(event.decodeCapture);
}

bool decodeIsDefault(const RunInfo& info) {
    const RunInfo defaults;
    return info.decodeStringLimit == defaults.decodeStringLimit &&
           info.decodeVerboseEnv == defaults.decodeVerboseEnv &&
           info.decodeHexStrings == defaults.decodeHexStrings;
}

nlohmann::ordered_json decodeObject(const RunInfo& info) {
    return {
        {"string_limit", info.decodeStringLimit},
        {"verbose_env", info.decodeVerboseEnv},
        {"hex_strings", std::string(nameIn(kHexNames, info.decodeHexStrings))},
    };
}

void readDecodeObject(const nlohmann::json& start, RunInfo& info) {
    const auto decode = start.find("decode");
    if (decode == start.end() || !decode->is_object()) return;
    const auto limit = decode->find("string_limit");
    if (limit != decode->end() && limit->is_number_unsigned()) {
        info.decodeStringLimit = limit->get<size_t>();
    }
    const auto env = decode->find("verbose_env");
    if (env != decode->end() && env->is_boolean()) info.decodeVerboseEnv = env->get<bool>();
    const auto hex = decode->find("hex_strings");
    if (hex != decode->end() && hex->is_string()) {
        if (const auto mode = valueIn(kHexNames, hex->get<std::string>())) {
            info.decodeHexStrings = *mode;
        }
    }
}

}  // namespace scratch::reports
