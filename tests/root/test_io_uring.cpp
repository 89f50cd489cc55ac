// io_uring in a real container: the tracer reads each ring's submission queue at io_uring_enter
// and attributes the operations like the syscalls they stand for (tracer/IoUringRings.h). An
// open of a rootfs file through a ring is isolated; one through a host directory fd, or up
// from a chroot the process left its cwd outside of, reaches the host and is a leak with the
// host path, whatever no syscall named. Both root modes, the default container and every
// capability. What the tracer cannot see (SQPOLL, undecoded opcodes) is a BlindSpot note:
// tests/integration/test_io_uring_ops.cpp checks the notes themselves.
#include <algorithm>
#include <catch2/catch.hpp>

#include "support/Harness.h"

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The io_uring_enter records' ret texts, one per line.
std::string enterTexts(const Trace& trace) {
    std::string all;
    for (const json& call : trace.syscalls("io_uring_enter")) all += str(call, "ret_text") + "\n";
    return all;
}

/// Whether an io_uring_enter record has a path that reached host object `host`.
bool enterReached(const Trace& trace, const std::string& host) {
    for (const json& call : trace.syscalls("io_uring_enter")) {
        for (const json& p : call.value("paths", json::array())) {
            if (str(p, "host") == host && str(p, "where") == "host") return true;
        }
    }
    return false;
}

/// Whether an outside-rootfs leak names `host`.
bool leakOf(const Trace& trace, const std::string& host) {
    return std::ranges::any_of(trace.findings("outside-rootfs"), [&](const json& f) {
        return str(f, "severity") == "leak" && str(f, "host") == host;
    });
}

/// The options of one of the four containers, without a seccomp profile: the default profile
/// refuses io_uring (docs/container.md).
std::vector<std::string> unconfined(const ContainerSetting& setting) {
    std::vector<std::string> options = {"--seccomp", "unconfined"};
    const std::vector<std::string> more = setting.options();
    options.insert(options.end(), more.begin(), more.end());
    return options;
}

std::string joined(const std::vector<std::string>& words) {
    std::string all;
    for (const auto& w : words) all += w + " ";
    return all;
}

}  // namespace

TEST_CASE("io_uring: an open of a rootfs file through a ring is decoded and isolated",
          "[root][io_uring]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "io_uring_ops");
    for (const ContainerSetting& setting : fourContainerSettings()) {
        const std::vector<std::string> options = unconfined(setting);
        const Trace trace = traceRun(options, rootfs, {prog, "open", "/etc/passwd"});
        INFO(joined(options) << "\n" << trace.describe() << enterTexts(trace));
        if (contains(trace.run.out, "SKIP")) skipTest(trace.run.out);
        REQUIRE(trace.run.exitCode == 0);
        const std::string texts = enterTexts(trace);
        CHECK(contains(texts, "[openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = "));
        CHECK(contains(texts, "nop() = 0"));
        bool rootfsPasswd = false;
        for (const json& call : trace.syscalls("io_uring_enter")) {
            for (const json& p : call.value("paths", json::array())) {
                if (givenPath(p) == "/etc/passwd" && str(p, "where") == "rootfs") {
                    rootfsPasswd = true;
                }
            }
        }
        CHECK(rootfsPasswd);
        CHECK(trace.findings("outside-rootfs").empty());
        CHECK(trace.findings("blind-spot").empty());
        CHECK(trace.verdict() == "isolated");
    }
}

TEST_CASE("io_uring: an open through a ring relative to a host directory fd is a leak",
          "[root][io_uring]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "io_uring_ops");
    const std::string hostFd = copyProgIntoRootfs(rootfs, "host_fd");
    ScratchOptions withFd7;
    withFd7.passFds = {{7, "/"}};
    for (const ContainerSetting& setting : fourContainerSettings()) {
        std::vector<std::string> options = unconfined(setting);
        // (--keep-fd takes several values: an option after it ends the list before ROOTFS.)
        options.insert(options.begin(), {"--keep-fd", "7"});
        const Trace trace = traceRun(options, rootfs, {prog, "dirfd", "7", "etc/passwd"}, withFd7);
        INFO(joined(options) << "\n" << trace.describe() << enterTexts(trace));
        if (contains(trace.run.out, "SKIP")) skipTest(trace.run.out);
        REQUIRE(trace.run.exitCode == 0);
        REQUIRE(contains(trace.run.out, "io_uring_ops: openat = "));
        CHECK(contains(enterTexts(trace), "[openat(7, \"etc/passwd\", O_RDONLY) = "));
        // The same open as a syscall (tests/progs/host_fd.c): the ring's is attributed alike.
        // (Under pivot_root the host fd's attribution is the resolver's business, issue 19:
        // until it decides by mount identity, both say rootfs; then both must say host.)
        const Trace plain = traceRun(options, rootfs, {hostFd, "7"}, withFd7);
        bool syscallReached = false;
        for (const json& call : plain.syscalls("openat")) {
            for (const json& p : call.value("paths", json::array())) {
                syscallReached |= str(p, "host") == "/etc/passwd" && str(p, "where") == "host";
            }
        }
        CHECK(enterReached(trace, "/etc/passwd") == syscallReached);
        if (std::ranges::find(options, "chroot") != options.end() || syscallReached) {
            // No syscall named the host's file; the ring's openat did.
            CHECK(enterReached(trace, "/etc/passwd"));
            CHECK(leakOf(trace, "/etc/passwd"));
            CHECK(trace.verdict() == "leak");
        }
        // The same with the path in memory the tracer cannot read (memfd_secret): the fd the
        // kernel installed still names the host's file.
        const Trace secret =
            traceRun(options, rootfs, {prog, "secret", "etc/passwd", "7"}, withFd7);
        INFO(secret.describe() << enterTexts(secret));
        if (contains(secret.run.out, "SKIP")) continue;  // no memfd_secret here
        REQUIRE(secret.run.exitCode == 0);
        CHECK(enterReached(secret, "/etc/passwd") == syscallReached);
        if (std::ranges::find(options, "chroot") != options.end() || syscallReached) {
            CHECK(leakOf(secret, "/etc/passwd"));
            CHECK(secret.verdict() == "leak");
        }
    }
}

TEST_CASE("io_uring: an open through a ring up from a chroot is a leak under chroot",
          "[root][io_uring]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "io_uring_ops");
    for (const ContainerSetting& setting : fourContainerSettings()) {
        const std::vector<std::string> options = unconfined(setting);
        const Trace trace = traceRun(options, rootfs, {prog, "escape", "/etc/passwd"});
        INFO(joined(options) << "\n" << trace.describe() << enterTexts(trace));
        if (contains(trace.run.out, "SKIP")) skipTest(trace.run.out);
        REQUIRE(trace.run.exitCode == 0);
        if (contains(trace.run.out, "chroot: ")) continue;  // no CAP_SYS_CHROOT here
        const bool pivot = std::ranges::find(options, "pivot") != options.end();
        if (pivot) {
            // The old root is gone: ".." stops at the container's root.
            CHECK_FALSE(enterReached(trace, "/etc/passwd"));
            CHECK(trace.findings("outside-rootfs").empty());
        } else {
            CHECK(enterReached(trace, "/etc/passwd"));
            CHECK(leakOf(trace, "/etc/passwd"));
            CHECK(trace.verdict() == "leak");
        }
    }
}

TEST_CASE("io_uring: an SQPOLL ring and an undecoded opcode are not isolated", "[root][io_uring]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "io_uring_ops");
    for (const ContainerSetting& setting : fourContainerSettings()) {
        const std::vector<std::string> options = unconfined(setting);
        for (const char* mode : {"sqpoll", "undecoded"}) {
            const Trace trace = traceRun(options, rootfs, {prog, mode, "/etc/passwd"});
            INFO(joined(options) << mode << "\n" << trace.describe() << enterTexts(trace));
            if (contains(trace.run.out, "SKIP")) continue;  // e.g. SQPOLL refused
            REQUIRE(trace.run.exitCode == 0);
            // The tracer emits a BlindSpot note (checked in the integration test); the rule
            // that turns it into a blind-spot finding and the `inconclusive` verdict comes with
            // the verdict's branch. Once it is there, these hold:
            const std::vector<json> blind = trace.findings("blind-spot");
            if (!blind.empty()) {
                CHECK(trace.verdict() != "isolated");
            }
            CHECK(trace.findings("outside-rootfs").empty());
        }
    }
}
