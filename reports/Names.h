// Small spelling helpers shared by the reports: errno and signal names without depending on the
// decoder, the human label of a Where, and access kinds as a list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tracer/ArgDecoder.h"  // errnoName: one table for the log and the JSON
#include "tracer/Events.h"

namespace scratch::reports {

using tracer::errnoName;

/// "SIGKILL" for 9, "SIG<n>" for unknown numbers.
std::string signalName(int sig);
/// The label in human-facing output (text log, end report): like tracer::whereName, but a host
/// procfs is spelled "host-procfs" because the difference is the article's whole point. JSON keeps
/// the contract's five values.
std::string_view whereLabel(tracer::Where where);
/// The JSON spelling (the contract's five values): rootfs, container-procfs, container-mount,
/// host, unknown.
std::string_view whereJson(tracer::Where where);
/// Access bits as names in a fixed order: read, write, exec, create, delete, stat, list.
std::vector<std::string_view> accessList(uint8_t access);
/// The same names handed to `visit` one by one, in the same order: no vector per call (the
/// JSON stream writes an access array for every path of every syscall).
template <typename Visit>
void forEachAccessName(uint8_t access, Visit&& visit) {
    static constexpr std::pair<uint8_t, std::string_view> kNames[] = {
        {tracer::kAccessRead, "read"},     {tracer::kAccessWrite, "write"},
        {tracer::kAccessExec, "exec"},     {tracer::kAccessCreate, "create"},
        {tracer::kAccessDelete, "delete"}, {tracer::kAccessStat, "stat"},
        {tracer::kAccessList, "list"},
    };
    for (const auto& [bit, name] : kNames) {
        if (access & bit) visit(name);
    }
}
/// "read,write"; "-" when empty.
std::string accessText(uint8_t access);
/// x86_64, i386, x32, unknown.
std::string_view archText(tracer::Arch arch);

}  // namespace scratch::reports
