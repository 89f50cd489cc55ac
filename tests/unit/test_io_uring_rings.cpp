// The io_uring tracker (tracer/IoUringRings.h) on rings laid out in this process's own memory
// and read back through process_vm_readv of itself: the SQ is decoded from head for to_submit
// entries, two threads stopped at their entries at once get each its own submissions, the CQ
// gives the results, and what cannot be decoded is a blind spot.
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "tracer/IoUringRings.h"

namespace tr = scratch::tracer;

namespace {

/// One ring's memory as the kernel lays it out (rings + SQE array), in this process.
struct FakeRing {
    static constexpr uint32_t kEntries = 8;
    struct Rings {
        uint32_t sqHead = 0, sqTail = 0, sqMask = kEntries - 1, cqHead = 0, cqTail = 0,
                 cqMask = 2 * kEntries - 1;
        uint32_t array[kEntries] = {};
        tr::UringCqe cqes[2 * kEntries] = {};
    } rings;
    tr::UringSqe sqes[kEntries] = {};
    tr::UringParams params{};

    FakeRing() {
        params.sqEntries = kEntries;
        params.cqEntries = 2 * kEntries;
        params.sqOff.head = offsetof(Rings, sqHead);
        params.sqOff.tail = offsetof(Rings, sqTail);
        params.sqOff.ringMask = offsetof(Rings, sqMask);
        params.sqOff.array = offsetof(Rings, array);
        params.cqOff.head = offsetof(Rings, cqHead);
        params.cqOff.tail = offsetof(Rings, cqTail);
        params.cqOff.ringMask = offsetof(Rings, cqMask);
        params.cqOff.cqes = offsetof(Rings, cqes);
    }
    /// Queues an op (not yet seen by the "kernel").
    tr::UringSqe& push(uint8_t opcode, uint64_t userData) {
        const uint32_t slot = rings.sqTail & rings.sqMask;
        rings.array[slot] = slot;
        tr::UringSqe& sqe = sqes[slot];
        sqe = tr::UringSqe{};
        sqe.opcode = opcode;
        sqe.userData = userData;
        ++rings.sqTail;
        return sqe;
    }
    /// The "kernel" takes n submissions and completes one op.
    void consume(uint32_t n) { rings.sqHead += n; }
    void complete(uint64_t userData, int32_t res) {
        rings.cqes[rings.cqTail & rings.cqMask] = tr::UringCqe{userData, res, 0};
        ++rings.cqTail;
    }
    uint64_t addr(const void* p) const { return reinterpret_cast<uintptr_t>(p); }
};

struct Harness {
    std::deque<tr::PathRef> paths;  // stable references, as the event's slots are
    std::vector<std::string> blind;
    std::vector<std::string> resolved;
    tr::IoUringRings rings{context()};
    tr::ProcessMemory mem{getpid()};

    tr::UringContext context() {
        tr::UringContext c;
        c.newPathSlot = [this]() -> tr::PathRef& { return paths.emplace_back(); };
        c.pathsSize = [this] { return paths.size(); };
        c.fillFd = [](int fd, tr::PathRef& out) {
            out.given = "fd " + std::to_string(fd);
            out.host = "/host/fd" + std::to_string(fd);
            out.fd = fd;
        };
        c.resolvePath = [this](int dirfd, std::string_view path, bool, tr::PathRef& out) {
            resolved.push_back(std::to_string(dirfd) + ":" + std::string(path));
            out.host = "/resolved" + std::string(path);
        };
        c.resolveFdNow = [](int fd, tr::PathRef& out) {
            out.host = "/proc-says/" + std::to_string(fd);
            out.exists = true;
        };
        c.blindSpot = [this](const std::string& detail) { blind.push_back(detail); };
        c.invalidatePaths = [] {};
        return c;
    }
};

constexpr pid_t kTgid = 4242;
constexpr int kRingFd = 5;

void setUp(Harness& h, FakeRing& ring) {
    h.rings.onSetup(kTgid, kTgid, kRingFd, ring.addr(&ring.params), h.mem);
    h.rings.onMmap(kTgid, kRingFd, tr::kUringOffSqRing, ring.addr(&ring.rings));
    h.rings.onMmap(kTgid, kRingFd, tr::kUringOffSqes, ring.addr(ring.sqes));
}

std::vector<std::string> pathsVec(const Harness& h) {
    std::vector<std::string> out;
    for (const auto& p : h.paths) out.push_back(p.host);
    return out;
}

}  // namespace

TEST_CASE("io_uring rings: an openat's path is resolved at entry, its fd comes from the CQ",
          "[io_uring]") {
    Harness h;
    FakeRing ring;
    setUp(h, ring);
    static const char path[] = "/etc/passwd";
    tr::UringSqe& sqe = ring.push(18 /* OPENAT */, 7);
    sqe.fd = AT_FDCWD;
    sqe.addr = ring.addr(path);
    sqe.opFlags = O_RDONLY;
    const uint64_t args[6] = {kRingFd, 1, 1, 1, 0, 0};
    h.rings.onEnterEntry(kTgid, kTgid, 10, args, h.mem);
    REQUIRE(h.resolved == std::vector<std::string>{"-100:/etc/passwd"});
    REQUIRE(h.paths.size() == 1);
    ring.consume(1);
    ring.complete(7, 9);
    std::vector<tr::PathRef> event(h.paths.begin(), h.paths.end());
    tr::FdTable fds;
    const std::string text = h.rings.onEnterExit(kTgid, kTgid, 10, args, 1, h.mem, event, fds);
    CHECK(text == " [openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 9]");
    REQUIRE(fds.find(9) != nullptr);
    CHECK(fds.find(9)->host == "/proc-says/9");  // the kernel's answer, not the string's
    CHECK(event[0].given == "/etc/passwd");
    CHECK(event[0].fd == 9);
    CHECK(h.blind.empty());
}

TEST_CASE("io_uring rings: two threads stopped at their entries each get their own ops",
          "[io_uring]") {
    Harness h;
    FakeRing ring;
    setUp(h, ring);
    ring.push(22 /* READ */, 1).fd = 3;
    ring.push(23 /* WRITE */, 2).fd = 4;
    const uint64_t args[6] = {kRingFd, 1, 0, 0, 0, 0};
    // Both entries before the kernel took anything: head has not moved.
    h.rings.onEnterEntry(101, kTgid, 20, args, h.mem);
    h.rings.onEnterEntry(102, kTgid, 21, args, h.mem);
    CHECK(pathsVec(h) == std::vector<std::string>{"/host/fd3", "/host/fd4"});
    CHECK(h.paths[0].access == tr::kAccessRead);
    CHECK(h.paths[1].access == tr::kAccessWrite);
    ring.consume(2);
    std::vector<tr::PathRef> none;
    tr::FdTable fds;
    CHECK(h.rings.onEnterExit(101, kTgid, 20, args, 1, h.mem, none, fds) ==
          " [read(3, 0x0, 0, 0) = ?]");
    CHECK(h.rings.onEnterExit(102, kTgid, 21, args, 1, h.mem, none, fds) ==
          " [write(4, 0x0, 0, 0) = ?]");
    // Both exits seen: the next entry starts from the kernel's head again.
    ring.push(22, 3).fd = 6;
    h.rings.onEnterEntry(101, kTgid, 22, args, h.mem);
    CHECK(h.paths.back().host == "/host/fd6");
    // A completion in a later call names the call that submitted it.
    ring.consume(1);
    ring.complete(1, 5);
    const std::string later = h.rings.onEnterExit(101, kTgid, 22, args, 1, h.mem, none, fds);
    CHECK(later.find("read(3, 0x0, 0, 0) = 5 (submitted at seq 20)") != std::string::npos);
    CHECK(later.find("read(6, 0x0, 0, 0) = ?") != std::string::npos);
}

TEST_CASE("io_uring rings: what cannot be seen is a blind spot", "[io_uring]") {
    Harness h;
    FakeRing ring;
    const uint64_t args[6] = {kRingFd, 1, 0, 0, 0, 0};
    // A ring never set up (inherited, received).
    h.rings.onEnterEntry(kTgid, kTgid, 1, args, h.mem);
    REQUIRE(h.blind.size() == 1);
    CHECK(h.blind[0].find("did not see set up") != std::string::npos);
    setUp(h, ring);
    ring.push(46 /* URING_CMD */, 1).fd = 3;
    h.rings.onEnterEntry(kTgid, kTgid, 2, args, h.mem);
    REQUIRE(h.blind.size() == 2);
    CHECK(h.blind[1] == "io_uring opcode IORING_OP_URING_CMD not decoded");
    // Once per process and reason.
    ring.consume(1);
    ring.push(46, 2).fd = 3;
    h.rings.onEnterEntry(kTgid, kTgid, 3, args, h.mem);
    CHECK(h.blind.size() == 2);
    // An SQPOLL ring.
    FakeRing polled;
    polled.params.flags = 1U << 1;
    h.rings.onSetup(kTgid, kTgid, 6, polled.addr(&polled.params), h.mem);
    CHECK(h.blind.back() == "io_uring SQPOLL ring: submissions without syscalls");
}

TEST_CASE("io_uring rings: a splice reads one fd and writes the other", "[io_uring]") {
    Harness h;
    FakeRing ring;
    setUp(h, ring);
    tr::UringSqe& sqe = ring.push(30 /* SPLICE */, 1);
    sqe.fileIndex = 3;  // splice_fd_in
    sqe.fd = 4;
    sqe.len = 16;
    const uint64_t args[6] = {kRingFd, 1, 0, 0, 0, 0};
    h.rings.onEnterEntry(kTgid, kTgid, 1, args, h.mem);
    REQUIRE(pathsVec(h) == std::vector<std::string>{"/host/fd3", "/host/fd4"});
    CHECK(h.paths[0].access == tr::kAccessRead);
    CHECK(h.paths[1].access == tr::kAccessWrite);
    ring.consume(1);
    ring.complete(1, 16);
    std::vector<tr::PathRef> event(h.paths.begin(), h.paths.end());
    tr::FdTable fds;
    CHECK(h.rings.onEnterExit(kTgid, kTgid, 1, args, 1, h.mem, event, fds) ==
          " [splice(3, 4, 0x10) = 16]");
    CHECK(h.blind.empty());
}

TEST_CASE("io_uring rings: the SQEs of a ring not seen set up are a blind spot when mapped",
          "[io_uring]") {
    Harness h;
    uint8_t params[120] = {};
    const int fd = static_cast<int>(syscall(__NR_io_uring_setup, 2, params));
    if (fd < 0) return;  // io_uring disabled here: nothing to map
    h.rings.onMmap(getpid(), fd, tr::kUringOffSqRing, 0x1000);  // offset 0: any file's
    CHECK(h.blind.empty());
    h.rings.onMmap(getpid(), fd, tr::kUringOffSqes, 0x2000);
    REQUIRE(h.blind.size() == 1);
    CHECK(h.blind[0] == "io_uring ring the tracer did not see set up (mapped)");
    close(fd);
    // An SQES-offset mapping of a file that is no ring is nothing.
    const int file = open("/proc/self/exe", O_RDONLY);
    h.rings.onMmap(getpid(), file, tr::kUringOffSqes, 0x3000);
    CHECK(h.blind.size() == 1);
    close(file);
}
