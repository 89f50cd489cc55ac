// A fake tracee for the decoders' unit tests: the regions a test maps, nothing else readable.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>

#include "tracer/TraceeMemory.h"

namespace scratch::testing {

/// Tracee memory made of a few mapped regions; everything else is unmapped.
class FakeMemory final : public scratch::tracer::TraceeMemory {
  public:
    template <typename T>
    uint64_t object(uint64_t addr, const T& value) {
        std::string bytes(sizeof value, '\0');
        std::memcpy(bytes.data(), &value, sizeof value);
        regions_[addr] = bytes;
        return addr;
    }
    uint64_t put(uint64_t addr, std::string bytes) {
        regions_[addr] = std::move(bytes);
        return addr;
    }
    size_t read(uint64_t addr, void* out, size_t len) override {
        auto it = regions_.upper_bound(addr);
        if (it == regions_.begin()) return 0;
        --it;
        if (addr >= it->first + it->second.size()) return 0;
        const size_t n = std::min(len, it->second.size() - static_cast<size_t>(addr - it->first));
        std::memcpy(out, it->second.data() + (addr - it->first), n);
        return n;
    }
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override {
        std::string bytes(maxLen + 1, '\0');
        const size_t got = read(addr, bytes.data(), bytes.size());
        if (got == 0) return false;
        bytes.resize(strnlen(bytes.data(), got));
        if (truncated != nullptr) *truncated = bytes.size() > maxLen;
        out = bytes.substr(0, maxLen);
        return true;
    }

  private:
    std::map<uint64_t, std::string> regions_;
};

}  // namespace scratch::testing
