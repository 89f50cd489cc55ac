#include "tracer/PrctlOperands.h"

#include <fmt/format.h>

#include "tracer/CredDecoders.h"
#include "tracer/FlagNames.h"

namespace scratch::tracer {

std::string capAmbientOperand(const uint64_t operands[5], size_t k) {
    static constexpr FlagName kOps[] = {{1, "PR_CAP_AMBIENT_IS_SET"},
                                        {2, "PR_CAP_AMBIENT_RAISE"},
                                        {3, "PR_CAP_AMBIENT_LOWER"},
                                        {4, "PR_CAP_AMBIENT_CLEAR_ALL"}};
    const uint64_t op = operands[1] & 0xffffffffU;
    std::string out;
    if (k == 1) {
        appendEnum(out, op, kOps, "PR_CAP_AMBIENT_???");
        return out;
    }
    if (k == 2 && op >= 1 && op <= 3) {
        const std::string_view name = capabilityName(static_cast<unsigned>(operands[2]));
        if (!name.empty()) return std::string(name);
        return fmt::format("{:#x} /* CAP_??? */", operands[2]);
    }
    return fmt::format("{}", operands[k]);
}

std::string pdeathsigAnswer(int32_t sig) {
    const std::string_view name = signalName(sig);
    return name.empty() ? fmt::format("[{}]", sig) : fmt::format("[{}]", name);
}

}  // namespace scratch::tracer
