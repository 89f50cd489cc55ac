// io_uring decoded (tracer/IoUringRings.h), seen from the tracer's own events: a Session traces
// tests/progs/io_uring_ops without a container, and the test reads the io_uring_enter events
// (the operations in their ret text, their paths attributed) and the BlindSpot notes for what
// the tracer cannot see (an SQPOLL ring, an opcode it does not decode).
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/Harness.h"
#include "tracer/Session.h"

namespace tr = scratch::tracer;

namespace {

/// Keeps copies of what the tracer reports.
class Recorder final : public tr::EventListener {
  public:
    void onSyscall(const tr::SyscallEvent& event) override {
        if (event.name.starts_with("io_uring")) enters.push_back(event);
    }
    void onProcess(const tr::ProcessEvent& /*event*/) override {}
    void onNote(const tr::TracerNote& note) override { notes.push_back(note); }

    std::vector<tr::SyscallEvent> enters;
    std::vector<tr::TracerNote> notes;

    /// The io_uring_enter events' ret texts, one per line.
    std::string retTexts() const {
        std::string all;
        for (const auto& e : enters) all += e.name + " = " + e.retText + "\n";
        return all;
    }
    bool blindSpot(const std::string& part) const {
        return std::ranges::any_of(notes, [&](const tr::TracerNote& n) {
            return n.kind == tr::TracerNote::Kind::BlindSpot &&
                   n.detail.find(part) != std::string::npos;
        });
    }
    bool anyBlindSpot() const {
        return std::ranges::any_of(notes, [](const tr::TracerNote& n) {
            return n.kind == tr::TracerNote::Kind::BlindSpot;
        });
    }
};

/// Traces io_uring_ops with these arguments; returns its exit status.
/// `filtered`: stop only at the syscalls the tracer requires (no mmap among them).
int traceOps(Recorder& recorder, const std::vector<std::string>& args, std::string& out,
             bool filtered = false) {
    const std::string prog = progPath("io_uring_ops");
    char outPath[] = "/tmp/uring-out-XXXXXX";
    const int outFd = mkstemp(outPath);
    tr::SessionOptions options;
    if (filtered) options.stopOnly = tr::Session::requiredStops();
    tr::Session session(options, recorder);
    const tr::SessionResult result = session.run([&] {
        std::vector<char*> argv{const_cast<char*>(prog.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        dup2(outFd, 1);
        execv(prog.c_str(), argv.data());
        return 127;
    });
    out = slurp(outPath);
    close(outFd);
    unlink(outPath);
    return result.exitCode;
}

}  // namespace

TEST_CASE("io_uring: an openat, read, statx, nop and close through the ring are decoded",
          "[io_uring]") {
    for (const char* layout : {"array", "noarray", "nommap"}) {
        Recorder rec;
        std::string out;
        const int status = traceOps(rec, {"open", "/etc/hostname", layout}, out);
        INFO(layout << "\n" << out << rec.retTexts());
        if (out.find("SKIP") != std::string::npos) skipTest(out);
        REQUIRE(status == 0);
        const std::string text = rec.retTexts();
        CHECK(text.find("[openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = ") != std::string::npos);
        CHECK(text.find("statx(AT_FDCWD, \"/etc/hostname\"") != std::string::npos);
        CHECK(text.find("nop() = 0") != std::string::npos);
        CHECK(text.find("close(") != std::string::npos);
        CHECK_FALSE(rec.anyBlindSpot());
        // The path of the openat and the fd of the read are attributed to the file.
        bool openPath = false;
        bool readFd = false;
        for (const auto& e : rec.enters) {
            for (const auto& ref : e.paths) {
                if (ref.given == "/etc/hostname" && ref.host == "/etc/hostname" && ref.fd >= 0) {
                    openPath = true;  // the openat's result fd, resolved from /proc
                }
                if (ref.given.starts_with("fd ") && ref.host == "/etc/hostname" &&
                    (ref.access & tr::kAccessRead)) {
                    readFd = true;  // the read through the fd the ring opened
                }
            }
        }
        CHECK(openPath);
        CHECK(readFd);
    }
}

TEST_CASE("io_uring: a filtered trace finds the ring's memory without seeing its mmap",
          "[io_uring]") {
    Recorder rec;
    std::string out;
    const int status = traceOps(rec, {"open", "/etc/hostname"}, out, true);
    INFO(out << rec.retTexts());
    if (out.find("SKIP") != std::string::npos) skipTest(out);
    REQUIRE(status == 0);
    CHECK(rec.retTexts().find("[openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = ") !=
          std::string::npos);
    CHECK_FALSE(rec.anyBlindSpot());
}

TEST_CASE("io_uring: an enter through a registered ring fd is decoded", "[io_uring]") {
    Recorder rec;
    std::string out;
    const int status = traceOps(rec, {"regring", "/etc/hostname"}, out);
    INFO(out << rec.retTexts());
    if (out.find("SKIP") != std::string::npos) skipTest(out);
    REQUIRE(status == 0);
    CHECK(rec.retTexts().find("[openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = ") !=
          std::string::npos);
    CHECK(rec.retTexts().find("[read(") != std::string::npos);
    CHECK_FALSE(rec.anyBlindSpot());
    // The enter's first argument is the registered index 0, not fd 0.
    for (const auto& e : rec.enters) {
        for (const auto& ref : e.paths) CHECK(ref.given != "fd 0");
    }
}

TEST_CASE("io_uring: a registered file is attributed", "[io_uring]") {
    Recorder rec;
    std::string out;
    const int status = traceOps(rec, {"fixed", "/etc/hostname"}, out);
    INFO(out << rec.retTexts());
    if (out.find("SKIP") != std::string::npos) skipTest(out);
    REQUIRE(status == 0);
    CHECK(rec.retTexts().find("read(fixed 0, ") != std::string::npos);
    bool fixed = false;
    for (const auto& e : rec.enters) {
        for (const auto& ref : e.paths) fixed |= ref.host == "/etc/hostname";
    }
    CHECK(fixed);
    CHECK_FALSE(rec.anyBlindSpot());
}

TEST_CASE("io_uring: an SQPOLL ring and an undecoded opcode are blind spots", "[io_uring]") {
    {
        Recorder rec;
        std::string out;
        traceOps(rec, {"sqpoll", "/etc/hostname"}, out);
        INFO(out << rec.retTexts());
        if (out.find("SKIP") != std::string::npos) skipTest(out);
        CHECK(rec.blindSpot("SQPOLL"));
    }
    {
        Recorder rec;
        std::string out;
        traceOps(rec, {"undecoded"}, out);
        INFO(out << rec.retTexts());
        if (out.find("SKIP") != std::string::npos) skipTest(out);
        CHECK(rec.blindSpot("IORING_OP_URING_CMD"));
        CHECK(rec.retTexts().find("IORING_OP_URING_CMD(...)") != std::string::npos);
    }
}

TEST_CASE("io_uring: an op whose path cannot be read is a blind spot, its fd still attributed",
          "[io_uring]") {
    Recorder rec;
    std::string out;
    const int status = traceOps(rec, {"secret", "/etc/hostname"}, out);
    INFO(out << rec.retTexts());
    if (out.find("SKIP") != std::string::npos) skipTest(out);
    REQUIRE(status == 0);
    CHECK(rec.blindSpot("openat path the tracer could not read"));
    // The fd the kernel installed names the file, whatever the tracer could not read.
    bool opened = false;
    for (const auto& e : rec.enters) {
        for (const auto& ref : e.paths) opened |= ref.host == "/etc/hostname" && ref.fd >= 0;
    }
    CHECK(opened);
}
