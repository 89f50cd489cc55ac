// Hands the tracer's events to a listener on a second CPU, so formatting and writing the log,
// the JSON stream and the checks run next to the traced workload instead of inside its stops:
// on a thread of its own, or in the parent of a tracer that runs as a child process
// (tracer/TracerProcess.h).
#pragma once

#include <sched.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/EventListener.h"

namespace scratch::tracer {

/// An EventListener that writes each event as a record into a bounded ring of bytes and
/// delivers it, in order, to `target` on a thread of its own. Every stop of the traced
/// workload waits for the tracer, and with tracer and tracees on one CPU (the cheap
/// placement) whatever the tracer does per event adds to the workload's time; writing a
/// record costs less than formatting it (tracer/EventRecord.h: why bytes, not objects).
///
/// The thread runs on the CPUs the process may use other than the tracer's; with none left
/// (one CPU, `taskset -c N`) every call goes straight to `target`, as without this class.
/// Delivery is batched: the thread looks on its own every millisecond while records come
/// (every few when none came) and is woken only when half the ring is waiting, so events
/// cost no wake-ups (each one an inter-processor interrupt). A full ring makes
/// the tracer wait (the tracees wait with it, as they would for a slow output). A record too
/// large for the ring (an exec with a huge argv) goes through it in pieces.
///
/// The ring and its control words live in a shared anonymous mapping, so the consumer may also
/// be another process: shareWithChild() before a fork, produceFor() in the child (the tracer),
/// consumeHere() in the parent. Records carry no pointers at all: a syscall's table row goes
/// as its index, or as the (arch, nr) of a row made at run time (tracer/EventRecord.cpp).
class EventHandoff final : public EventListener {
  public:
    /// Constructed before the tracer pins itself: it remembers the CPUs the process may use,
    /// and the thread later takes those the tracer did not pin itself to. With `useThread`
    /// false every call goes straight to `target`.
    EventHandoff(EventListener& target, bool useThread);
    ~EventHandoff() override;
    EventHandoff(const EventHandoff&) = delete;
    EventHandoff& operator=(const EventHandoff&) = delete;

    void onSyscall(const SyscallEvent& event) override;
    void onProcess(const ProcessEvent& event) override;
    void onNote(const TracerNote& note) override;
    void onSignal(const SignalEvent& event) override;
    void onNamespaces(const NamespacesEvent& event) override;
    /// True once completeDeferredDecoding() was called and the thread runs: decoding then
    /// happens here, off the tracer's stops.
    bool completesDeferredDecoding() override;

    /// Accept syscall events whose decoding the tracer deferred, and decode them with these
    /// options (the session's) before the target sees them.
    void completeDeferredDecoding(const DecodeOptions& options);

    /// Delivers everything handed over so far and stops the thread; later events go straight
    /// to the target. Rethrows what the target threw on the thread, if anything.
    void finish();
    /// Whether events went through the thread (false: one CPU, or not started).
    bool threaded() const { return started_; }
    /// How many times the tracer woke the thread (tests: one per batch, not one per event).
    uint64_t wakeUps() const { return wakeUps_; }

    /// Before forking a tracer process: maps the ring where the child shares it. False when
    /// events would not leave the tracer's thread anyway (one CPU allowed, or useThread false).
    bool shareWithChild();
    /// In the forked child: every event goes into the ring, for `consumer` (the parent), which
    /// is moved to the CPUs the tracer leaves free once the tracer has pinned itself.
    void produceFor(pid_t consumer);
    /// In the child, after its last event: the consumer returns once it has delivered them.
    void endProduction();
    /// In the parent: delivers the child's events to the target on the calling thread until
    /// the child ends production or `producerGone()` (asked whenever the ring is empty) says
    /// the child is gone. A target's exception is kept for finish().
    void consumeHere(const std::function<bool()>& producerGone);

  private:
    enum class Kind : uint32_t { Syscall, Process, Note, Pad, Part, Signal, Namespaces };
    /// What precedes every record in the ring; records start 8-byte aligned.
    struct RecordHeader {
        uint32_t size;  ///< the whole record with this header and its padding
        Kind kind;
    };
    /// After a Part record's header: a piece of a record too large for the ring.
    struct PartHeader {
        uint32_t bytes;  ///< the piece's length (the record's size includes padding)
        Kind whole;      ///< Part while more pieces follow; the last piece names the kind
    };
    /// Where the tracer's events go.
    enum class Placement { Inline, Thread, ChildProducer, ParentConsumer };
    /// The words producer and consumer share, each on its own cache line. Byte offsets
    /// (never wrapped): producer-owned head, consumer-owned tail; the futex words count
    /// wake-ups.
    struct Control {
        alignas(64) std::atomic<uint64_t> head{0};
        alignas(64) std::atomic<uint64_t> tail{0};
        alignas(64) std::atomic<uint32_t> consumerAsleep{0};
        std::atomic<uint32_t> consumerWake{0};
        std::atomic<uint32_t> producerAsleep{0};
        std::atomic<uint32_t> producerWake{0};
        std::atomic<bool> stopping{false};
        std::atomic<bool> failed{false};
    };

    /// Starts the thread at the first event (after the tracer forked its launcher and pinned
    /// itself); false when no other CPU is left for it. In a child producer: moves the
    /// consumer (the parent) off the tracer's CPU, and is always true.
    bool ensureStarted();
    /// The CPUs the process may use that the (pinned) tracer does not; empty when none.
    cpu_set_t consumerCpus() const;
    /// Maps the shared ring (Control and bytes); false when mmap fails.
    bool mapRing();
    /// One event in: straight to the target when there is no thread, else as a record.
    template <typename Event>
    void enqueue(const Event& event, Kind kind, void (EventListener::*deliver)(const Event&));
    /// Room for a record of `size` bytes at the head (a Pad record first where the ring's
    /// end is too close), waiting for the thread while the ring is full.
    char* claim(size_t size);
    /// A record too large for the ring, in pieces the consumer puts together.
    template <typename Event>
    void enqueueInPieces(const Event& event, Kind kind);
    /// Waits while fewer than `size` bytes are free.
    void waitForRoom(uint64_t size);
    void publish(uint64_t head);
    /// Delivers records until production ends (or `producerGone()` says the producer died).
    void consume(const std::function<bool()>& producerGone);
    void deliverRecord(const char* record, Kind kind);
    void deliver(const char* body, Kind kind);
    /// Delivers on the calling thread, completing a deferred decoding first.
    template <typename Event>
    void deliverHere(const Event& event, void (EventListener::*deliver)(const Event&));
    void rethrowFailure();

    EventListener& target_;
    cpu_set_t allowed_{};
    bool tried_ = false;  ///< set once the first event decided thread or not
    bool started_ = false;
    Placement placement_ = Placement::Inline;
    pid_t consumerPid_ = 0;       ///< ChildProducer: the parent that consumes
    Control* control_ = nullptr;  ///< in the shared mapping, with the ring after it
    char* ring_ = nullptr;
    uint64_t writeAt_ = 0;  ///< tracer-thread only: where claim() put the record (past any Pad)
    std::thread thread_;
    std::exception_ptr failure_;
    uint64_t wakeUps_ = 0;  ///< tracer-thread only
    /// The tracer's last look at tail_: reading tail_ at every event would pull its cache line
    /// from the thread's CPU each time. It only lags, so the ring looks fuller than it is, and
    /// is read again when that matters (ring full, a batch waiting).
    uint64_t seenTail_ = 0;
    // The thread's own copies of the events it rebuilds from records: their buffers stay.
    SyscallEvent syscall_;
    SyscallEvent inline_;  ///< deliverHere's copy of a deferred event
    DecodeOptions decode_;
    bool completes_ = false;
    ProcessEvent process_;
    TracerNote note_;
    SignalEvent signal_;
    NamespacesEvent namespaces_;
    std::string pieces_;  ///< the consumer's assembly of a record that came in pieces
    std::string large_;   ///< the producer's encoding of a record too large for the ring
};

}  // namespace scratch::tracer
