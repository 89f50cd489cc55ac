#include "tracer/IovecDecoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "tracer/ArgDecoder.h"

namespace scratch::tracer {
namespace {

constexpr uint64_t kMaxShown = 32;  // strace's -s default bounds arrays too
constexpr uint64_t kIovMax = 1024;  // UIO_MAXIOV: the kernel refuses more

std::string addrText(uint64_t v) { return v == 0 ? std::string("NULL") : fmt::format("{:#x}", v); }

}  // namespace

std::string iovecText(TraceeMemory& mem, uint64_t addr, uint64_t count, uint64_t dataLimit,
                      size_t maxString) {
    if (addr == 0 || count > kIovMax) return addrText(addr);
    const uint64_t shown = std::min(count, kMaxShown);
    uint64_t iov[2 * kMaxShown];
    const size_t want = static_cast<size_t>(shown) * 16;
    if (want != 0 && mem.read(addr, iov, want) != want) return addrText(addr);
    std::string out = "[";
    uint64_t left = dataLimit;
    std::string data;
    for (uint64_t i = 0; i < shown; ++i) {
        if (i != 0) out += ", ";
        const uint64_t base = iov[2 * i];
        const uint64_t len = iov[2 * i + 1];
        const uint64_t have = std::min(len, left);
        left -= have;
        out += "{iov_base=";
        const size_t n = static_cast<size_t>(std::min<uint64_t>(have, maxString));
        data.resize(n);
        if (base == 0) {
            out += "NULL";
        } else if (n != 0 && mem.read(base, data.data(), n) != n) {
            out += addrText(base);
        } else {
            out += '"';
            out += escapeString(data);
            out += '"';
            if (have > maxString) out += "...";
        }
        fmt::format_to(std::back_inserter(out), ", iov_len={}}}", len);
    }
    if (count > shown) out += ", ...";
    out += ']';
    return out;
}

}  // namespace scratch::tracer
