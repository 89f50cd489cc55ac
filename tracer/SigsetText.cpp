#include "tracer/SigsetText.h"

#include "tracer/FlagNames.h"

namespace scratch::tracer {

std::string sigsetText(uint64_t bits, unsigned nsig) {
    if (nsig == 0 || nsig > 64) nsig = 64;
    const uint64_t all = nsig == 64 ? ~0ULL : ((1ULL << nsig) - 1);
    bits &= all;
    const bool invert = static_cast<unsigned>(__builtin_popcountll(bits)) > nsig / 2;
    if (invert) bits = ~bits & all;
    std::string out = invert ? "~[" : "[";
    bool first = true;
    for (unsigned i = 0; i < nsig; ++i) {
        if (!(bits & (1ULL << i))) continue;
        if (!first) out += ' ';
        first = false;
        const std::string_view name = signalName(static_cast<int>(i + 1));
        if (name.starts_with("SIG")) {
            out += name.substr(3);
        } else {
            out += std::to_string(i + 1);
        }
    }
    out += ']';
    return out;
}

}  // namespace scratch::tracer
