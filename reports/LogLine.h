// One syscall as the strace-style log shows it, as a string: for reports that quote the log
// (the lines around a finding, the HTML event table) rather than stream it.
#pragma once

#include <string>

#include "tracer/Events.h"

namespace scratch::reports {

/// `[pid HOST/NS] name(args) = ret  # where:host`, no newline; the TextLog line without -tt/-T.
std::string logLine(const tracer::SyscallEvent& event);
/// The trailing where list alone ("host-procfs:/proc/1/stat, rootfs:..."), empty when none.
std::string whereText(const tracer::SyscallEvent& event);

}  // namespace scratch::reports
