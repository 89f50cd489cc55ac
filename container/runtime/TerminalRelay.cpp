#include "container/runtime/TerminalRelay.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/Error.h"

namespace scratch::container {
namespace {

/// Receives one fd sent with SCM_RIGHTS; -1 when the socket closed or failed.
int receiveFd(int socket) {
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = 0;
    do {
        n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return -1;
    const cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    if (cmsg == nullptr || cmsg->cmsg_type != SCM_RIGHTS) return -1;
    int fd = -1;
    std::memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
    return fd;
}

/// Writes all of buf; false when the other side is gone.
bool writeAll(int fd, const char* buf, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, buf, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buf += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

TerminalRelay::TerminalRelay() {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        throw Error(std::string("--tty: socketpair: ") + std::strerror(errno));
    }
    ours_.reset(pair[0]);
    theirs_.reset(pair[1]);
    int stop[2];
    if (::pipe2(stop, O_CLOEXEC) != 0) {
        throw Error(std::string("--tty: pipe2: ") + std::strerror(errno));
    }
    stopRead_.reset(stop[0]);
    stopWrite_.reset(stop[1]);
}

TerminalRelay::~TerminalRelay() { stop(); }

void TerminalRelay::start() {
    if (::isatty(STDIN_FILENO) == 1 && ::tcgetattr(STDIN_FILENO, &saved_) == 0) {
        termios raw = saved_;
        ::cfmakeraw(&raw);
        // Keys go to the container's terminal as they are (Ctrl-C included: its line
        // discipline makes the signal); what is written here stays readable lines.
        raw.c_oflag |= OPOST | ONLCR;
        raw_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    thread_ = std::thread([this] { relay(); });
}

void TerminalRelay::stop() {
    if (thread_.joinable()) {
        [[maybe_unused]] const ssize_t n = ::write(stopWrite_.get(), "x", 1);
        thread_.join();
    }
    if (raw_) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
        raw_ = false;
    }
}

void TerminalRelay::relay() {
    pollfd wait[2] = {{ours_.get(), POLLIN, 0}, {stopRead_.get(), POLLIN, 0}};
    while (::poll(wait, 2, -1) < 0 && errno == EINTR) {
    }
    if ((wait[1].revents & POLLIN) != 0 && (wait[0].revents & POLLIN) == 0) return;
    const UniqueFd master(receiveFd(ours_.get()));
    if (!master) return;
    winsize size{};
    if (::ioctl(STDIN_FILENO, TIOCGWINSZ, &size) == 0) ::ioctl(master.get(), TIOCSWINSZ, &size);

    bool stdinOpen = true;
    bool stopping = false;
    char buf[16384];
    for (;;) {
        pollfd fds[3] = {{master.get(), POLLIN, 0},
                         {stopRead_.get(), POLLIN, 0},
                         {stdinOpen ? STDIN_FILENO : -1, POLLIN, 0}};
        // Once the run is over, only what the command already wrote is copied.
        const int ready = ::poll(fds, stopping ? 1 : 3, stopping ? 0 : -1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return;
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t n = ::read(master.get(), buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            // EIO: every holder of the slave is gone (the command and its children exited).
            if (n <= 0 || !writeAll(STDOUT_FILENO, buf, static_cast<size_t>(n))) return;
        }
        if (!stopping && (fds[1].revents & POLLIN) != 0) stopping = true;
        if (!stopping && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0 || !writeAll(master.get(), buf, static_cast<size_t>(n))) stdinOpen = false;
        }
    }
}

}  // namespace scratch::container
