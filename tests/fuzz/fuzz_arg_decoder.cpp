// libFuzzer target: the argument decoder on arbitrary registers and arbitrary tracee memory.
// The decoder runs at every stop on whatever a (possibly hostile) tracee left in its registers
// and memory: it must never crash, hang or read outside what the fake memory has.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"
#include "tracer/TraceeMemory.h"

namespace {

using namespace scratch::tracer;

/// Tracee memory backed by the fuzzer's bytes, mapped at a fixed base address.
class FuzzMemory final : public TraceeMemory {
  public:
    FuzzMemory(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    static constexpr uint64_t kBase = 0x10000;
    size_t read(uint64_t addr, void* out, size_t len) override {
        if (addr < kBase || addr - kBase >= size_) return 0;
        const size_t off = addr - kBase;
        const size_t n = std::min(len, size_ - off);
        std::memcpy(out, data_ + off, n);
        return n;
    }
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override {
        out.clear();
        if (truncated != nullptr) *truncated = false;
        if (addr < kBase || addr - kBase >= size_) return false;
        for (size_t off = addr - kBase; off < size_ && data_[off] != 0; ++off) {
            if (out.size() == maxLen) {
                if (truncated != nullptr) *truncated = true;
                break;
            }
            out.push_back(static_cast<char>(data_[off]));
        }
        return true;
    }

  private:
    const uint8_t* data_;
    size_t size_;
};

uint64_t take64(const uint8_t*& p, const uint8_t* end) {
    uint64_t v = 0;
    const size_t n = std::min<size_t>(8, static_cast<size_t>(end - p));
    std::memcpy(&v, p, n);
    p += n;
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const auto rows = allSyscalls();
    const SyscallInfo& info = rows[data[0] % rows.size()];
    const bool i386 = data[1] & 1;
    const uint8_t* p = data + 2;
    const uint8_t* end = data + size;
    uint64_t args[6];
    for (uint64_t& a : args) {
        a = take64(p, end);
        // Point half of the arguments into the fake memory so strings and structs get read.
        if (a & 1) a = FuzzMemory::kBase + (a >> 1) % (size + 1);
    }
    const int64_t ret = static_cast<int64_t>(take64(p, end));
    FuzzMemory memory(data, size);
    DecodeOptions options;
    options.arch = i386 ? Arch::I386 : Arch::X86_64;
    options.maxString = data[1] >> 1;
    static const std::string oddPath("/etc/\xff\n");
    const FdNamer namer = [](int fd) { return fd == 3 ? &oddPath : nullptr; };
    std::vector<std::string> out;
    decodeEntry(info, args, memory, namer, options, out);
    decodeExit(info, args, ret, memory, namer, options, out);
    (void)formatReturn(info, args, ret, namer, options);
    (void)escapeString(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)lookupSyscall(i386 ? Arch::I386 : Arch::X86_64, static_cast<int64_t>(args[0] % 2048));
    return 0;
}
