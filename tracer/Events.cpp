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

}  // namespace scratch::tracer
