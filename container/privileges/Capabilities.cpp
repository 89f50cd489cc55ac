#include "container/privileges/Capabilities.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "common/Error.h"

namespace scratch::container {
namespace {

/// linux/capability.h's names in number order.
constexpr std::string_view kCapNames[] = {
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
};
static_assert(std::size(kCapNames) == CAP_LAST_CAP + 1, "a capability without a name");
static_assert(CAP_LAST_CAP < 64, "CapMask holds 64 capabilities");

bool isAll(std::string_view name) {
    return name.size() == 3 && std::toupper(static_cast<unsigned char>(name[0])) == 'A' &&
           std::toupper(static_cast<unsigned char>(name[1])) == 'L' &&
           std::toupper(static_cast<unsigned char>(name[2])) == 'L';
}

unsigned capNumber(const std::string& name, const char* option) {
    const std::optional<unsigned> cap = parseCapName(name);
    if (!cap) {
        throw Error(std::string(option) + " " + name +
                        ": unknown capability (names as in capabilities(7), with or without "
                        "CAP_, or ALL)",
                    kExitUsage);
    }
    return *cap;
}

}  // namespace

std::string_view capName(unsigned cap) {
    return cap < std::size(kCapNames) ? kCapNames[cap] : std::string_view();
}

unsigned namedCapCount() { return static_cast<unsigned>(std::size(kCapNames)); }

std::optional<unsigned> parseCapName(std::string_view name) {
    std::string upper;
    upper.reserve(name.size());
    for (const char c : name)
        upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    std::string_view bare = upper;
    if (bare.rfind("CAP_", 0) == 0) bare.remove_prefix(4);
    for (unsigned cap = 0; cap < std::size(kCapNames); ++cap) {
        if (kCapNames[cap] == bare) return cap;
    }
    return std::nullopt;
}

CapMask defaultCapabilities() {
    return capBit(CAP_CHOWN) | capBit(CAP_DAC_OVERRIDE) | capBit(CAP_FSETID) | capBit(CAP_FOWNER) |
           capBit(CAP_NET_RAW) | capBit(CAP_SETGID) | capBit(CAP_SETUID) | capBit(CAP_SETFCAP) |
           capBit(CAP_SETPCAP) | capBit(CAP_NET_BIND_SERVICE) | capBit(CAP_SYS_CHROOT) |
           capBit(CAP_KILL) | capBit(CAP_AUDIT_WRITE);
}

CapMask allCapabilities(unsigned lastCap) {
    if (lastCap >= 63) return ~CapMask{0};
    return capBit(lastCap + 1) - 1;
}

unsigned runningLastCap() {
    std::ifstream in("/proc/sys/kernel/cap_last_cap");
    unsigned last = 0;
    if (in >> last && last < 64) return last;
    return CAP_LAST_CAP;
}

CapMask ownPermittedCapabilities() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    if (::syscall(SYS_capget, &header, data) != 0) return 0;
    return CapMask{data[0].permitted} | (CapMask{data[1].permitted} << 32U);
}

CapChoice chooseCapabilities(const std::vector<std::string>& adds,
                             const std::vector<std::string>& drops, unsigned lastCap,
                             CapMask held) {
    const CapMask all = allCapabilities(lastCap);
    CapChoice choice;
    bool addAll = false;
    for (const std::string& name : adds) {
        if (isAll(name)) {
            addAll = true;
        } else {
            choice.added |= capBit(capNumber(name, "--cap-add"));
        }
    }
    CapMask dropped = 0;
    for (const std::string& name : drops) {
        dropped |= isAll(name) ? all : capBit(capNumber(name, "--cap-drop"));
    }
    choice.added &= all;  // a capability this kernel does not have cannot be given
    choice.set = ((addAll ? all : defaultCapabilities()) & ~dropped) | choice.added;
    choice.set &= all;
    if (const CapMask missing = choice.added & ~held; missing != 0) {
        throw Error("--cap-add " + capListText(missing) +
                        ": scratch-trace itself does not have it, so it cannot give it",
                    kExitFailure);
    }
    choice.set &= held;
    return choice;
}

std::string capListText(CapMask mask) {
    std::string out;
    for (unsigned cap = 0; cap < 64; ++cap) {
        if ((mask & capBit(cap)) == 0) continue;
        if (!out.empty()) out += ',';
        const std::string_view name = capName(cap);
        out += name.empty() ? "CAP_" + std::to_string(cap) : std::string(name);
    }
    return out;
}

}  // namespace scratch::container
