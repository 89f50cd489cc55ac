// The byte form of events on their way to the output thread. The tracer writes each event as
// one contiguous record into a ring of bytes and the thread rebuilds it into objects of its
// own, so the two CPUs share only the record's bytes: handing over the objects themselves
// (copied or swapped) made the tracer write into strings the other CPU had just read, one
// cache miss per string, at every stop.
#pragma once

#include <cstddef>

#include "tracer/Events.h"

namespace scratch::tracer {

/// Bytes encode() writes for the event (the exact size, no alignment).
size_t encodedSize(const SyscallEvent& event);
size_t encodedSize(const ProcessEvent& event);
size_t encodedSize(const TracerNote& note);
size_t encodedSize(const SignalEvent& event);
size_t encodedSize(const NamespacesEvent& event);

/// Writes the event at `out`, which has room for encodedSize(event) bytes.
void encode(const SyscallEvent& event, char* out);
void encode(const ProcessEvent& event, char* out);
void encode(const TracerNote& note, char* out);
void encode(const SignalEvent& event, char* out);
void encode(const NamespacesEvent& event, char* out);

/// Rebuilds an event from what encode() wrote; `event`'s strings and vectors keep their
/// buffers where they are large enough, so a reused object allocates nothing.
void decode(const char* in, SyscallEvent& event);
void decode(const char* in, ProcessEvent& event);
void decode(const char* in, TracerNote& note);
void decode(const char* in, SignalEvent& event);
void decode(const char* in, NamespacesEvent& event);

}  // namespace scratch::tracer
