// The only way events leave the tracer: whoever consumes them (log, JSON, checks) implements this.
#pragma once

#include "tracer/Events.h"

namespace scratch::tracer {

/// Receives the trace as it happens. Called on the tracer's thread, in order.
class EventListener {
  public:
    virtual ~EventListener() = default;
    /// A syscall finished (or its task vanished mid-call: event.finished is false).
    virtual void onSyscall(const SyscallEvent& event) = 0;
    /// A task was created, exec'd or exited.
    virtual void onProcess(const ProcessEvent& event) = 0;
    /// A signal is about to be delivered to a task. Only the text log and the JSON stream show
    /// these, so listeners that do not care need not override it.
    virtual void onSignal(const SignalEvent& event) { (void)event; }
    /// Something the tracer did or saw that is not a syscall.
    virtual void onNote(const TracerNote& note) = 0;
    /// The container's init appeared: its namespaces next to the host's. Once per run at most;
    /// only the run's end summary keeps them, so listeners that do not care need not override it.
    virtual void onNamespaces(const NamespacesEvent& event) { (void)event; }
    /// Whether this listener completes syscall events whose decoding the tracer deferred
    /// (SyscallEvent::decodeDeferred) before anything reads their args; when not, the session
    /// renders each captured event itself before handing it over. Asked at every exit.
    virtual bool completesDeferredDecoding() { return false; }
};

}  // namespace scratch::tracer
