// Tracee memory for one syscall stop: the path resolver and the decoder both read the same
// path strings; each process_vm_readv is a syscall the tracer adds to the stop, so a string
// read once in a stop is served from here the second time.
#pragma once

#include <array>
#include <string>

#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// A ProcessMemory with a tiny per-stop cache of complete (untruncated) strings.
class StopMemory final : public TraceeMemory {
  public:
    /// Starts a new stop of task tid: forget what was read before.
    void beginStop(pid_t tid) {
        memory_.setTid(tid);
        used_ = 0;
    }
    size_t read(uint64_t addr, void* out, size_t len) override {
        return memory_.read(addr, out, len);
    }
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override {
        for (size_t i = 0; i < used_; ++i) {
            const Entry& e = entries_[i];
            if (e.addr != addr) continue;
            // A complete string serves any limit; a cut one only the same or a smaller limit.
            if (e.complete || maxLen <= e.text.size()) {
                out.assign(e.text, 0, std::min(maxLen, e.text.size()));
                if (truncated != nullptr) *truncated = e.text.size() > maxLen || !e.complete;
                return true;
            }
        }
        bool cut = false;
        if (!memory_.readString(addr, maxLen, out, &cut)) return false;
        if (truncated != nullptr) *truncated = cut;
        Entry& slot = entries_[used_ < entries_.size() ? used_++ : entries_.size() - 1];
        slot.addr = addr;
        slot.text = out;
        slot.complete = !cut;
        return true;
    }

  private:
    struct Entry {
        uint64_t addr = 0;
        std::string text;
        bool complete = false;
    };
    ProcessMemory memory_;
    std::array<Entry, 4> entries_;
    size_t used_ = 0;
};

}  // namespace scratch::tracer
