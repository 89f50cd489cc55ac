#include "reports/Output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/Error.h"

namespace scratch::reports {

namespace {
constexpr size_t kReserve = Output::kFlushThreshold + size_t{64} * 1024;
}

Output::Output(FILE* file, bool owned) : file_(file), owned_(owned) {
    buffer_.reserve(kReserve);
    const int fd = file != nullptr ? ::fileno(file) : -1;
    if (fd >= 0 && ::isatty(fd)) threshold_ = 0;
}

Output::Output(int fd, bool owned) : fd_(fd), owned_(owned) {
    buffer_.reserve(kReserve);
    if (fd >= 0 && ::isatty(fd)) threshold_ = 0;
}

Output Output::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path + ": " + ::strerror(errno), kExitFailure);
    return Output(fd, true);
}

Output::Output(Output&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)),
      fd_(std::exchange(other.fd_, -1)),
      owned_(std::exchange(other.owned_, false)),
      error_(other.error_),
      threshold_(other.threshold_),
      buffer_(std::move(other.buffer_)) {}

Output& Output::operator=(Output&& other) noexcept {
    if (this != &other) {
        close();
        file_ = std::exchange(other.file_, nullptr);
        fd_ = std::exchange(other.fd_, -1);
        owned_ = std::exchange(other.owned_, false);
        error_ = other.error_;
        threshold_ = other.threshold_;
        buffer_ = std::move(other.buffer_);
    }
    return *this;
}

Output::~Output() { close(); }

bool Output::flush() {
    if (buffer_.empty()) return error_ == 0;
    if (error_ != 0) {
        buffer_.clear();
        return false;
    }
    if (file_ != nullptr) {
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size() ||
            std::fflush(file_) != 0) {
            error_ = errno != 0 ? errno : EIO;
        }
    } else if (fd_ >= 0) {
        size_t done = 0;
        while (done < buffer_.size()) {
            const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                error_ = n < 0 ? errno : EIO;
                break;
            }
            done += static_cast<size_t>(n);
        }
    }
    buffer_.clear();
    return error_ == 0;
}

bool Output::close() {
    const bool ok = flush();
    if (owned_) {
        if (file_ != nullptr && std::fclose(file_) != 0 && error_ == 0) error_ = errno;
        if (fd_ >= 0 && ::close(fd_) != 0 && error_ == 0) error_ = errno;
    }
    reset();
    return ok && error_ == 0;
}

void Output::reset() noexcept {
    file_ = nullptr;
    fd_ = -1;
    owned_ = false;
}

}  // namespace scratch::reports
