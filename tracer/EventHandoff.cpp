#include "tracer/EventHandoff.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <ctime>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "common/Error.h"
#include "tracer/DecodeCapture.h"
#include "tracer/EventRecord.h"
#include "tracer/ThreadRseq.h"

namespace scratch::tracer {

namespace {

/// Bytes in the ring: a few thousand typical events (a syscall record is 100-400 bytes).
constexpr uint64_t kCapacity = uint64_t{512} * 1024;
/// Records are 8-byte aligned, so a record header never straddles the ring's end.
constexpr uint64_t kAlign = 8;
/// Larger records go through the ring in pieces of at most this size.
constexpr uint64_t kMaxRecord = kCapacity / 4;
/// The shared mapping: the Control words on their own page, then the ring.
constexpr uint64_t kControlBytes = 4096;
/// The tracer wakes the thread only when this many bytes wait, which a busy run does not reach
/// between two of the thread's own looks: waking a sleeping CPU is an inter-processor
/// interrupt, and in a virtual machine each one stalls the tracer's CPU for tens of
/// microseconds (see docs/performance-analysis.md, session 6).
constexpr uint64_t kWakeMark = kCapacity / 2;
/// How long the thread sleeps before it looks on its own while records keep coming: 1 ms of
/// records is ~100 KiB on the read/write benchmark, a fifth of the ring.
constexpr long kPollBusyNs = 1'000'000;
/// ... and after a look that found nothing: the delay an event can wait before it reaches the
/// log in a quiet run.
constexpr long kPollIdleNs = 5'000'000;
/// A rebuilt process event whose argv grew beyond this many entries gives the memory back.
constexpr size_t kArgvKept = 64;

uint64_t alignUp(uint64_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

constexpr uint64_t kLine = 64;
/// At most this many cache lines are claimed ahead for the next record.
constexpr uint64_t kPrefetchLinesMax = 8;

/// Asks for the cache line at `p` in a writable state without waiting for it. The ring's lines
/// were last read by the thread on the other CPU, so each write to one must first take it from
/// that CPU; asked for at the end of a stop, the transfer happens while the tracee runs
/// instead of inside the next stop's publish (which waits for the record's lines).
inline void prefetchForWrite(const char* p) {
#if defined(__x86_64__) || defined(__i386__)
    // PREFETCHW (the builtin emits a read prefetch without -mprfchw); a no-op on CPUs without it.
    asm volatile("prefetchw %0" ::"m"(*p));
#else
    __builtin_prefetch(p, 1, 3);
#endif
}

// Not FUTEX_PRIVATE_FLAG: producer and consumer may be two processes sharing the mapping.
void futexWait(std::atomic<uint32_t>& word, uint32_t seen, const timespec* timeout) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT, seen, timeout, nullptr, 0);
}

void futexWake(std::atomic<uint32_t>& word) {
    word.fetch_add(1, std::memory_order_seq_cst);
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

}  // namespace

EventHandoff::EventHandoff(EventListener& target, bool useThread)
    : target_(target), tried_(!useThread) {
    CPU_ZERO(&allowed_);
    if (sched_getaffinity(0, sizeof allowed_, &allowed_) != 0) CPU_ZERO(&allowed_);
}

EventHandoff::~EventHandoff() {
    try {
        finish();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor cannot report; finish() did
    }
    if (control_ != nullptr) munmap(control_, kControlBytes + kCapacity);
}

bool EventHandoff::mapRing() {
    if (control_ != nullptr) return true;
    void* mem = mmap(nullptr, kControlBytes + kCapacity, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return false;
    static_assert(sizeof(Control) <= kControlBytes);
    control_ = new (mem) Control();
    ring_ = static_cast<char*>(mem) + kControlBytes;
    return true;
}

cpu_set_t EventHandoff::consumerCpus() const {
    cpu_set_t others;
    CPU_ZERO(&others);
    cpu_set_t mine;
    CPU_ZERO(&mine);
    if (sched_getaffinity(0, sizeof mine, &mine) != 0) return others;
    if (CPU_COUNT(&mine) == 1) {
        // Pinned (the default): every allowed CPU but the tracer's.
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
            if (CPU_ISSET(cpu, &allowed_) && !CPU_ISSET(cpu, &mine)) CPU_SET(cpu, &others);
        }
    } else {
        others = mine;
    }
    return others;
}

bool EventHandoff::ensureStarted() {
    if (tried_) return started_;
    tried_ = true;
    const cpu_set_t others = consumerCpus();
    if (placement_ == Placement::ChildProducer) {
        // The parent consumes whatever happens; it only moves off the tracer's CPU.
        if (CPU_COUNT(&others) != 0) sched_setaffinity(consumerPid_, sizeof others, &others);
        return started_ = true;
    }
    if (CPU_COUNT(&others) == 0 || !mapRing()) return false;

    // The thread takes no signals: SIGINT/SIGTERM/SIGALRM must interrupt the tracer's waitpid.
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    try {
        thread_ = std::thread([this, others]() {
            sched_setaffinity(0, sizeof others, &others);
            unregisterThreadRseq();  // it sleeps and wakes often too: ThreadRseq.h
            consume(nullptr);
        });
    } catch (...) {
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        return false;  // no thread: deliver directly
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    placement_ = Placement::Thread;
    started_ = true;
    return true;
}

bool EventHandoff::shareWithChild() {
    if (tried_ || placement_ != Placement::Inline) return false;
    return CPU_COUNT(&allowed_) >= 2 && mapRing();
}

void EventHandoff::produceFor(pid_t consumer) {
    placement_ = Placement::ChildProducer;
    consumerPid_ = consumer;
    tried_ = false;
    started_ = false;
}

void EventHandoff::endProduction() {
    if (placement_ != Placement::ChildProducer || control_ == nullptr) return;
    control_->stopping.store(true, std::memory_order_seq_cst);
    futexWake(control_->consumerWake);
}

void EventHandoff::consumeHere(const std::function<bool()>& producerGone) {
    placement_ = Placement::ParentConsumer;
    tried_ = true;
    started_ = false;  // this side never produces
    // The calling thread keeps its rseq area (unlike the thread above): giving it up would
    // also stop glibc registering any thread the caller starts later.
    consume(producerGone);
}

void EventHandoff::waitForRoom(uint64_t size) {
    const uint64_t head = control_->head.load(std::memory_order_relaxed);
    if (head + size - seenTail_ > kCapacity)
        seenTail_ = control_->tail.load(std::memory_order_acquire);
    while (head + size - seenTail_ > kCapacity) {
        // Full: the output is slower than the workload. Wait for the thread to free room.
        const uint32_t seen = control_->producerWake.load(std::memory_order_seq_cst);
        control_->producerAsleep.store(1, std::memory_order_seq_cst);
        if (control_->consumerAsleep.exchange(0, std::memory_order_seq_cst) != 0)
            futexWake(control_->consumerWake);
        if (head + size - control_->tail.load(std::memory_order_seq_cst) > kCapacity) {
            futexWait(control_->producerWake, seen, nullptr);
        }
        control_->producerAsleep.store(0, std::memory_order_relaxed);
        seenTail_ = control_->tail.load(std::memory_order_acquire);
    }
}

char* EventHandoff::claim(size_t size) {
    const uint64_t head = control_->head.load(std::memory_order_relaxed);
    const uint64_t toEnd = kCapacity - head % kCapacity;
    // A record is never split at the ring's end: the rest of the ring becomes padding.
    const uint64_t pad = toEnd < size ? toEnd : 0;
    waitForRoom(pad + size);
    if (pad != 0) {
        const RecordHeader header{static_cast<uint32_t>(pad), Kind::Pad};
        std::memcpy(&ring_[head % kCapacity], &header, sizeof header);
    }
    writeAt_ = head + pad;
    return &ring_[writeAt_ % kCapacity];
}

void EventHandoff::publish(uint64_t head) {
    control_->head.store(head, std::memory_order_seq_cst);
    // exchange: one wake-up per sleep. The thread takes a while to run after the wake-up (a
    // cross-CPU interrupt), and every record published meanwhile would otherwise wake it again.
    if (head - seenTail_ < kWakeMark ||
        control_->consumerAsleep.load(std::memory_order_relaxed) == 0) {
        return;
    }
    // Asleep: the thread no longer moves it.
    seenTail_ = control_->tail.load(std::memory_order_relaxed);
    if (head - seenTail_ >= kWakeMark &&
        control_->consumerAsleep.exchange(0, std::memory_order_seq_cst) != 0) {
        ++wakeUps_;
        futexWake(control_->consumerWake);
    }
}

void EventHandoff::rethrowFailure() {
    if (!control_->failed.load(std::memory_order_acquire)) return;
    std::exception_ptr failure = failure_;
    failure_ = nullptr;
    if (failure) std::rethrow_exception(failure);
    if (placement_ == Placement::ChildProducer) {
        // The target failed in the parent, which reports why; the tracer stops here.
        throw Error("the output process stopped taking events");
    }
}

template <typename Event>
void EventHandoff::enqueue(const Event& event, Kind kind,
                           void (EventListener::*deliver)(const Event&)) {
    if (!ensureStarted() || control_->stopping.load(std::memory_order_relaxed)) {
        deliverHere(event, deliver);
        return;
    }
    rethrowFailure();
    const uint64_t size = alignUp(sizeof(RecordHeader) + encodedSize(event));
    if (size > kMaxRecord) {
        enqueueInPieces(event, kind);
        return;
    }
    char* at = claim(size);
    const RecordHeader header{static_cast<uint32_t>(size), kind};
    std::memcpy(at, &header, sizeof header);
    encode(event, at + sizeof header);
    publish(writeAt_ + size);
    // The next record goes right after this one and is likely about as long.
    const uint64_t lines = std::min(kPrefetchLinesMax, (size + kLine - 1) / kLine + 1);
    for (uint64_t i = 0; i < lines; ++i) {
        prefetchForWrite(&ring_[(writeAt_ + size + i * kLine) % kCapacity]);
    }
}

template <typename Event>
void EventHandoff::enqueueInPieces(const Event& event, Kind kind) {
    // Rare (an exec with a huge argv): encoded once on the heap, then copied piece by piece.
    large_.resize(encodedSize(event));
    encode(event, large_.data());
    constexpr uint64_t kPiece = kMaxRecord - sizeof(RecordHeader) - sizeof(PartHeader) - kAlign;
    for (uint64_t done = 0; done < large_.size();) {
        const uint64_t bytes = std::min<uint64_t>(kPiece, large_.size() - done);
        const bool last = done + bytes == large_.size();
        const uint64_t size = alignUp(sizeof(RecordHeader) + sizeof(PartHeader) + bytes);
        char* at = claim(size);
        const RecordHeader header{static_cast<uint32_t>(size), Kind::Part};
        const PartHeader part{static_cast<uint32_t>(bytes), last ? kind : Kind::Part};
        std::memcpy(at, &header, sizeof header);
        std::memcpy(at + sizeof header, &part, sizeof part);
        std::memcpy(at + sizeof header + sizeof part, large_.data() + done, bytes);
        publish(writeAt_ + size);
        done += bytes;
    }
    std::string().swap(large_);  // not kept for the rest of the run
}

template <typename Event>
void EventHandoff::deliverHere(const Event& event, void (EventListener::*deliver)(const Event&)) {
    if constexpr (std::is_same_v<Event, SyscallEvent>) {
        if (event.decodeDeferred) {
            // Rare (no thread after all, or an event after finish()): a copy to decode.
            inline_ = event;
            completeDecoding(inline_, decode_);
            target_.onSyscall(inline_);
            return;
        }
    }
    (target_.*deliver)(event);
}

bool EventHandoff::completesDeferredDecoding() { return completes_ && ensureStarted(); }

void EventHandoff::completeDeferredDecoding(const DecodeOptions& options) {
    decode_ = options;
    completes_ = true;
}

void EventHandoff::onSyscall(const SyscallEvent& event) {
    enqueue(event, Kind::Syscall, &EventListener::onSyscall);
}

void EventHandoff::onProcess(const ProcessEvent& event) {
    enqueue(event, Kind::Process, &EventListener::onProcess);
}

void EventHandoff::onNote(const TracerNote& note) {
    enqueue(note, Kind::Note, &EventListener::onNote);
}

void EventHandoff::onSignal(const SignalEvent& event) {
    enqueue(event, Kind::Signal, &EventListener::onSignal);
}

void EventHandoff::onNamespaces(const NamespacesEvent& event) {
    enqueue(event, Kind::Namespaces, &EventListener::onNamespaces);
}

void EventHandoff::deliverRecord(const char* record, Kind kind) {
    const char* body = record + sizeof(RecordHeader);
    if (kind != Kind::Part) {
        deliver(body, kind);
        return;
    }
    PartHeader part{};
    std::memcpy(&part, body, sizeof part);
    pieces_.append(body + sizeof part, part.bytes);
    if (part.whole == Kind::Part) return;
    deliver(pieces_.data(), part.whole);
    std::string().swap(pieces_);
}

void EventHandoff::deliver(const char* body, Kind kind) {
    switch (kind) {
        case Kind::Syscall:
            decode(body, syscall_);
            completeDecoding(syscall_, decode_);
            target_.onSyscall(syscall_);
            break;
        case Kind::Process:
            decode(body, process_);
            target_.onProcess(process_);
            // An exec with a huge argv must not keep its room for the whole run.
            if (process_.argv.capacity() > kArgvKept)
                std::vector<std::string>().swap(process_.argv);
            break;
        case Kind::Note:
            decode(body, note_);
            target_.onNote(note_);
            break;
        case Kind::Signal:
            decode(body, signal_);
            target_.onSignal(signal_);
            break;
        case Kind::Namespaces:
            decode(body, namespaces_);
            target_.onNamespaces(namespaces_);
            break;
        case Kind::Pad:
        case Kind::Part:
            break;
    }
}

void EventHandoff::consume(const std::function<bool()>& producerGone) {
    uint64_t tail = control_->tail.load(std::memory_order_relaxed);
    bool gone = false;
    for (;;) {
        const uint64_t head = control_->head.load(std::memory_order_acquire);
        // Records since the last look: more are likely coming, look again soon.
        const bool busy = tail != head;
        while (tail != head) {
            const char* record = &ring_[tail % kCapacity];
            RecordHeader header{};
            std::memcpy(&header, record, sizeof header);
            if (header.kind != Kind::Pad && !control_->failed.load(std::memory_order_relaxed)) {
                try {
                    deliverRecord(record, header.kind);
                } catch (...) {
                    failure_ = std::current_exception();
                    control_->failed.store(true, std::memory_order_release);
                }
            }
            tail += header.size;
            control_->tail.store(tail, std::memory_order_seq_cst);
            if (control_->producerAsleep.load(std::memory_order_seq_cst) != 0 &&
                control_->producerAsleep.exchange(0, std::memory_order_seq_cst) != 0) {
                futexWake(control_->producerWake);
            }
        }
        if (control_->head.load(std::memory_order_acquire) != tail) continue;
        // A producer that died published nothing more: one last look above, then done.
        if (gone || control_->stopping.load(std::memory_order_acquire)) return;
        if (producerGone && producerGone()) {
            gone = true;
            continue;
        }
        const uint32_t seen = control_->consumerWake.load(std::memory_order_seq_cst);
        control_->consumerAsleep.store(1, std::memory_order_seq_cst);
        if (control_->head.load(std::memory_order_seq_cst) == tail && !control_->stopping.load()) {
            const timespec poll{0, busy ? kPollBusyNs : kPollIdleNs};
            futexWait(control_->consumerWake, seen, &poll);
        }
        control_->consumerAsleep.store(0, std::memory_order_relaxed);
    }
}

void EventHandoff::finish() {
    if (placement_ == Placement::Thread && !control_->stopping.load()) {
        control_->stopping.store(true, std::memory_order_seq_cst);
        futexWake(control_->consumerWake);
        thread_.join();
    }
    if (control_ != nullptr) rethrowFailure();
}

}  // namespace scratch::tracer
