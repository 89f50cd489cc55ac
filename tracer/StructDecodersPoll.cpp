#include "tracer/StructDecodersPoll.h"

#include <fmt/format.h>

#include <cstring>

#include "tracer/FlagNames.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

constexpr FlagName kPollEvents[] = {
    {0x1, "POLLIN"},       {0x2, "POLLPRI"},      {0x4, "POLLOUT"},     {0x8, "POLLERR"},
    {0x10, "POLLHUP"},     {0x20, "POLLNVAL"},    {0x40, "POLLRDNORM"}, {0x80, "POLLRDBAND"},
    {0x100, "POLLWRNORM"}, {0x200, "POLLWRBAND"}, {0x400, "POLLMSG"},   {0x1000, "POLLREMOVE"},
    {0x2000, "POLLRDHUP"},
};

constexpr FlagName kEpollEvents[] = {
    {0x1, "EPOLLIN"},
    {0x2, "EPOLLPRI"},
    {0x4, "EPOLLOUT"},
    {0x8, "EPOLLERR"},
    {0x10, "EPOLLHUP"},
    {0x20, "EPOLLNVAL"},
    {0x40, "EPOLLRDNORM"},
    {0x80, "EPOLLRDBAND"},
    {0x100, "EPOLLWRNORM"},
    {0x200, "EPOLLWRBAND"},
    {0x400, "EPOLLMSG"},
    {0x2000, "EPOLLRDHUP"},
    {1U << 28, "EPOLLEXCLUSIVE"},
    {1U << 29, "EPOLLWAKEUP"},
    {1U << 30, "EPOLLONESHOT"},
    {1U << 31, "EPOLLET"},
};

bool fdIsSet(std::string_view bytes, int fd) {
    const auto byte = static_cast<size_t>(fd) / 8;
    return byte < bytes.size() && (static_cast<unsigned char>(bytes[byte]) & (1U << (fd % 8)));
}

/// "[3 4]" with plain numbers (the return's form).
std::string plainFdSet(std::string_view bytes, int nfds) {
    return fdSetText(bytes, nfds, [](int fd) { return std::to_string(fd); });
}

}  // namespace

std::string pollEventsText(uint64_t events) {
    std::string out;
    appendFlags(out, events & 0xffffU, kPollEvents, "0", "POLL???");
    return out;
}

std::string pollfdsText(std::string_view bytes, size_t count, const FdText& fdText,
                        size_t maxShown) {
    std::string out = "[";
    for (size_t i = 0; i < count; ++i) {
        if (i != 0) out += ", ";
        if (i >= maxShown) {
            out += "...";
            break;
        }
        const auto fd = field<int32_t>(bytes, i * kPollfdSize);
        out += "{fd=";
        out += fd >= 0 && fdText ? fdText(fd) : std::to_string(fd);
        if (fd >= 0) {
            out += ", events=";
            out += pollEventsText(field<uint16_t>(bytes, i * kPollfdSize + 4));
        }
        out += '}';
    }
    out += ']';
    return out;
}

std::string pollReturnText(std::string_view bytes, size_t count, int64_t ret,
                           std::string_view leftText, size_t maxShown) {
    if (ret < 0) return {};
    if (ret == 0) return " (Timeout)";
    // strace builds this in a 1024-byte buffer: an entry that would come within the room for
    // ", ], ..." and an address of its end is "..." instead.
    constexpr size_t kRoom = 1024 - (2 + 2 * sizeof(long) + sizeof(", ], ..."));
    std::string out = " ([";
    const size_t start = out.size() - 1;  // where strace's buffer starts: at the '['
    size_t shown = 0;
    for (size_t i = 0; i < count && i * kPollfdSize + kPollfdSize <= bytes.size(); ++i) {
        const auto revents = field<uint16_t>(bytes, i * kPollfdSize + 6);
        if (revents == 0) continue;
        if (shown != 0) out += ", ";
        if (shown >= maxShown) {
            out += "...";
            break;
        }
        const std::string head =
            fmt::format("{{fd={}, revents=", field<int32_t>(bytes, i * kPollfdSize));
        const std::string flags = pollEventsText(revents);
        if (out.size() - start + head.size() + flags.size() + 1 >= kRoom) {
            out += "...";
            break;
        }
        out += head;
        out += flags;
        out += '}';
        ++shown;
    }
    out += ']';
    if (!leftText.empty()) {
        out += ", left ";
        out += leftText;
    }
    out += ')';
    return out;
}

size_t fdSetBytes(int nfds, size_t longSize) {
    if (nfds <= 0) return 0;
    const size_t bits = longSize * 8;
    return (static_cast<size_t>(nfds) + bits - 1) / bits * longSize;
}

std::string fdSetText(std::string_view bytes, int nfds, const FdText& fdText) {
    std::string out = "[";
    bool first = true;
    for (int fd = 0; fd < nfds; ++fd) {
        if (!fdIsSet(bytes, fd)) continue;
        if (!first) out += ' ';
        first = false;
        out += fdText ? fdText(fd) : std::to_string(fd);
    }
    out += ']';
    return out;
}

std::string selectReturnText(std::string_view in, std::string_view out, std::string_view except,
                             int nfds, int64_t ret, std::string_view leftText) {
    if (ret < 0) return {};
    if (ret == 0) return " (Timeout)";
    std::string text;
    const auto add = [&](std::string_view label, std::string_view set) {
        bool any = false;
        for (int fd = 0; fd < nfds && !any; ++fd) any = fdIsSet(set, fd);
        if (!any) return;
        text += text.empty() ? " (" : ", ";
        text += label;
        text += ' ';
        text += plainFdSet(set, nfds);
    };
    add("in", in);
    add("out", out);
    add("except", except);
    if (!leftText.empty()) {
        text += text.empty() ? " (" : ", ";
        text += "left ";
        text += leftText;
    }
    if (!text.empty()) text += ')';
    return text;
}

std::string epollEventText(std::string_view bytes) {
    std::string out = "{events=";
    appendFlags(out, field<uint32_t>(bytes, 0), kEpollEvents, "0", "EPOLL???");
    const auto data = field<uint64_t>(bytes, 4);
    out += fmt::format(", data={{u32={}, u64={}}}}}", static_cast<uint32_t>(data), data);
    return out;
}

std::string epollEventsText(std::string_view bytes, size_t count, size_t maxShown) {
    std::string out = "[";
    for (size_t i = 0; i < count; ++i) {
        if (i < maxShown && (i + 1) * kEpollEventSize > bytes.size()) break;
        if (i != 0) out += ", ";
        if (i >= maxShown) {
            out += "...";
            break;
        }
        out += epollEventText(bytes.substr(i * kEpollEventSize, kEpollEventSize));
    }
    out += ']';
    return out;
}

std::string epollCtlOpText(uint64_t op) {
    static constexpr FlagName kOps[] = {
        {1, "EPOLL_CTL_ADD"}, {2, "EPOLL_CTL_DEL"}, {3, "EPOLL_CTL_MOD"}};
    std::string out;
    appendEnum(out, op & 0xffffffffU, kOps, "EPOLL_CTL_???");
    return out;
}

}  // namespace scratch::tracer
