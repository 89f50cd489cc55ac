#include "tracer/Events.h"

namespace scratch::tracer {

std::string_view phaseName(Phase phase) { return phase == Phase::Setup ? "setup" : "workload"; }

std::string_view whereName(Where where) {
    switch (where) {
        case Where::Rootfs:
            return "rootfs";
        case Where::ContainerProcfs:
            return "container-procfs";
        case Where::ContainerMount:
            return "container-mount";
        // The contract has no separate value for a host procfs: it is a host object. The enum
        // keeps the distinction for the checks (class host-procfs).
        case Where::Host:
        case Where::HostProcfs:
            return "host";
        case Where::Anonymous:
            return "anonymous";
        case Where::Unknown:
            break;
    }
    return "unknown";
}

const SyscallInfo* SyscallEvent::info() const {
    if (row == kNoRow) return nullptr;
    if (row == kGenericRow) return &lookupSyscall(arch, nr);
    const auto table = allSyscalls();
    return row < table.size() ? &table[row] : nullptr;
}

void SyscallEvent::setInfo(const SyscallInfo* info) {
    if (info == nullptr) {
        row = kNoRow;
    } else if (const auto index = tableRowIndex(*info)) {
        row = static_cast<uint32_t>(*index);
    } else {
        row = kGenericRow;
    }
}

}  // namespace scratch::tracer
