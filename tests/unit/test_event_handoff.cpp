// EventHandoff: every event reaches the target once, in order, on the other thread when a
// second CPU is allowed; a slow target makes the producer wait instead of losing events; what
// the target throws comes back to the tracer's thread. The same across two processes: a forked
// producer's events reach the parent's target, a producer's death ends the consumer, and a
// target's failure stops the producer.
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/SkipTest.h"
#include "tracer/DecodeCapture.h"
#include "tracer/EventHandoff.h"

using scratch::tracer::EventHandoff;
using scratch::tracer::ProcessEvent;
using scratch::tracer::SyscallEvent;
using scratch::tracer::TracerNote;

namespace {

/// Records what it receives and on which thread; optionally slow, optionally throwing.
class Recorder : public scratch::tracer::EventListener {
  public:
    void onSyscall(const SyscallEvent& event) override {
        if (throwAtSeq != 0 && event.seq == throwAtSeq) throw std::runtime_error("sink failed");
        if (delay.count() > 0) std::this_thread::sleep_for(delay);
        order.push_back("s" + std::to_string(event.seq) + ":" + event.args.at(0));
        threads.push_back(std::this_thread::get_id());
    }
    void onProcess(const ProcessEvent& event) override {
        order.push_back("p" + std::to_string(event.tid) + ":" + std::to_string(event.argv.size()));
        threads.push_back(std::this_thread::get_id());
    }
    void onNote(const TracerNote& note) override {
        order.push_back("n" + note.detail);
        threads.push_back(std::this_thread::get_id());
    }
    std::vector<std::string> order;
    std::vector<std::thread::id> threads;
    std::chrono::microseconds delay{0};
    uint64_t throwAtSeq = 0;
};

/// Hands `count` syscalls to `listener`, reusing one event as the tracer does; every 100th
/// is followed by a process event and a note. Returns the order the target should see.
std::vector<std::string> feed(scratch::tracer::EventListener& listener, int count) {
    std::vector<std::string> expected;
    SyscallEvent event;
    for (int i = 1; i <= count; ++i) {
        event.seq = static_cast<uint64_t>(i);
        // Long enough to live on the heap: a swap must hand over the buffers, not share them.
        event.args.assign(static_cast<size_t>(i % 5 + 1),
                          "argument-on-the-heap-" + std::to_string(i * 7));
        listener.onSyscall(event);
        expected.push_back("s" + std::to_string(i) + ":argument-on-the-heap-" +
                           std::to_string(i * 7));
        if (i % 100 == 0) {
            ProcessEvent process;
            process.tid = i;
            process.argv.assign(static_cast<size_t>(i / 100 % 3) * 50, "x");
            listener.onProcess(process);
            expected.push_back("p" + std::to_string(i) + ":" + std::to_string(process.argv.size()));
            TracerNote note;
            note.detail = "note" + std::to_string(i);
            listener.onNote(note);
            expected.push_back("nnote" + std::to_string(i));
        }
    }
    return expected;
}

/// feed() twice around an exec too large for the ring (a quarter of it); returns the order the
/// target should see.
std::vector<std::string> aroundHugeRecord(scratch::tracer::EventListener& listener) {
    std::vector<std::string> expected = feed(listener, 700);
    ProcessEvent huge;
    huge.tid = 424242;
    huge.argv.assign(300, std::string(1000, 'a'));
    listener.onProcess(huge);
    expected.emplace_back("p424242:300");
    const std::vector<std::string> more = feed(listener, 700);
    expected.insert(expected.end(), more.begin(), more.end());
    return expected;
}

int allowedCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    return CPU_COUNT(&set);
}

/// Runs `body` with this thread pinned to its current CPU, as the tracer pins itself, and
/// restores the affinity afterwards.
template <typename Body>
void whilePinned(Body body) {
    cpu_set_t before;
    sched_getaffinity(0, sizeof before, &before);
    cpu_set_t one;
    CPU_ZERO(&one);
    const int cpu = sched_getcpu();
    CPU_SET(cpu < 0 ? 0 : cpu, &one);
    REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
    body();
    sched_setaffinity(0, sizeof before, &before);
}

}  // namespace

TEST_CASE("EventHandoff delivers every event once, in order, off the tracer's CPU",
          "[event-handoff]") {
    Recorder target;
    std::vector<std::string> expected;
    bool threaded = false;
    // Constructed before pinning, like the run command does: it remembers every allowed CPU.
    EventHandoff queue(target, true);
    whilePinned([&] {
        expected = feed(queue, 5000);
        threaded = queue.threaded();
        queue.finish();
    });
    CHECK(target.order == expected);
    // Woken only when half the ring waits, never per event or per small batch: the ~640 KiB
    // of records here are under three half-rings (the thread's own looks every millisecond
    // may take some first); waking at every 32 KiB, as before session 6, took about 20.
    INFO("wake-ups: " << queue.wakeUps());
    CHECK(queue.wakeUps() <= 8);
    const bool otherThread =
        !target.threads.empty() && target.threads.front() != std::this_thread::get_id();
    if (allowedCpus() >= 2) {
        CHECK(threaded);
        CHECK(otherThread);
    } else {
        // One CPU: nothing to gain from a thread; the calls went straight through.
        CHECK_FALSE(threaded);
        CHECK_FALSE(otherThread);
    }
    // After finish, events go straight to the target on the caller's thread.
    SyscallEvent late;
    late.seq = 9999;
    late.args = {"late"};
    queue.onSyscall(late);
    CHECK(target.order.back() == "s9999:late");
    CHECK(target.threads.back() == std::this_thread::get_id());
}

TEST_CASE("EventHandoff with one CPU allowed calls the target inline", "[event-handoff]") {
    Recorder target;
    // Allowed = one CPU from the start (taskset -c N): the thread would share the tracer's.
    whilePinned([&] {
        EventHandoff queue(target, true);
        SyscallEvent event;
        event.seq = 1;
        event.args = {"a"};
        queue.onSyscall(event);
        // Inline: already delivered when the call returns, on this thread.
        REQUIRE(target.order.size() == 1);
        CHECK(target.threads.front() == std::this_thread::get_id());
        CHECK_FALSE(queue.threaded());
    });
}

TEST_CASE("EventHandoff told not to use a thread calls the target inline", "[event-handoff]") {
    Recorder target;
    EventHandoff queue(target, false);
    const std::vector<std::string> expected = feed(queue, 300);
    CHECK(target.order == expected);
    CHECK_FALSE(queue.threaded());
    CHECK(target.threads.back() == std::this_thread::get_id());
}

TEST_CASE("EventHandoff makes the producer wait for a slow target and loses nothing",
          "[event-handoff]") {
    Recorder target;
    target.delay = std::chrono::microseconds(20);
    EventHandoff queue(target, true);
    std::vector<std::string> expected;
    whilePinned([&] {
        // Far more than the ring holds (512 KiB; these records are about 200 bytes): a
        // producer that dropped or overwrote would show.
        expected = feed(queue, 6000);
        queue.finish();
    });
    CHECK(target.order == expected);
}

TEST_CASE("EventHandoff hands a target's exception back to the tracer's thread",
          "[event-handoff]") {
    Recorder target;
    target.throwAtSeq = 50;
    EventHandoff queue(target, true);
    bool thrown = false;
    whilePinned([&] {
        try {
            feed(queue, 3000);
            queue.finish();
        } catch (const std::runtime_error& e) {
            thrown = std::string(e.what()) == "sink failed";
        }
    });
    CHECK(thrown);
    // Events before the failure were delivered, in order; none after it.
    REQUIRE(target.order.size() == 49);
    CHECK(target.order.back() == "s49:argument-on-the-heap-343");
}

TEST_CASE("EventHandoff keeps the order around a record too large for the ring",
          "[event-handoff]") {
    Recorder target;
    EventHandoff queue(target, true);
    std::vector<std::string> expected;
    whilePinned([&] {
        expected = aroundHugeRecord(queue);
        queue.finish();
    });
    CHECK(target.order == expected);
}

TEST_CASE("EventHandoff decodes deferred events before the target sees them",
          "[event-handoff][env][env-two-cpus]") {
    // A close(3) whose capture holds the name fd 3 had at the stop: the target must see the
    // decoded argument, whether the thread runs or the call goes straight through.
    class NoMemory final : public scratch::tracer::TraceeMemory {
      public:
        size_t read(uint64_t /*addr*/, void* /*out*/, size_t /*len*/) override { return 0; }
        bool readString(uint64_t /*addr*/, size_t /*maxLen*/, std::string& /*out*/,
                        bool* /*truncated*/) override {
            return false;
        }
    };
    const scratch::tracer::SyscallInfo* close = scratch::tracer::findSyscall("close");
    REQUIRE(close != nullptr);
    REQUIRE(scratch::tracer::deferrable(*close));
    scratch::tracer::DecodeOptions opts;
    NoMemory memory;
    std::string name = "/etc/passwd";
    const scratch::tracer::FdNamer namer = [&name](int fd) { return fd == 3 ? &name : nullptr; };
    const bool secondCpu = allowedCpus() >= 2;  // asked before pinning
    for (const bool useThread : {true, false}) {
        Recorder target;
        EventHandoff queue(target, useThread);
        queue.completeDeferredDecoding(opts);
        whilePinned([&] {
            CHECK(queue.completesDeferredDecoding() == (useThread && secondCpu));
            SyscallEvent event;
            event.seq = 1;
            event.setInfo(close);
            event.rawArgs[0] = 3;
            event.decodeDeferred = true;
            scratch::tracer::captureEntry(*close, event.rawArgs, memory, namer, opts,
                                          event.decodeCapture);
            scratch::tracer::captureExit(*close, event.rawArgs, 0, memory, namer, opts,
                                         event.decodeCapture);
            name = "changed after the stop";
            queue.onSyscall(event);
            queue.finish();
        });
        INFO("thread: " << useThread);
        REQUIRE(target.order.size() == 1);
        CHECK(target.order.front() == "s1:3</etc/passwd>");
        name = "/etc/passwd";
    }
}

namespace {

/// Pins the calling process to one CPU and returns it, as the tracer pins itself.
int pinHere() {
    cpu_set_t one;
    CPU_ZERO(&one);
    const int cpu = std::max(sched_getcpu(), 0);
    CPU_SET(cpu, &one);
    sched_setaffinity(0, sizeof one, &one);
    return cpu;
}

/// Restores the calling process's CPU affinity when it goes out of scope.
struct KeepAffinity {
    cpu_set_t saved{};
    KeepAffinity() { sched_getaffinity(0, sizeof saved, &saved); }
    ~KeepAffinity() { sched_setaffinity(0, sizeof saved, &saved); }
};

/// A EventHandoff shared with a forked producer, as runTracerProcess uses it: `produce`
/// runs in the child (pinned, as the tracer pins itself; its return value is the exit
/// status), the parent consumes until the child ends production or dies.
struct ProducerChild {
    KeepAffinity keep;
    Recorder target;
    EventHandoff queue{target, true};
    int childCpu = -1;  ///< the CPU the child pinned itself to
    int status = 0;     ///< the child's wait status

    template <typename Produce>
    void run(Produce produce) {
        REQUIRE(queue.shareWithChild());
        const pid_t parent = getpid();
        int cpuPipe[2];
        REQUIRE(pipe(cpuPipe) == 0);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            const int cpu = pinHere();
            (void)!write(cpuPipe[1], &cpu, sizeof cpu);
            queue.produceFor(parent);
            _exit(produce(queue));
        }
        close(cpuPipe[1]);
        bool reaped = false;
        queue.consumeHere([&] { return reaped = waitpid(child, &status, WNOHANG) == child; });
        if (!reaped) waitpid(child, &status, 0);
        (void)!read(cpuPipe[0], &childCpu, sizeof childCpu);
        close(cpuPipe[0]);
    }
};

bool secondCpuOrSkip() {
    if (allowedCpus() >= 2) return true;
    skipTest("one CPU allowed: no second process to hand events to");
}

}  // namespace

TEST_CASE("EventHandoff delivers a child process's events in the parent, in order",
          "[event-handoff][process][env][env-two-cpus]") {
    if (!secondCpuOrSkip()) return;
    ProducerChild run;
    run.run([](EventHandoff& queue) {
        aroundHugeRecord(queue);
        queue.endProduction();
        return 0;
    });
    Recorder expectedOrder;
    CHECK(WIFEXITED(run.status));
    CHECK(run.target.order == aroundHugeRecord(expectedOrder));
    CHECK(std::all_of(run.target.threads.begin(), run.target.threads.end(),
                      [](std::thread::id id) { return id == std::this_thread::get_id(); }));
    // The child moved this process off the CPU it pinned itself to.
    REQUIRE(run.childCpu >= 0);
    cpu_set_t mine;
    REQUIRE(sched_getaffinity(0, sizeof mine, &mine) == 0);
    CHECK_FALSE(CPU_ISSET(run.childCpu, &mine));
    CHECK(CPU_COUNT(&mine) >= 1);
    run.queue.finish();
}

TEST_CASE("EventHandoff's parent side ends with what a producer that died had published",
          "[event-handoff][process][env][env-two-cpus]") {
    if (!secondCpuOrSkip()) return;
    ProducerChild run;
    run.run([](EventHandoff& queue) {
        feed(queue, 500);
        return 3;  // no endProduction(): the consumer must notice the death itself
    });
    Recorder expectedOrder;
    CHECK(WIFEXITED(run.status));
    CHECK(WEXITSTATUS(run.status) == 3);
    CHECK(run.target.order == feed(expectedOrder, 500));
}

TEST_CASE("EventHandoff stops a child producer whose parent's target failed",
          "[event-handoff][process][env][env-two-cpus]") {
    if (!secondCpuOrSkip()) return;
    ProducerChild run;
    run.target.throwAtSeq = 50;
    run.run([](EventHandoff& queue) {
        // Far more than the ring holds: the producer waits for the consumer, which by then
        // has failed at seq 50, so a later event must throw here.
        int code = 1;
        try {
            feed(queue, 6000);
        } catch (const std::exception&) {
            code = 0;
        }
        queue.endProduction();
        return code;
    });
    CHECK(WIFEXITED(run.status));
    CHECK(WEXITSTATUS(run.status) == 0);  // the producer was told
    bool thrown = false;
    try {
        run.queue.finish();
    } catch (const std::runtime_error& e) {
        thrown = std::string(e.what()) == "sink failed";
    }
    CHECK(thrown);  // and the parent keeps the target's own failure
    REQUIRE(run.target.order.size() == 49);
}
