#include "tracer/IoctlStructs.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>

#include "tracer/DecodeText.h"
#include "tracer/FlagNames.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/SockaddrLinkLayer.h"
#include "tracer/StructField.h"
#include "tracer/TraceeMemory.h"

namespace scratch::tracer {
namespace {

constexpr size_t kNameSize = 16;  // IFNAMSIZ

constexpr FlagName kIffFlags[] = {
    {0x1, "IFF_UP"},           {0x2, "IFF_BROADCAST"},    {0x4, "IFF_DEBUG"},
    {0x8, "IFF_LOOPBACK"},     {0x10, "IFF_POINTOPOINT"}, {0x20, "IFF_NOTRAILERS"},
    {0x40, "IFF_RUNNING"},     {0x80, "IFF_NOARP"},       {0x100, "IFF_PROMISC"},
    {0x200, "IFF_ALLMULTI"},   {0x400, "IFF_MASTER"},     {0x800, "IFF_SLAVE"},
    {0x1000, "IFF_MULTICAST"}, {0x2000, "IFF_PORTSEL"},   {0x4000, "IFF_AUTOMEDIA"},
    {0x8000, "IFF_DYNAMIC"},
};

/// The union member a request uses, as strace names it.
enum class Member : uint8_t { None, Index, Flags, Int, Addr, HwAddr, NewName, Map };

struct NetRequest {
    uint32_t code;
    Member member;
    std::string_view field;
};

constexpr NetRequest kNetRequests[] = {
    {0x8910, Member::Index, "ifr_ifindex"},  // SIOCGIFNAME
    {0x8913, Member::Flags, "ifr_flags"},     {0x8914, Member::Flags, "ifr_flags"},
    {0x8915, Member::Addr, "ifr_addr"},       {0x8916, Member::Addr, "ifr_addr"},
    {0x8917, Member::Addr, "ifr_dstaddr"},    {0x8918, Member::Addr, "ifr_dstaddr"},
    {0x8919, Member::Addr, "ifr_broadaddr"},  {0x891a, Member::Addr, "ifr_broadaddr"},
    {0x891b, Member::Addr, "ifr_netmask"},    {0x891c, Member::Addr, "ifr_netmask"},
    {0x891d, Member::Int, "ifr_metric"},      {0x891e, Member::Int, "ifr_metric"},
    {0x8921, Member::Int, "ifr_mtu"},         {0x8922, Member::Int, "ifr_mtu"},
    {0x8923, Member::NewName, "ifr_newname"}, {0x8924, Member::HwAddr, "ifr_hwaddr"},
    {0x8927, Member::HwAddr, "ifr_hwaddr"},   {0x8933, Member::Index, "ifr_ifindex"},
    {0x8970, Member::Map, "ifr_map"},         {0x8971, Member::Map, "ifr_map"},
    {0x8942, Member::Int, "ifr_qlen"},        {0x8943, Member::Int, "ifr_qlen"},
};

const NetRequest* findNet(uint64_t request) {
    for (const NetRequest& r : kNetRequests) {
        if (r.code == static_cast<uint32_t>(request)) return &r;
    }
    return nullptr;
}

void appendName(std::string& out, std::string_view bytes, size_t offset) {
    const std::string_view raw = bytes.substr(std::min(offset, bytes.size()), kNameSize);
    appendQuoted(out, raw.substr(0, std::min(raw.find('\0'), raw.size())), false);
}

/// ifr_hwaddr: the hardware type, then its address bytes as strace's print_hwaddr (six for the
/// Ethernet-like types, all fourteen otherwise).
void appendHwAddr(std::string& out, std::string_view bytes) {
    const auto family = field<uint16_t>(bytes, kNameSize);
    out += "{sa_family=";
    appendEnum(out, family, arpHardwareNames(), "ARPHRD_???");
    out += ", sa_data=";
    const size_t len = (family == 1 || family == 772 || family == 65534) ? 6 : 14;
    for (size_t k = 0; k < len; ++k) {
        if (k > 0) out += ':';
        out += fmt::format("{:02x}", field<uint8_t>(bytes, kNameSize + 2 + k));
    }
    out += '}';
}

void appendMember(std::string& out, const NetRequest& r, std::string_view bytes) {
    out += r.field;
    out += '=';
    switch (r.member) {
        case Member::Index:
        case Member::Int:
            out += fmt::format("{}", field<int32_t>(bytes, kNameSize));
            break;
        case Member::Flags:
            appendFlags(out, field<uint16_t>(bytes, kNameSize), kIffFlags, "0");
            break;
        case Member::Addr:
            appendSockaddr(out, bytes.substr(std::min(kNameSize, bytes.size()), 16));
            break;
        case Member::HwAddr:
            appendHwAddr(out, bytes);
            break;
        case Member::NewName:
            appendName(out, bytes, kNameSize);
            break;
        case Member::Map: {
            // struct ifmap: two longs, then base_addr, irq, dma, port.
            const size_t word = bytes.size() == kIfreq32Size ? 4 : 8;
            const size_t rest = kNameSize + 2 * word;
            const uint64_t memStart =
                word == 4 ? field<uint32_t>(bytes, kNameSize) : field<uint64_t>(bytes, kNameSize);
            const uint64_t memEnd = word == 4 ? field<uint32_t>(bytes, kNameSize + 4)
                                              : field<uint64_t>(bytes, kNameSize + 8);
            // strace's PRINT_FIELD_X: 0 bare, the rest in hex.
            const auto hex = [](uint64_t v) {
                return v == 0 ? std::string("0") : fmt::format("{:#x}", v);
            };
            out +=
                fmt::format("{{mem_start={}, mem_end={}, base_addr={}, irq={}, dma={}, port={}}}",
                            hex(memStart), hex(memEnd), hex(field<uint16_t>(bytes, rest)),
                            field<uint8_t>(bytes, rest + 2), field<uint8_t>(bytes, rest + 3),
                            field<uint8_t>(bytes, rest + 4));
            break;
        }
        case Member::None:
            break;
    }
}

/// strace's print_ifc_len: "80 /* 2 * sizeof(struct ifreq) */" when a whole number of them.
std::string ifcLenText(int32_t len, size_t ifreqSize) {
    if (len < 0 || static_cast<size_t>(len) % ifreqSize != 0) return fmt::format("{}", len);
    return fmt::format("{} /* {} * sizeof(struct ifreq) */", len,
                       static_cast<size_t>(len) / ifreqSize);
}

/// struct ifconf's length and buffer pointer; false when unreadable.
bool readIfconf(TraceeMemory& mem, uint64_t p, bool i386, int32_t& len, uint64_t& buf) {
    uint8_t raw[16] = {};
    const size_t size = i386 ? 8 : 16;
    if (mem.read(p, raw, size) != size) return false;
    std::memcpy(&len, raw, sizeof len);
    buf = 0;
    std::memcpy(&buf, raw + (i386 ? 4 : 8), i386 ? 4 : 8);
    return true;
}

}  // namespace

std::string ifconfEntryText(TraceeMemory& mem, uint64_t p, bool i386) {
    int32_t len = 0;
    uint64_t buf = 0;
    if (!readIfconf(mem, p, i386, len, buf)) return addr(p);
    return "{ifc_len=" + ifcLenText(len, i386 ? kIfreq32Size : kIfreqSize) + "}";
}

void ifconfExitText(TraceeMemory& mem, uint64_t p, bool i386, size_t maxElems, std::string& out) {
    int32_t len = 0;
    uint64_t buf = 0;
    if (!readIfconf(mem, p, i386, len, buf)) return;
    // The reads first, whatever the entry's text: a capture makes them with no text at hand.
    const size_t ifreqSize = i386 ? kIfreq32Size : kIfreqSize;
    std::string tail = ", ifc_buf=";
    if (buf == 0) {
        tail += "NULL}";
    } else {
        const size_t count = len > 0 ? static_cast<size_t>(len) / ifreqSize : 0;
        tail += '[';
        std::string entry(ifreqSize, '\0');
        for (size_t k = 0; k < count; ++k) {
            if (k > 0) tail += ", ";
            if (k >= maxElems ||
                mem.read(buf + k * ifreqSize, entry.data(), ifreqSize) != ifreqSize) {
                tail += "...";
                break;
            }
            tail += "{ifr_name=";
            appendName(tail, entry, 0);
            tail += ", ifr_addr=";
            appendSockaddr(tail, std::string_view(entry).substr(kNameSize, 16));
            tail += '}';
        }
        tail += "]}";
    }
    int32_t before = 0;
    if (out.empty() || out.back() != '}' || std::sscanf(out.c_str(), "{ifc_len=%d", &before) != 1) {
        return;
    }
    out.pop_back();  // the entry's '}'
    if (len != before) out += " => " + ifcLenText(len, ifreqSize);
    out += tail;
}

std::string ifreqText(uint64_t request, IfreqUse use, std::string_view bytes, bool complete) {
    const NetRequest* r = findNet(request);
    std::string out = "{";
    if (use == IfreqUse::ByIndex) {
        out += fmt::format("ifr_ifindex={}", field<int32_t>(bytes, kNameSize));
        if (complete) {
            out += ", ifr_name=";
            appendName(out, bytes, 0);
        }
        return out + '}';
    }
    out += "ifr_name=";
    appendName(out, bytes, 0);
    if (r != nullptr && (complete || use == IfreqUse::Given)) {
        out += ", ";
        appendMember(out, *r, bytes);
    }
    return out + '}';
}

std::string loopInfo64Text(std::string_view bytes) {
    static constexpr FlagName kLoopFlags[] = {{1, "LO_FLAGS_READ_ONLY"},
                                              {4, "LO_FLAGS_AUTOCLEAR"},
                                              {8, "LO_FLAGS_PARTSCAN"},
                                              {16, "LO_FLAGS_DIRECT_IO"}};
    std::string out =
        fmt::format("{{lo_offset={}, lo_number={}, lo_flags=", field<uint64_t>(bytes, 24),
                    field<uint32_t>(bytes, 40));
    appendFlags(out, field<uint32_t>(bytes, 52), kLoopFlags, "0", "LO_FLAGS_???");
    out += ", lo_file_name=";
    constexpr size_t kFileName = 56, kNameSize = 64;  // LO_NAME_SIZE
    const std::string_view raw = bytes.substr(std::min(kFileName, bytes.size()), kNameSize);
    const size_t nul = raw.find('\0');
    appendQuoted(out, raw.substr(0, std::min(nul, raw.size())), nul == std::string_view::npos);
    return out + ", ...}";
}

std::string loopConfigText(std::string_view bytes, std::string_view fdText) {
    return fmt::format("{{fd={}, block_size={}, info={}}}", fdText, field<uint32_t>(bytes, 4),
                       loopInfo64Text(bytes.substr(std::min<size_t>(8, bytes.size()))));
}

std::string ttyConstantText(uint64_t request, uint64_t arg) {
    static constexpr FlagName kFlush[] = {{0, "TCIFLUSH"}, {1, "TCOFLUSH"}, {2, "TCIOFLUSH"}};
    static constexpr FlagName kFlow[] = {{0, "TCOOFF"}, {1, "TCOON"}, {2, "TCIOFF"}, {3, "TCION"}};
    std::string out;
    if (static_cast<uint32_t>(request) == 0x540b) {
        appendEnum(out, arg, kFlush, "TC???", true);
    } else if (static_cast<uint32_t>(request) == 0x540a) {
        appendEnum(out, arg, kFlow, "TC???", true);
    } else {
        out = fmt::format("{}", arg);
    }
    return out;
}

}  // namespace scratch::tracer
