#include "reports/Names.h"

namespace scratch::reports {

std::vector<std::string_view> accessList(uint8_t access) {
    std::vector<std::string_view> out;
    forEachAccessName(access, [&](std::string_view name) { out.push_back(name); });
    return out;
}

std::string accessText(uint8_t access) {
    std::string out = tracer::accessNames(access);
    return out.empty() ? "-" : out;
}

}  // namespace scratch::reports
