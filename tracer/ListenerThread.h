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

#include "tracer/EventListener.h"

namespace scratch::tracer {

/// An EventListener that copies each event into a bounded ring and delivers it, in order, to
/// `target` on a thread of its own. Every stop of the traced workload waits for the tracer,
/// and with tracer and tracees on one CPU (the cheap placement) whatever the tracer does per
/// event adds to the workload's time; handing the copy over costs less than formatting it.
///
/// The thread runs on the CPUs the process may use other than the tracer's; with none left
/// (one CPU, `taskset -c N`) every call goes straight to `target`, as without this class.
/// Delivery is batched: the thread is woken when a quarter of the ring is waiting, and looks
/// on its own every few milliseconds, so one event costs no wake-up. A full ring makes the
/// tracer wait (the tracees wait with it, as they would for a slow output).
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
    void takeSyscall(SyscallEvent& event) override;
    void onProcess(const ProcessEvent& event) override;
    void onNote(const TracerNote& note) override;

    /// Delivers everything handed over so far and stops the thread; later events go straight
    /// to the target. Rethrows what the target threw on the thread, if anything.
    void finish();
    /// Whether events went through the thread (false: one CPU, or not started).
    bool threaded() const { return started_; }
    /// How many times the tracer woke the thread (tests: one per batch, not one per event).
    uint64_t wakeUps() const { return wakeUps_; }

  private:
    enum class Kind : uint8_t { Syscall, Process, Note };
    struct Slot {
        Kind kind = Kind::Syscall;
        SyscallEvent syscall;
        ProcessEvent process;
        TracerNote note;
    };

    /// Starts the thread at the first event (after the tracer forked its launcher and pinned
    /// itself); false when no other CPU is left for it.
    bool ensureStarted();
    /// One event in: `deliver()` straight to the target when there is no thread, else
    /// `fill(slot)` on the next slot.
    template <typename Deliver, typename Fill>
    void enqueue(Kind kind, Deliver deliver, Fill fill);
    Slot& claimSlot();
    void publish();
    void consume();
    void rethrowFailure();

    EventListener& target_;
    cpu_set_t allowed_{};
    bool tried_ = false;  ///< set once the first event decided thread or not
    bool started_ = false;
    std::vector<Slot> ring_;
    std::thread thread_;
    // Producer-owned head, consumer-owned tail; the futex words count wake-ups.
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
    /// is read again when that matters (ring full, thread asleep).
    uint64_t seenTail_ = 0;
};

}  // namespace scratch::tracer
