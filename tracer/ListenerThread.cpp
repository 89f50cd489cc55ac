#include "tracer/ListenerThread.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <utility>

namespace scratch::tracer {

namespace {

constexpr uint64_t kCapacity = 1024;
/// The tracer wakes the thread only when this many events wait: one wake-up per batch.
constexpr uint64_t kWakeBatch = kCapacity / 4;
/// How long the thread sleeps before it looks for a smaller batch on its own: the delay an
/// event can wait before it reaches the log in a quiet run.
constexpr long kPollNs = 5'000'000;
/// A Process slot whose argv grew beyond this many entries gives the memory back.
constexpr size_t kArgvKept = 64;

void futexWait(std::atomic<uint32_t>& word, uint32_t seen, const timespec* timeout) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, seen, timeout,
            nullptr, 0);
}

void futexWake(std::atomic<uint32_t>& word) {
    word.fetch_add(1, std::memory_order_seq_cst);
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr,
            0);
}

}  // namespace

ListenerThread::ListenerThread(EventListener& target, bool useThread)
    : target_(target), tried_(!useThread) {
    CPU_ZERO(&allowed_);
    if (sched_getaffinity(0, sizeof allowed_, &allowed_) != 0) CPU_ZERO(&allowed_);
}

ListenerThread::~ListenerThread() {
    try {
        finish();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor cannot report; finish() did
    }
}

bool ListenerThread::ensureStarted() {
    if (tried_) return started_;
    tried_ = true;
    cpu_set_t mine;
    CPU_ZERO(&mine);
    if (sched_getaffinity(0, sizeof mine, &mine) != 0) return false;
    cpu_set_t others;
    CPU_ZERO(&others);
    if (CPU_COUNT(&mine) == 1) {
        // Pinned (the default): every allowed CPU but the tracer's.
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
            if (CPU_ISSET(cpu, &allowed_) && !CPU_ISSET(cpu, &mine)) CPU_SET(cpu, &others);
        }
    } else {
        others = mine;
    }
    if (CPU_COUNT(&others) == 0) return false;

    ring_.resize(kCapacity);
    // The thread takes no signals: SIGINT/SIGTERM/SIGALRM must interrupt the tracer's waitpid.
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    try {
        thread_ = std::thread([this, others]() {
            sched_setaffinity(0, sizeof others, &others);
            consume();
        });
    } catch (...) {
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        ring_.clear();
        return false;  // no thread: deliver directly
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    started_ = true;
    return true;
}

ListenerThread::Slot& ListenerThread::claimSlot() {
    const uint64_t head = head_.load(std::memory_order_relaxed);
    if (head - seenTail_ >= kCapacity) seenTail_ = tail_.load(std::memory_order_acquire);
    while (head - seenTail_ >= kCapacity) {
        // Full: the output is slower than the workload. Wait for the thread to free a slot.
        const uint32_t seen = producerWake_.load(std::memory_order_seq_cst);
        producerAsleep_.store(1, std::memory_order_seq_cst);
        if (consumerAsleep_.exchange(0, std::memory_order_seq_cst) != 0) futexWake(consumerWake_);
        if (head - tail_.load(std::memory_order_seq_cst) >= kCapacity) {
            futexWait(producerWake_, seen, nullptr);
        }
        producerAsleep_.store(0, std::memory_order_relaxed);
        seenTail_ = tail_.load(std::memory_order_acquire);
    }
    return ring_[head % kCapacity];
}

void ListenerThread::publish() {
    const uint64_t head = head_.load(std::memory_order_relaxed) + 1;
    head_.store(head, std::memory_order_seq_cst);
    // exchange: one wake-up per sleep. The thread takes a while to run after the wake-up (a
    // cross-CPU interrupt), and every event published meanwhile would otherwise wake it again.
    if (head - seenTail_ < kWakeBatch || consumerAsleep_.load(std::memory_order_relaxed) == 0) {
        return;
    }
    seenTail_ = tail_.load(std::memory_order_relaxed);  // asleep: the thread no longer moves it
    if (head - seenTail_ >= kWakeBatch &&
        consumerAsleep_.exchange(0, std::memory_order_seq_cst) != 0) {
        ++wakeUps_;
        futexWake(consumerWake_);
    }
}

void ListenerThread::rethrowFailure() {
    if (!failed_.load(std::memory_order_acquire)) return;
    std::exception_ptr failure = failure_;
    failure_ = nullptr;
    if (failure) std::rethrow_exception(failure);
}

template <typename Deliver, typename Fill>
void ListenerThread::enqueue(Kind kind, Deliver deliver, Fill fill) {
    if (!ensureStarted() || stopping_.load(std::memory_order_relaxed)) {
        deliver();
        return;
    }
    rethrowFailure();
    Slot& slot = claimSlot();
    slot.kind = kind;
    fill(slot);
    publish();
}

void ListenerThread::onSyscall(const SyscallEvent& event) {
    // copy-assignment: the slot's strings and vectors keep their room
    enqueue(
        Kind::Syscall, [&] { target_.onSyscall(event); },
        [&](Slot& slot) { slot.syscall = event; });
}

void ListenerThread::takeSyscall(SyscallEvent& event) {
    // The slot's old event (delivered long ago) goes back to the tracer, buffers and all.
    enqueue(
        Kind::Syscall, [&] { target_.takeSyscall(event); },
        [&](Slot& slot) { std::swap(slot.syscall, event); });
}

void ListenerThread::onProcess(const ProcessEvent& event) {
    enqueue(
        Kind::Process, [&] { target_.onProcess(event); },
        [&](Slot& slot) { slot.process = event; });
}

void ListenerThread::onNote(const TracerNote& note) {
    enqueue(
        Kind::Note, [&] { target_.onNote(note); }, [&](Slot& slot) { slot.note = note; });
}

void ListenerThread::consume() {
    uint64_t tail = tail_.load(std::memory_order_relaxed);
    for (;;) {
        const uint64_t head = head_.load(std::memory_order_acquire);
        while (tail != head) {
            Slot& slot = ring_[tail % kCapacity];
            if (!failed_.load(std::memory_order_relaxed)) {
                try {
                    switch (slot.kind) {
                        case Kind::Syscall:
                            target_.onSyscall(slot.syscall);
                            break;
                        case Kind::Process:
                            target_.onProcess(slot.process);
                            break;
                        case Kind::Note:
                            target_.onNote(slot.note);
                            break;
                    }
                } catch (...) {
                    failure_ = std::current_exception();
                    failed_.store(true, std::memory_order_release);
                }
            }
            // An exec with a huge argv must not keep its room in the ring for the whole run.
            if (slot.kind == Kind::Process && slot.process.argv.capacity() > kArgvKept) {
                std::vector<std::string>().swap(slot.process.argv);
            }
            ++tail;
            tail_.store(tail, std::memory_order_seq_cst);
            if (producerAsleep_.load(std::memory_order_seq_cst) != 0 &&
                producerAsleep_.exchange(0, std::memory_order_seq_cst) != 0) {
                futexWake(producerWake_);
            }
        }
        if (stopping_.load(std::memory_order_acquire) &&
            head_.load(std::memory_order_acquire) == tail) {
            return;
        }
        const uint32_t seen = consumerWake_.load(std::memory_order_seq_cst);
        consumerAsleep_.store(1, std::memory_order_seq_cst);
        if (head_.load(std::memory_order_seq_cst) == tail && !stopping_.load()) {
            const timespec poll{0, kPollNs};
            futexWait(consumerWake_, seen, &poll);
        }
        consumerAsleep_.store(0, std::memory_order_relaxed);
    }
}

void ListenerThread::finish() {
    if (started_ && !stopping_.load()) {
        stopping_.store(true, std::memory_order_seq_cst);
        futexWake(consumerWake_);
        thread_.join();
    }
    rethrowFailure();
}

}  // namespace scratch::tracer
