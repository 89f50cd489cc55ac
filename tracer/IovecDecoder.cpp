#include "tracer/IovecDecoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <iterator>

#include "tracer/DecodeText.h"
#include "tracer/StructLayouts32.h"

namespace scratch::tracer {
namespace {

constexpr uint64_t kIovMax = 1024;  // UIO_MAXIOV: the kernel refuses more

std::string addrText(uint64_t v) { return v == 0 ? std::string("NULL") : fmt::format("{:#x}", v); }

}  // namespace

std::string iovecText(TraceeMemory& mem, uint64_t addr, uint64_t count, uint64_t dataLimit,
                      const DecodeOptions& opts) {
    if (addr == 0 || count > kIovMax) return addrText(addr);
    // strace's -s bounds the elements shown too.
    const uint64_t shown = std::min<uint64_t>(count, opts.maxString);
    thread_local std::string iov;  // x86_64 struct iovecs: base, then length
    if (!readStructs(ArgRole::IovecIn, addr, 16, static_cast<size_t>(shown), mem, opts, iov)) {
        return addrText(addr);
    }
    const size_t maxString = opts.maxString;
    std::string out = "[";
    uint64_t left = dataLimit;
    std::string data;
    for (uint64_t i = 0; i < shown; ++i) {
        if (i != 0) out += ", ";
        uint64_t base = 0;
        uint64_t len = 0;
        std::memcpy(&base, iov.data() + 16 * i, 8);
        std::memcpy(&len, iov.data() + 16 * i + 8, 8);
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
            appendQuoted(out, data, have > maxString);
        }
        fmt::format_to(std::back_inserter(out), ", iov_len={}}}", len);
    }
    if (count > shown) out += ", ...";
    out += ']';
    return out;
}

}  // namespace scratch::tracer
