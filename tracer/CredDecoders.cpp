#include "tracer/CredDecoders.h"

#include <fmt/format.h>

#include <cstring>
#include <iterator>

#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

constexpr std::string_view kCaps[] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

constexpr uint32_t kVersion1 = 0x19980330;
constexpr uint32_t kVersion2 = 0x20071026;
constexpr uint32_t kVersion3 = 0x20080522;

/// 1<<CAP_CHOWN|1<<CAP_KILL, unknown bits as a hex remainder, "0" for none.
std::string capSetText(uint64_t bits) {
    if (bits == 0) return "0";
    std::string out;
    for (unsigned i = 0; i < std::size(kCaps); ++i) {
        if (!(bits & (1ULL << i))) continue;
        if (!out.empty()) out += '|';
        out += "1<<";
        out += kCaps[i];
        bits &= ~(1ULL << i);
    }
    if (bits != 0) {
        if (!out.empty()) out += '|';
        fmt::format_to(std::back_inserter(out), "{:#x}", bits);
    }
    return out;
}

}  // namespace

std::string_view capabilityName(unsigned cap) {
    return cap < std::size(kCaps) ? kCaps[cap] : std::string_view();
}

uint32_t capHeaderVersion(std::string_view bytes) { return field<uint32_t>(bytes, 0); }

std::string capHeaderText(std::string_view bytes) {
    const uint32_t version = capHeaderVersion(bytes);
    std::string out = "{version=";
    switch (version) {
        case kVersion1:
            out += "_LINUX_CAPABILITY_VERSION_1";
            break;
        case kVersion2:
            out += "_LINUX_CAPABILITY_VERSION_2";
            break;
        case kVersion3:
            out += "_LINUX_CAPABILITY_VERSION_3";
            break;
        default:
            fmt::format_to(std::back_inserter(out), "{:#x} /* _LINUX_CAPABILITY_VERSION_??? */",
                           version);
    }
    fmt::format_to(std::back_inserter(out), ", pid={}}}", field<int32_t>(bytes, 4));
    return out;
}

std::string capDataText(std::string_view bytes, uint32_t version) {
    const bool two = version != kVersion1;
    const auto set = [&](size_t offset) {
        uint64_t bits = field<uint32_t>(bytes, offset);
        if (two) bits |= static_cast<uint64_t>(field<uint32_t>(bytes, 12 + offset)) << 32;
        return capSetText(bits);
    };
    return fmt::format("{{effective={}, permitted={}, inheritable={}}}", set(0), set(4), set(8));
}

std::string idText(uint32_t id, size_t width) {
    const uint32_t allOnes = width == 2 ? 0xffffU : 0xffffffffU;
    return id == allOnes ? std::string("-1") : std::to_string(id);
}

std::string groupsText(std::string_view bytes, size_t count, size_t maxShown, size_t width) {
    std::string out = "[";
    for (size_t i = 0; i < count; ++i) {
        if (i < maxShown && (i + 1) * width > bytes.size()) break;
        if (i != 0) out += ", ";
        if (i >= maxShown) {
            out += "...";
            break;
        }
        const uint32_t id =
            width == 2 ? field<uint16_t>(bytes, i * 2) : field<uint32_t>(bytes, i * 4);
        out += idText(id, width);
    }
    out += ']';
    return out;
}

}  // namespace scratch::tracer
