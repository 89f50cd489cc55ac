// strace 6.1's rendering of the readiness calls: poll/ppoll pollfd arrays (events at the entry,
// revents in the return), select/pselect6 fd_sets ("in [3], out [4], left {...}"), epoll_event
// arrays and epoll_ctl operations, and their "(Timeout)". Pure functions over the bytes the
// kernel reads or fills; fds are shown through a caller's function (strace -y names them in the
// arguments, not in the return).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// Renders one fd as an argument shows it ("3</etc/passwd>").
using FdText = std::function<std::string(int fd)>;

constexpr size_t kPollfdSize = 8;
constexpr size_t kEpollEventSize = 12;  ///< packed on x86_64
/// The most array elements shown before "..." (strace's -s bounds arrays too).
constexpr size_t kMaxArrayShown = 32;

/// [{fd=3</p>, events=POLLIN}, {fd=4</q>, events=POLLOUT}]; `count` pollfds in `bytes`.
std::string pollfdsText(std::string_view bytes, size_t count, const FdText& fdText,
                        size_t maxShown = kMaxArrayShown);
/// What strace adds to poll's return: " (Timeout)" for 0, " ([{fd=3, revents=POLLIN}])" with
/// ", left {...}" when `leftText` is not empty, "" for a failure. At most `maxShown` entries
/// (-s), then "..." (as does strace's 1 KiB buffer for long ones).
std::string pollReturnText(std::string_view bytes, size_t count, int64_t ret,
                           std::string_view leftText, size_t maxShown = kMaxArrayShown);
/// [3</p> 4</q>]: the fds below `nfds` set in the fd_set `bytes`.
std::string fdSetText(std::string_view bytes, int nfds, const FdText& fdText);
/// The bytes of an fd_set of `nfds` fds as the kernel reads it: whole longs of `longSize`
/// bytes (4 for an i386 call, whose kernel side reads compat longs).
size_t fdSetBytes(int nfds, size_t longSize = 8);
/// select's return: " (Timeout)", " (in [3], out [4], left {...})"; an empty view for an
/// absent set.
std::string selectReturnText(std::string_view in, std::string_view out, std::string_view except,
                             int nfds, int64_t ret, std::string_view leftText);
/// {events=EPOLLIN, data={u32=7, u64=7}}
std::string epollEventText(std::string_view bytes);
/// [{events=...}, ...] for `count` events.
std::string epollEventsText(std::string_view bytes, size_t count, size_t maxShown = kMaxArrayShown);
/// EPOLL_CTL_ADD / EPOLL_CTL_DEL / EPOLL_CTL_MOD.
std::string epollCtlOpText(uint64_t op);
/// POLLIN|POLLOUT...
std::string pollEventsText(uint64_t events);

}  // namespace scratch::tracer
