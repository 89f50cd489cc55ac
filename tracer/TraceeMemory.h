// Reading a tracee's memory. A virtual interface because tests decode through a fake.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace scratch::tracer {

/// Reads from one tracee's address space. Failures (EFAULT, ESRCH) are results, never throws.
class TraceeMemory {
  public:
    virtual ~TraceeMemory() = default;
    /// Copies up to len bytes from addr into out; returns the number copied (0 on failure).
    virtual size_t read(uint64_t addr, void* out, size_t len) = 0;
    /// Reads a NUL-terminated string of at most maxLen bytes into out (without the NUL).
    /// Returns false when nothing could be read; *truncated tells whether maxLen cut it.
    virtual bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) = 0;
};

/// The real thing: process_vm_readv, page by page for strings.
class ProcessMemory final : public TraceeMemory {
  public:
    explicit ProcessMemory(pid_t tid = 0) : tid_(tid) {}
    void setTid(pid_t tid) { tid_ = tid; }
    size_t read(uint64_t addr, void* out, size_t len) override;
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override;

  private:
    pid_t tid_;
};

}  // namespace scratch::tracer
