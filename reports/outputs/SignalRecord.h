// Signal-delivery events on the output side: the siginfo rendered once, strace's
// `--- SIGCHLD {...} ---` line, and the `{"type":"signal",...}` JSON record (docs/json.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tracer/Events.h"

namespace scratch::reports {

/// strace's spelling of a signal (SIGIO, SIGRTMIN, SIGRT_3), unlike glibc's (SIGPOLL,
/// SIGRTMIN+3) that the JSON records use.
std::string straceSignalName(int sig);

/// Fills event.siginfo from the raw siginfo the tracer copied, unless it has its text already
/// (a replay reads it from the trace). Pipeline calls it once, before any sink sees the event.
void renderSignal(tracer::SignalEvent& event);

/// Appends `--- SIGCHLD {si_signo=SIGCHLD, ...} ---`, or for a group-stop
/// `--- stopped by SIGSTOP ---` (no pid prefix, no newline).
void appendSignalLine(std::string& out, const tracer::SignalEvent& event);

/// The `{"type":"signal",...}` record of a rendered event.
nlohmann::ordered_json signalRecord(const tracer::SignalEvent& event);

}  // namespace scratch::reports
