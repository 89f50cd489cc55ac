#include "reports/Names.h"

#include <array>
#include <cstring>

namespace scratch::reports {

std::string signalName(int sig) {
    if (const char* abbrev = ::sigabbrev_np(sig)) return std::string("SIG") + abbrev;
    return "SIG" + std::to_string(sig);
}

std::string_view whereLabel(tracer::Where where) {
    switch (where) {
        case tracer::Where::Rootfs:
            return "rootfs";
        case tracer::Where::ContainerProcfs:
            return "container-procfs";
        case tracer::Where::ContainerMount:
            return "container-mount";
        case tracer::Where::Host:
            return "host";
        case tracer::Where::HostProcfs:
            return "host-procfs";
        case tracer::Where::Anonymous:
            return "anonymous";
        case tracer::Where::Unknown:
            break;
    }
    return "unknown";
}

std::string_view whereJson(tracer::Where where) {
    // Same as tracer::whereName; kept here so reports do not depend on the spelling living there.
    return where == tracer::Where::HostProcfs ? "host" : whereLabel(where);
}

namespace {
constexpr std::array<std::pair<uint8_t, std::string_view>, 7> kAccessNames = {{
    {tracer::kAccessRead, "read"},
    {tracer::kAccessWrite, "write"},
    {tracer::kAccessExec, "exec"},
    {tracer::kAccessCreate, "create"},
    {tracer::kAccessDelete, "delete"},
    {tracer::kAccessStat, "stat"},
    {tracer::kAccessList, "list"},
}};
}  // namespace

std::vector<std::string_view> accessList(uint8_t access) {
    std::vector<std::string_view> out;
    forEachAccessName(access, [&](std::string_view name) { out.push_back(name); });
    return out;
}

std::string accessText(uint8_t access) {
    std::string out;
    for (const auto& [bit, name] : kAccessNames) {
        if (!(access & bit)) continue;
        if (!out.empty()) out += ',';
        out += name;
    }
    return out.empty() ? "-" : out;
}

std::string_view archText(tracer::Arch arch) {
    switch (arch) {
        case tracer::Arch::X86_64:
            return "x86_64";
        case tracer::Arch::I386:
            return "i386";
        case tracer::Arch::X32:
            return "x32";
        case tracer::Arch::Unknown:
            break;
    }
    return "unknown";
}

}  // namespace scratch::reports
