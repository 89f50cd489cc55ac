#include "tracer/EventNames.h"

namespace scratch::tracer {

std::string_view archName(Arch arch) { return nameIn(kArchNames, arch, "unknown"); }

Arch archFromName(std::string_view name) {
    return valueIn(kArchNames, name).value_or(Arch::Unknown);
}

std::string accessNames(uint8_t access) {
    std::string out;
    forEachAccessName(access, [&out](std::string_view name) {
        if (!out.empty()) out += ',';
        out += name;
    });
    return out;
}

std::optional<uint8_t> accessFromName(std::string_view name) { return valueIn(kAccessNames, name); }

std::string_view whereLabel(Where where) { return nameIn(kWhereNames, where, "unknown"); }

std::string_view whereName(Where where) {
    return where == Where::HostProcfs ? whereLabel(Where::Host) : whereLabel(where);
}

std::optional<Where> whereFromName(std::string_view name) { return valueIn(kWhereNames, name); }

std::string_view phaseName(Phase phase) { return nameIn(kPhaseNames, phase, "setup"); }

std::optional<Phase> phaseFromName(std::string_view name) { return valueIn(kPhaseNames, name); }

std::string_view processKindName(ProcessEvent::Kind kind) {
    return nameIn(kProcessKindNames, kind, "spawn");
}

std::optional<ProcessEvent::Kind> processKindFromName(std::string_view name) {
    return valueIn(kProcessKindNames, name);
}

std::string_view peerSideName(SocketPeer::Side side) { return nameIn(kPeerSideNames, side); }

std::optional<SocketPeer::Side> peerSideFromName(std::string_view name) {
    return valueIn(kPeerSideNames, name);
}

std::string_view peerViaName(SocketPeer::Via via) {
    return nameIn(kPeerViaNames, via, "unix-path");
}

std::optional<SocketPeer::Via> peerViaFromName(std::string_view name) {
    return valueIn(kPeerViaNames, name);
}

}  // namespace scratch::tracer
