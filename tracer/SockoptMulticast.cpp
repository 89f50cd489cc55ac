#include "tracer/SockoptMulticast.h"

#include <arpa/inet.h>

#include <cstring>

#include "tracer/SockaddrDecoder.h"
#include "tracer/SockaddrLinkLayer.h"

namespace scratch::tracer {
namespace {

constexpr uint64_t kSolIp = 0;
constexpr uint64_t kSolIpv6 = 41;
constexpr uint64_t kIpAddMembership = 35;
constexpr uint64_t kIpDropMembership = 36;
constexpr uint64_t kIpv6AddMembership = 20;
constexpr uint64_t kIpv6DropMembership = 21;
constexpr uint64_t kIpv6JoinAnycast = 27;
constexpr uint64_t kIpv6LeaveAnycast = 28;
constexpr uint64_t kMcastJoinGroup = 42;
constexpr uint64_t kMcastLeaveGroup = 45;
constexpr size_t kIpMreqSize = 8;
constexpr size_t kIpv6MreqSize = 20;
constexpr size_t kGroupOffset = 8;  // gr_group after gr_interface and its padding

std::string inet4(std::string_view b, size_t offset) {
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, b.data() + offset, text, sizeof text);
    return text;
}

int32_t int32At(std::string_view b, size_t offset) {
    int32_t v = 0;
    std::memcpy(&v, b.data() + offset, sizeof v);
    return v;
}

}  // namespace

std::string multicastRequestText(uint64_t level, uint64_t name, std::string_view b) {
    const bool ip = level == kSolIp;
    const bool ip6 = level == kSolIpv6;
    if (ip && (name == kIpAddMembership || name == kIpDropMembership) && b.size() >= kIpMreqSize) {
        return "{imr_multiaddr=inet_addr(\"" + inet4(b, 0) + "\"), imr_interface=inet_addr(\"" +
               inet4(b, 4) + "\")}";
    }
    if (ip6 &&
        (name == kIpv6AddMembership || name == kIpv6DropMembership || name == kIpv6JoinAnycast ||
         name == kIpv6LeaveAnycast) &&
        b.size() >= kIpv6MreqSize) {
        char text[INET6_ADDRSTRLEN] = {};
        inet_ntop(AF_INET6, b.data(), text, sizeof text);
        return std::string("{inet_pton(AF_INET6, \"") + text +
               "\", &ipv6mr_multiaddr), ipv6mr_interface=" + ifindexText(int32At(b, 16)) + "}";
    }
    if ((ip || ip6) && (name == kMcastJoinGroup || name == kMcastLeaveGroup) &&
        b.size() >= kGroupReqSize) {
        std::string out = "{gr_interface=" + ifindexText(int32At(b, 0)) + ", gr_group=";
        appendSockaddr(out, b.substr(kGroupOffset, kSockaddrMax));
        return out + "}";
    }
    return {};
}

}  // namespace scratch::tracer
