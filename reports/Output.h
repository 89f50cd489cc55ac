// Where a sink's bytes go: a FILE* or an fd behind one large user-space buffer. A per-event write
// is then a memcpy, not a syscall: the tracer's own syscalls add to the stops it is timing.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace scratch::reports {

/// A move-only buffered output. Never throws while writing (the per-event path must not); the
/// first I/O error is kept and reported by error() / at flush.
class Output {
  public:
    /// Bytes kept before a write reaches the kernel.
    static constexpr size_t kFlushThreshold = size_t{256} * 1024;

    Output() = default;
    /// Writes to `file` (not closed unless `owned`).
    explicit Output(FILE* file, bool owned = false);
    /// Writes to `fd` with write(2) (not closed unless `owned`).
    explicit Output(int fd, bool owned = false);
    /// Opens (creates, truncates) `path` for writing; throws scratch::Error on failure.
    static Output open(const std::string& path);

    Output(Output&& other) noexcept;
    Output& operator=(Output&& other) noexcept;
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;
    ~Output();

    /// The pending bytes: format straight into it, then call commit().
    std::string& buffer() { return buffer_; }
    /// Writes the buffer out once it is large.
    void commit() {
        if (buffer_.size() >= threshold_) flush();
    }
    /// Overrides the flush threshold (0: every commit is written, as for a terminal).
    void setFlushThreshold(size_t bytes) { threshold_ = bytes; }
    void write(std::string_view bytes) {
        buffer_.append(bytes);
        commit();
    }
    /// Everything pending goes to the kernel now. False after any I/O error.
    bool flush();
    /// Flushes and closes an owned file or fd. Safe to call twice.
    bool close();
    /// The first errno of a failed write, or 0.
    int error() const { return error_; }
    bool isOpen() const { return file_ != nullptr || fd_ >= 0; }

  private:
    void reset() noexcept;

    FILE* file_ = nullptr;
    int fd_ = -1;
    bool owned_ = false;
    int error_ = 0;
    /// A terminal gets whole lines as they come (a person is watching); files and pipes get
    /// large writes.
    size_t threshold_ = kFlushThreshold;
    std::string buffer_;
};

}  // namespace scratch::reports
