#include "tracer/FlockDecoder.h"

#include <fmt/format.h>

#include <cstring>

#include "tracer/FlagNames.h"
#include "tracer/StructField.h"

namespace scratch::tracer {

FlockUse flockUse(uint64_t cmd) {
    switch (cmd & 0xffffffffU) {
        case 5:
        case 36:
            return FlockUse::Filled;
        case 6:
        case 7:
        case 37:
        case 38:
            return FlockUse::Given;
        default:
            return FlockUse::None;
    }
}

std::string flockText(std::string_view bytes, bool withPid) {
    static constexpr FlagName kTypes[] = {{0, "F_RDLCK"}, {1, "F_WRLCK"}, {2, "F_UNLCK"}};
    std::string out = "{l_type=";
    appendEnum(out, field<uint16_t>(bytes, 0), kTypes, "F_???");
    out += ", l_whence=";
    appendEnum(out, field<uint16_t>(bytes, 2), whenceNames(), "SEEK_???");
    out +=
        fmt::format(", l_start={}, l_len={}", field<int64_t>(bytes, 8), field<int64_t>(bytes, 16));
    if (withPid) out += fmt::format(", l_pid={}", field<int32_t>(bytes, 24));
    out += '}';
    return out;
}

}  // namespace scratch::tracer
