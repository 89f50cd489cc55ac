// runTracerProcess (tracer/TracerProcess.h): the tracer in a child process of its own. What the
// child's session learned comes back (the result, and every event through the ring: the
// container's namespaces and the host mount check among them), its error comes back as the
// same scratch::Error, a failing output stops it with the output's own error, and a tracer that
// dies is reported, not waited for, with its tracees gone.
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/Error.h"
#include "support/Harness.h"
#include "tracer/EventHandoff.h"
#include "tracer/TracerProcess.h"

using scratch::tracer::EventHandoff;
using scratch::tracer::SessionOptions;
using scratch::tracer::SessionResult;

namespace {

/// Counts what it receives; remembers the pids of the tasks it heard of. Throws at the
/// syscall `failAt` (1-based) when that is set, as a sink that cannot write would.
class Counter : public scratch::tracer::EventListener {
  public:
    void onSyscall(const scratch::tracer::SyscallEvent& event) override {
        if (failAt != 0 && syscalls + 1 == failAt) throw std::runtime_error("sink failed");
        ++syscalls;
        if (event.name == "exit_group") exitGroups.push_back(event.tid);
        last = "syscall";
    }
    void onProcess(const scratch::tracer::ProcessEvent& event) override {
        if (event.kind == scratch::tracer::ProcessEvent::Kind::Exit) exits.push_back(event.tid);
        last = "process";
    }
    void onNote(const scratch::tracer::TracerNote& note) override {
        notes.push_back(note);
        last = "note";
    }
    void onNamespaces(const scratch::tracer::NamespacesEvent& event) override {
        namespaces.push_back(event);
    }
    int syscalls = 0;
    int failAt = 0;
    std::vector<pid_t> exitGroups;
    std::vector<pid_t> exits;
    std::vector<scratch::tracer::NamespacesEvent> namespaces;
    std::vector<scratch::tracer::TracerNote> notes;
    std::string last;  ///< the kind of the last event: syscall, process, note
};

bool twoCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    return sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 2;
}

/// What every case here needs: a target, an output shared with the child, options tracing in
/// the host's root, and the affinity given back afterwards.
struct TracerRun {
    Counter target;
    EventHandoff output{target, true};
    SessionOptions options;
    TracerRun() {
        if (!twoCpus()) skipTest("one CPU allowed: the tracer never runs as a process of its own");
        REQUIRE(output.shareWithChild());
        options.rootfsHost = "/";
    }
};

/// No child of this process is left (the tracer reaped, the launcher not ours).
bool noChildLeft() {
    int status = 0;
    return waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

}  // namespace

TEST_CASE("a tracer process hands back the run's end, its events and what it learned",
          "[root][tracer-process]") {
    requireRoot();
    TracerRun run;
    run.options.namespaceLinks = {{"pid", "pid", CLONE_NEWPID}, {"net", "net", CLONE_NEWNET}};
    // The launcher makes a child in a new PID namespace, as the container's launcher does: the
    // tracer compares that "init"'s namespaces with its own as it appears.
    const auto launcher = [] {
        const long init = ::syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
        if (init == 0) _exit(0);
        int status = 0;
        if (init > 0) waitpid(static_cast<pid_t>(init), &status, 0);
        return 7;
    };
    const SessionResult result =
        scratch::tracer::runTracerProcess(run.options, run.output, launcher);
    run.output.finish();
    CHECK(result.exitCode == 7);
    CHECK_FALSE(result.interrupted);
    CHECK(result.syscalls > 0);
    CHECK(result.tasks >= 2);
    // The exit_groups of the init and of the launcher reached this process's target, each
    // followed by its exit.
    CHECK(run.target.syscalls == static_cast<int>(result.syscalls));
    REQUIRE(run.target.exitGroups.size() == 2);
    CHECK(run.target.exits == run.target.exitGroups);
    // Read by the tracer process at the init's creation, delivered here through the ring.
    REQUIRE(run.target.namespaces.size() == 1);
    const auto& event = run.target.namespaces.front();
    CHECK(event.init > 0);
    REQUIRE(event.namespaces.size() == 2);
    CHECK(event.namespaces[0].name == "pid");
    CHECK(event.namespaces[0].isNew);
    CHECK(event.namespaces[0].host != 0);
    CHECK(event.namespaces[0].container != 0);
    CHECK(event.namespaces[0].container != event.namespaces[0].host);
    CHECK(event.namespaces[1].name == "net");
    CHECK_FALSE(event.namespaces[1].isNew);
    CHECK(event.namespaces[1].container == event.namespaces[1].host);
    CHECK(noChildLeft());
}

TEST_CASE("a tracer process's error comes back with its message and exit status",
          "[root][tracer-process]") {
    requireRoot();
    TracerRun run;
    run.options.beforeTrace = [](pid_t) { throw scratch::Error("no cgroup for you", 77); };
    bool thrown = false;
    try {
        scratch::tracer::runTracerProcess(run.options, run.output, [] { return 0; });
    } catch (const scratch::Error& e) {
        thrown = true;
        CHECK(std::string(e.what()) == "no cgroup for you");
        CHECK(e.exitCode() == 77);
    }
    CHECK(thrown);
    CHECK(run.target.syscalls == 0);
    CHECK(noChildLeft());
}

TEST_CASE("a tracer process that dies is reported, and its tracees die with it",
          "[root][tracer-process]") {
    requireRoot();
    TracerRun run;
    int pidPipe[2];
    REQUIRE(pipe(pidPipe) == 0);
    // The launcher tells its pid, kills its tracer, and would then sleep for a minute.
    const auto launcher = [&pidPipe] {
        const pid_t self = getpid();
        (void)!write(pidPipe[1], &self, sizeof self);
        ::kill(getppid(), SIGKILL);
        sleep(60);
        return 0;
    };
    const double started = nowSeconds();
    std::string message;
    try {
        scratch::tracer::runTracerProcess(run.options, run.output, launcher);
    } catch (const scratch::Error& e) {
        message = e.what();
    }
    close(pidPipe[1]);
    CHECK(nowSeconds() - started < 30);
    INFO(message);
    CHECK(message.find("killed by SIGKILL") != std::string::npos);
    pid_t launcherPid = 0;
    REQUIRE(read(pidPipe[0], &launcherPid, sizeof launcherPid) == sizeof launcherPid);
    close(pidPipe[0]);
    // PTRACE_O_EXITKILL: the launcher went with its tracer (reaped by init, give it a moment).
    const double deadline = nowSeconds() + 5;
    while (::kill(launcherPid, 0) == 0 && nowSeconds() < deadline) usleep(10000);
    CHECK(::kill(launcherPid, 0) != 0);
    CHECK(noChildLeft());
}

TEST_CASE("a failing output stops the tracer process, and its own error is the one reported",
          "[root][tracer-process]") {
    requireRoot();
    TracerRun run;
    run.target.failAt = 10;
    // A launcher that would make syscalls for a long time: the tracer must stop it.
    const auto launcher = [] {
        for (long i = 0; i < 100'000'000; ++i) (void)getppid();
        return 0;
    };
    const double started = nowSeconds();
    std::string message;
    try {
        scratch::tracer::runTracerProcess(run.options, run.output, launcher);
    } catch (const std::exception& e) {
        message = e.what();
    }
    CHECK(nowSeconds() - started < 30);
    CHECK(message == "sink failed");  // not the tracer's "stopped taking events"
    CHECK(run.target.syscalls == 9);
    CHECK(noChildLeft());
}

TEST_CASE("a mount left on the host is the tracer's last event, sent from the tracer process",
          "[root][tracer-process]") {
    requireRoot();
    const TempDir dir("scratch-mount-watch");
    const std::string point = dir.path().string();
    // The launcher has no namespace of its own: its mount lands in the host's table, as one
    // that propagated out of a container would.
    const auto mountAndStay = [&point] {
        return ::mount("scratch-watch", point.c_str(), "tmpfs", 0, nullptr) == 0 ? 0 : 1;
    };
    const auto mountAndLeave = [&point] {
        if (::mount("scratch-watch", point.c_str(), "tmpfs", 0, nullptr) != 0) return 1;
        return ::umount2(point.c_str(), 0) == 0 ? 0 : 2;
    };
    {
        TracerRun run;
        run.options.watchHostMounts = true;
        const SessionResult result =
            scratch::tracer::runTracerProcess(run.options, run.output, mountAndStay);
        run.output.finish();
        ::umount2(point.c_str(), MNT_DETACH);  // before anything can end the test
        REQUIRE(result.exitCode == 0);
        REQUIRE(run.target.notes.size() == 1);
        const scratch::tracer::TracerNote& note = run.target.notes.front();
        CHECK(note.kind == scratch::tracer::TracerNote::Kind::HostMountAdded);
        CHECK(note.host == point);
        CHECK(note.where == scratch::tracer::Where::Host);
        CHECK(note.detail.find("tmpfs scratch-watch") != std::string::npos);
        CHECK(run.target.last == "note");
    }
    {
        // Gone again before the run ended: the host's table is as it was.
        TracerRun run;
        run.options.watchHostMounts = true;
        const SessionResult result =
            scratch::tracer::runTracerProcess(run.options, run.output, mountAndLeave);
        run.output.finish();
        CHECK(result.exitCode == 0);
        CHECK(run.target.notes.empty());
    }
    {
        // Not asked to watch (tracing without a container): no note.
        TracerRun run;
        const SessionResult result =
            scratch::tracer::runTracerProcess(run.options, run.output, mountAndStay);
        run.output.finish();
        ::umount2(point.c_str(), MNT_DETACH);
        CHECK(result.exitCode == 0);
        CHECK(run.target.notes.empty());
    }
    CHECK(mountsUnder(point).empty());
}
