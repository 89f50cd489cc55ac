// The spellings of the event vocabulary (arch, access bits, where, phase, process event kind,
// socket peer side and route): one table each, read both ways. The JSON writer and the trace
// reader (reports/outputs/JsonRecords.cpp, reports/replay/JsonTraceReader.cpp) and the human
// reports all spell through these tables, so a name is written in one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/NameTable.h"
#include "tracer/Events.h"

namespace scratch::tracer {

/// The ABIs: the JSON's `arch`.
inline constexpr NamedValue<Arch> kArchNames[] = {
    {Arch::X86_64, "x86_64"},
    {Arch::I386, "i386"},
    {Arch::X32, "x32"},
    {Arch::Unknown, "unknown"},
};
/// "x86_64", "i386", "x32", "unknown".
std::string_view archName(Arch arch);
/// The inverse of archName; Unknown for a name it does not know.
Arch archFromName(std::string_view name);

/// The access bits, in the order they are listed (the JSON's `access` arrays, the logs).
inline constexpr NamedValue<uint8_t> kAccessNames[] = {
    {kAccessRead, "read"},     {kAccessWrite, "write"},   {kAccessExec, "exec"},
    {kAccessCreate, "create"}, {kAccessDelete, "delete"}, {kAccessStat, "stat"},
    {kAccessList, "list"},
};
/// `visit(name)` for each access bit set, in kAccessNames' order: no container per call (the JSON
/// stream writes an access array for every path of every syscall).
template <typename Visit>
void forEachAccessName(uint8_t access, Visit&& visit) {
    forEachFlagIn(kAccessNames, access, visit);
}
/// "read,write" style rendering of an Access set; empty for none.
std::string accessNames(uint8_t access);
/// The bit of one access name; nullopt for a name that is none.
std::optional<uint8_t> accessFromName(std::string_view name);

/// Where an object lives, as the human reports label it: a host procfs is "host-procfs" there,
/// because the difference is the article's whole point.
inline constexpr NamedValue<Where> kWhereNames[] = {
    {Where::Rootfs, "rootfs"},
    {Where::ContainerProcfs, "container-procfs"},
    {Where::ContainerMount, "container-mount"},
    {Where::Host, "host"},
    {Where::HostProcfs, "host-procfs"},
    {Where::Anonymous, "anonymous"},
    {Where::Unknown, "unknown"},
};
/// The human label (kWhereNames): rootfs, container-procfs, container-mount, host, host-procfs,
/// anonymous, unknown.
std::string_view whereLabel(Where where);
// whereName (tracer/Events.h), the JSON spelling, is the label except that HostProcfs is "host"
// (the contract has no separate value for it; the JSON says `host_procfs: true` beside it).
/// The inverse of whereLabel (so of whereName too, except that "host" is always Host).
std::optional<Where> whereFromName(std::string_view name);

/// The run's phases: the JSON's `phase`.
inline constexpr NamedValue<Phase> kPhaseNames[] = {
    {Phase::Setup, "setup"},
    {Phase::Workload, "workload"},
};
// phaseName: tracer/Events.h.
/// The inverse of phaseName.
std::optional<Phase> phaseFromName(std::string_view name);

/// The kinds of task lifecycle event: the JSON process record's `event`.
inline constexpr NamedValue<ProcessEvent::Kind> kProcessKindNames[] = {
    {ProcessEvent::Kind::Spawn, "spawn"},
    {ProcessEvent::Kind::Exec, "exec"},
    {ProcessEvent::Kind::Exit, "exit"},
};
/// "spawn", "exec" or "exit".
std::string_view processKindName(ProcessEvent::Kind kind);
/// The inverse of processKindName.
std::optional<ProcessEvent::Kind> processKindFromName(std::string_view name);

/// The side of a connection's peer: the JSON peer's `where` (None is never written).
inline constexpr NamedValue<SocketPeer::Side> kPeerSideNames[] = {
    {SocketPeer::Side::Host, "host"},
    {SocketPeer::Side::Container, "container"},
};
/// "host" or "container"; empty for None.
std::string_view peerSideName(SocketPeer::Side side);
/// The inverse of peerSideName.
std::optional<SocketPeer::Side> peerSideFromName(std::string_view name);

/// How a socket reached its peer: the JSON peer's `via`.
inline constexpr NamedValue<SocketPeer::Via> kPeerViaNames[] = {
    {SocketPeer::Via::UnixPath, "unix-path"},
    {SocketPeer::Via::UnixAbstract, "unix-abstract"},
    {SocketPeer::Via::UnixUnnamed, "unix-unnamed"},
    {SocketPeer::Via::Inet, "inet"},
};
/// "unix-path", "unix-abstract", "unix-unnamed" or "inet".
std::string_view peerViaName(SocketPeer::Via via);
/// The inverse of peerViaName.
std::optional<SocketPeer::Via> peerViaFromName(std::string_view name);

}  // namespace scratch::tracer
