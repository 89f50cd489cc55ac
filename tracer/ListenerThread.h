// Hands the tracer's events to a listener on a second CPU, so formatting and writing the log,
// the JSON stream and the checks run next to the traced workload instead of inside its stops.
#pragma once

#include <sched.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
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
/// large for the ring (an exec with a huge argv) waits for the ring to empty and is delivered
/// on the tracer's thread, still in order.
class ListenerThread final : public EventListener {
  public:
    /// Constructed before the tracer pins itself: it remembers the CPUs the process may use,
    /// and the thread later takes those the tracer did not pin itself to. With `useThread`
    /// false every call goes straight to `target`.
    ListenerThread(EventListener& target, bool useThread);
    ~ListenerThread() override;
    ListenerThread(const ListenerThread&) = delete;
    ListenerThread& operator=(const ListenerThread&) = delete;

    void onSyscall(const SyscallEvent& event) override;
    void onProcess(const ProcessEvent& event) override;
    void onNote(const TracerNote& note) override;
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

  private:
    enum class Kind : uint32_t { Syscall, Process, Note, Pad };
    /// What precedes every record in the ring; records start 8-byte aligned.
    struct RecordHeader {
        uint32_t size;  ///< the whole record with this header and its padding
        Kind kind;
    };

    /// Starts the thread at the first event (after the tracer forked its launcher and pinned
    /// itself); false when no other CPU is left for it.
    bool ensureStarted();
    /// One event in: straight to the target when there is no thread, else as a record.
    template <typename Event>
    void enqueue(const Event& event, Kind kind, void (EventListener::*deliver)(const Event&));
    /// Room for a record of `size` bytes at the head (a Pad record first where the ring's
    /// end is too close), waiting for the thread while the ring is full.
    char* claim(size_t size);
    /// Waits until the thread has delivered everything written so far.
    void drain();
    /// Waits while fewer than `size` bytes are free.
    void waitForRoom(uint64_t size);
    void publish(uint64_t head);
    void consume();
    void deliver(const char* record, Kind kind);
    /// Delivers on the calling thread, completing a deferred decoding first.
    template <typename Event>
    void deliverHere(const Event& event, void (EventListener::*deliver)(const Event&));
    void rethrowFailure();

    EventListener& target_;
    cpu_set_t allowed_{};
    bool tried_ = false;  ///< set once the first event decided thread or not
    bool started_ = false;
    std::unique_ptr<char[]> ring_;
    uint64_t writeAt_ = 0;  ///< tracer-thread only: where claim() put the record (past any Pad)
    std::thread thread_;
    // Byte offsets (never wrapped): producer-owned head, consumer-owned tail; the futex words
    // count wake-ups.
    alignas(64) std::atomic<uint64_t> head_{0};
    alignas(64) std::atomic<uint64_t> tail_{0};
    alignas(64) std::atomic<uint32_t> consumerAsleep_{0};
    std::atomic<uint32_t> consumerWake_{0};
    std::atomic<uint32_t> producerAsleep_{0};
    std::atomic<uint32_t> producerWake_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> failed_{false};
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
};

}  // namespace scratch::tracer
