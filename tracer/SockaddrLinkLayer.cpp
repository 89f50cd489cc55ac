// Link-layer socket addresses as strace 6.1 prints them (its sockaddr.c,
// print_sockaddr_data_ll, and the xlat tables ethernet_protocols, arp_hardware_types and
// af_packet_types; the common entries of each).
#include "tracer/SockaddrLinkLayer.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <net/if.h>

#include <cstdint>
#include <cstring>

#include "tracer/ArgDecoder.h"
#include "tracer/FlagNames.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

constexpr FlagName kEthernetProtocols[] = {
    {0x0001, "ETH_P_802_3"},   {0x0002, "ETH_P_AX25"},     {0x0003, "ETH_P_ALL"},
    {0x0004, "ETH_P_802_2"},   {0x0005, "ETH_P_SNAP"},     {0x0060, "ETH_P_LOOP"},
    {0x0800, "ETH_P_IP"},      {0x0806, "ETH_P_ARP"},      {0x8035, "ETH_P_RARP"},
    {0x8100, "ETH_P_8021Q"},   {0x86DD, "ETH_P_IPV6"},     {0x8847, "ETH_P_MPLS_UC"},
    {0x8848, "ETH_P_MPLS_MC"}, {0x8863, "ETH_P_PPP_DISC"}, {0x8864, "ETH_P_PPP_SES"},
    {0x888E, "ETH_P_PAE"},     {0x88A8, "ETH_P_8021AD"},   {0x88CC, "ETH_P_LLDP"},
    {0x88F7, "ETH_P_1588"},    {0x8906, "ETH_P_FCOE"},
};

constexpr FlagName kArpHardwareTypes[] = {
    {0, "ARPHRD_NETROM"},
    {1, "ARPHRD_ETHER"},
    {2, "ARPHRD_EETHER"},
    {3, "ARPHRD_AX25"},
    {4, "ARPHRD_PRONET"},
    {5, "ARPHRD_CHAOS"},
    {6, "ARPHRD_IEEE802"},
    {7, "ARPHRD_ARCNET"},
    {8, "ARPHRD_APPLETLK"},
    {15, "ARPHRD_DLCI"},
    {19, "ARPHRD_ATM"},
    {23, "ARPHRD_METRICOM"},
    {24, "ARPHRD_IEEE1394"},
    {27, "ARPHRD_EUI64"},
    {32, "ARPHRD_INFINIBAND"},
    {256, "ARPHRD_SLIP"},
    {257, "ARPHRD_CSLIP"},
    {258, "ARPHRD_SLIP6"},
    {259, "ARPHRD_CSLIP6"},
    {260, "ARPHRD_RSRVD"},
    {264, "ARPHRD_ADAPT"},
    {270, "ARPHRD_ROSE"},
    {271, "ARPHRD_X25"},
    {272, "ARPHRD_HWX25"},
    {280, "ARPHRD_CAN"},
    {290, "ARPHRD_MCTP"},
    {512, "ARPHRD_PPP"},
    {513, "ARPHRD_CISCO"},
    {516, "ARPHRD_LAPB"},
    {517, "ARPHRD_DDCMP"},
    {518, "ARPHRD_RAWHDLC"},
    {519, "ARPHRD_RAWIP"},
    {768, "ARPHRD_TUNNEL"},
    {769, "ARPHRD_TUNNEL6"},
    {770, "ARPHRD_FRAD"},
    {771, "ARPHRD_SKIP"},
    {772, "ARPHRD_LOOPBACK"},
    {773, "ARPHRD_LOCALTLK"},
    {774, "ARPHRD_FDDI"},
    {775, "ARPHRD_BIF"},
    {776, "ARPHRD_SIT"},
    {777, "ARPHRD_IPDDP"},
    {778, "ARPHRD_IPGRE"},
    {779, "ARPHRD_PIMREG"},
    {780, "ARPHRD_HIPPI"},
    {781, "ARPHRD_ASH"},
    {782, "ARPHRD_ECONET"},
    {783, "ARPHRD_IRDA"},
    {784, "ARPHRD_FCPP"},
    {785, "ARPHRD_FCAL"},
    {786, "ARPHRD_FCPL"},
    {787, "ARPHRD_FCFABRIC"},
    {800, "ARPHRD_IEEE802_TR"},
    {801, "ARPHRD_IEEE80211"},
    {802, "ARPHRD_IEEE80211_PRISM"},
    {803, "ARPHRD_IEEE80211_RADIOTAP"},
    {804, "ARPHRD_IEEE802154"},
    {805, "ARPHRD_IEEE802154_MONITOR"},
    {820, "ARPHRD_PHONET"},
    {821, "ARPHRD_PHONET_PIPE"},
    {822, "ARPHRD_CAIF"},
    {823, "ARPHRD_IP6GRE"},
    {824, "ARPHRD_NETLINK"},
    {825, "ARPHRD_6LOWPAN"},
    {826, "ARPHRD_VSOCKMON"},
    {0xfffe, "ARPHRD_NONE"},
    {0xffff, "ARPHRD_VOID"},
};

constexpr FlagName kPacketTypes[] = {
    {0, "PACKET_HOST"},      {1, "PACKET_BROADCAST"}, {2, "PACKET_MULTICAST"},
    {3, "PACKET_OTHERHOST"}, {4, "PACKET_OUTGOING"},  {5, "PACKET_LOOPBACK"},
    {6, "PACKET_USER"},      {7, "PACKET_KERNEL"},
};

}  // namespace

std::span<const FlagName> arpHardwareNames() { return kArpHardwareTypes; }

std::string ifindexText(int64_t index) {
    char name[IF_NAMESIZE] = {};
    if (index > 0 && index <= UINT32_MAX &&
        if_indextoname(static_cast<unsigned>(index), name) != nullptr) {
        return "if_nametoindex(\"" + escapeString(name) + "\")";
    }
    return std::to_string(index);
}

void appendSockaddrLl(std::string& out, std::string_view bytes) {
    // struct sockaddr_ll: family u16, protocol be16, ifindex i32, hatype u16, pkttype u8,
    // halen u8, addr[8].
    out += ", sll_protocol=htons(";
    appendEnum(out, ntohs(field<uint16_t>(bytes, 2)), kEthernetProtocols, "ETH_P_???");
    out += "), sll_ifindex=" + ifindexText(field<int32_t>(bytes, 4));
    out += ", sll_hatype=";
    appendEnum(out, field<uint16_t>(bytes, 8), arpHardwareNames(), "ARPHRD_???");
    out += ", sll_pkttype=";
    appendEnum(out, field<uint8_t>(bytes, 10), kPacketTypes, "PACKET_???");
    const auto halen = field<uint8_t>(bytes, 11);
    fmt::format_to(std::back_inserter(out), ", sll_halen={}", halen);
    if (halen == 0) return;
    out += ", sll_addr=[";
    const size_t present = bytes.size() - kSockaddrLlMin;
    for (size_t k = 0; k < halen; ++k) {
        if (k != 0) out += ", ";
        if (k >= present) {
            out += "...";
            break;
        }
        const auto b = static_cast<uint8_t>(bytes[kSockaddrLlMin + k]);
        out += b == 0 ? std::string("00") : fmt::format("{:#x}", b);  // C's %#02x
    }
    out += ']';
}

}  // namespace scratch::tracer
