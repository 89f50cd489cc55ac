// Small spelling helpers shared by the reports: errno and signal names without depending on the
// decoder, the human label of a Where, and access kinds as a list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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
/// "read,write"; "-" when empty.
std::string accessText(uint8_t access);
/// x86_64, i386, x32, unknown.
std::string_view archText(tracer::Arch arch);

}  // namespace scratch::reports
