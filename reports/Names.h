// Small spelling helpers shared by the reports: errno and signal names without depending on the
// decoder, the human label of a Where, and access kinds as a list. The tables behind them are the
// tracer's (tracer/EventNames.h, tracer/SignalNames.h): one per vocabulary, read both ways.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tracer/ArgDecoder.h"  // errnoName: one table for the log and the JSON
#include "tracer/EventNames.h"
#include "tracer/Events.h"
#include "tracer/SignalNames.h"

namespace scratch::reports {

using tracer::errnoName;
using tracer::forEachAccessName;
/// The label in human-facing output (text log, end report): a host procfs is "host-procfs"
/// because the difference is the article's whole point. JSON keeps the contract's values.
using tracer::whereLabel;

/// The JSON records' spelling (the libc's): "SIGKILL" for 9, "SIG<n>" for numbers it has no name
/// for. The log uses strace's (tracer::signalName).
inline std::string signalName(int sig) { return tracer::libcSignalName(sig); }
/// The JSON spelling (the contract's values): rootfs, container-procfs, container-mount, host,
/// anonymous, unknown.
inline std::string_view whereJson(tracer::Where where) { return tracer::whereName(where); }
/// Access bits as names in a fixed order: read, write, exec, create, delete, stat, list.
std::vector<std::string_view> accessList(uint8_t access);
/// "read,write"; "-" when empty.
std::string accessText(uint8_t access);
/// x86_64, i386, x32, unknown.
inline std::string_view archText(tracer::Arch arch) { return tracer::archName(arch); }

}  // namespace scratch::reports
