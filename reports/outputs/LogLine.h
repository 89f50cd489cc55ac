// The strace line, written in one place: the live log (TextLog), the reports that quote it (the
// lines around a finding, the HTML event table, the md's setup steps) and replays all go through
// these, so a line reads the same wherever it shows up (docs/log-format.md).
#pragma once

#include <sys/types.h>

#include <string>

#include "tracer/Events.h"

namespace scratch::reports {

/// What a call line carries after the result, besides strace's text.
struct CallLineStyle {
    bool durations = false;  ///< -T: " <0.000123>" after the result
    bool showWhere = true;   ///< the trailing "  # where:host" list and the socket's peer
};

/// Appends `[pid HOST/NS] ` (`[pid HOST] ` for a task outside the container's PID namespace).
void appendPidPrefix(std::string& line, pid_t tid, pid_t nspid);

/// Appends `name(arg, arg) = ret` as strace prints it, " = " at column 39 counted from
/// `lineStart` (where the line's prefix begins, so -tt and -r shift it as in strace), then the
/// style's extras. No newline.
void appendCall(std::string& line, size_t lineStart, const tracer::SyscallEvent& event,
                const CallLineStyle& style = {});

/// Whether a process event has a line of its own: a task's end, or an execve by a thread other
/// than the leader (the leader is superseded by it).
bool hasTaskEndLine(const tracer::ProcessEvent& event);
/// Appends `+++ exited with N +++`, `+++ killed by SIGx (core dumped) +++`, or for an exec by
/// another thread `+++ superseded by execve in pid FORMER +++`, as strace. No newline.
void appendTaskEnd(std::string& line, const tracer::ProcessEvent& event);

/// Appends the microseconds within the second of `ns`, zero-padded to 6 digits as strace's
/// "%06ld" (after -tt's clock, -r's and -T's seconds).
void appendMicroseconds(std::string& line, int64_t ns);

/// `[pid HOST/NS] name(args) = ret  # where:host`, no newline; the TextLog line without -tt/-T.
std::string logLine(const tracer::SyscallEvent& event);
/// The trailing where list alone ("host-procfs:/proc/1/stat, rootfs:..."), empty when none.
std::string whereText(const tracer::SyscallEvent& event);

}  // namespace scratch::reports
