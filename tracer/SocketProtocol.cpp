#include "tracer/SocketProtocol.h"

#include <fmt/format.h>
#include <sys/xattr.h>

#include <charconv>
#include <cstdio>
#include <cstring>

namespace scratch::tracer {
namespace {

constexpr std::string_view kNetlink = "NETLINK";

/// "socket:[123]" -> 123; 0 for any other name.
uint64_t socketInode(std::string_view name) {
    constexpr std::string_view kPrefix = "socket:[";
    if (!name.starts_with(kPrefix) || !name.ends_with(']')) return 0;
    uint64_t inode = 0;
    const char* first = name.data() + kPrefix.size();
    const char* last = name.data() + name.size() - 1;
    const auto [end, ec] = std::from_chars(first, last, inode);
    return ec == std::errc() && end == last ? inode : 0;
}

/// The Eth column of the line of /proc/TID/net/netlink whose Inode is `inode`, or -1.
int boundProtocol(pid_t tid, uint64_t inode) {
    const std::string path = fmt::format("/proc/{}/net/netlink", tid);
    FILE* f = std::fopen(path.c_str(), "re");
    if (f == nullptr) return -1;
    char line[512];
    int found = -1;
    while (std::fgets(line, sizeof line, f) != nullptr) {
        unsigned long long sk = 0;
        int eth = 0;
        unsigned pid = 0;
        unsigned long long rest[6] = {};
        unsigned long long ino = 0;
        // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
        if (std::sscanf(line, "%llx %d %u %llx %llu %llu %llu %llu %llu %llu", &sk, &eth, &pid,
                        &rest[0], &rest[1], &rest[2], &rest[3], &rest[4], &rest[5], &ino) == 10 &&
            ino == inode) {
            found = eth;
            break;
        }
    }
    std::fclose(f);
    return found;
}

}  // namespace

bool netlinkProtocolOf(const FdNamer& fdName, int64_t fd, int& protocol) {
    protocol = -1;
    if (!fdName || fd < 0 || fd > 0x3fffffff) return false;
    const std::string* text = fdName(protocolQuery(static_cast<int>(fd)));
    if (text == nullptr || !std::string_view(*text).starts_with(kNetlink)) return false;
    const std::string_view rest = std::string_view(*text).substr(kNetlink.size());
    if (rest.size() > 1 && rest[0] == ':') {
        std::from_chars(rest.data() + 1, rest.data() + rest.size(), protocol);
    }
    return true;
}

const std::string* SocketProtocols::answer(pid_t tid, int fd, const std::string* fdName) {
    const uint64_t inode = fdName != nullptr ? socketInode(*fdName) : 0;
    if (inode == 0) return nullptr;
    std::string& known = byInode_[inode];
    if (known.empty() || known == kNetlink) {
        if (known.empty()) {
            char proto[32] = {};
            const std::string path = fmt::format("/proc/{}/fd/{}", tid, fd);
            const ssize_t n =
                getxattr(path.c_str(), "system.sockprotoname", proto, sizeof proto - 1);
            if (n <= 0 || std::string_view(proto, static_cast<size_t>(n)).find(kNetlink) != 0) {
                known = " ";  // asked: not netlink
                return nullptr;
            }
            known = kNetlink;
        }
        const int protocol = boundProtocol(tid, inode);
        if (protocol >= 0) known = fmt::format("{}:{}", kNetlink, protocol);
    }
    if (known == " ") return nullptr;
    return &known;
}

}  // namespace scratch::tracer
