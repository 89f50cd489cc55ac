// TaskNumbersReader: the nsfs ioctls and /proc/TID/status must give the same numbers. A
// child in a new PID namespace is its init (1); needs root for CLONE_NEWPID, skipped without.
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>

#include "support/SkipTest.h"
#include "tracer/TaskNumbers.h"

using scratch::tracer::TaskIds;
using scratch::tracer::TaskNumbersReader;

namespace {
/// A child that sleeps until killed, in a new PID namespace when `newPidNs`; -1 when that
/// is not allowed here.
pid_t sleeper(bool newPidNs) {
    const long flags = SIGCHLD | (newPidNs ? CLONE_NEWPID : 0);
    const long pid = syscall(SYS_clone, flags, nullptr, nullptr, nullptr, nullptr);
    if (pid == 0) {
        pause();
        _exit(0);
    }
    return static_cast<pid_t>(pid);
}

void reap(pid_t pid) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
}
}  // namespace

TEST_CASE("task numbers: in the tracer's own PID namespace", "[tracer][pidns]") {
    const pid_t child = sleeper(false);
    REQUIRE(child > 0);
    TaskNumbersReader reader;
    TaskIds fast;
    TaskIds status;
    CHECK(reader.read(child, fast));
    CHECK(TaskNumbersReader::readStatus(child, status));
    reap(child);
    CHECK(fast.tgid == child);
    CHECK(fast.nstid == 0);
    CHECK(fast.nstgid == 0);
    CHECK(status.tgid == child);
    CHECK(status.nstid == 0);
}

TEST_CASE("task numbers: the init of a new PID namespace", "[tracer][pidns][env][env-root]") {
    if (geteuid() != 0) {
        skipTest("needs root for CLONE_NEWPID");
        return;
    }
    const pid_t child = sleeper(true);
    REQUIRE(child > 0);
    TaskNumbersReader reader;
    TaskIds fast;
    TaskIds again;
    TaskIds status;
    CHECK(reader.read(child, fast));
    CHECK(reader.read(child, again));  // the namespace's fd now comes from the cache
    CHECK(TaskNumbersReader::readStatus(child, status));
    reap(child);
    CHECK(status.nstid == 1);
    CHECK(fast.tgid == status.tgid);
    CHECK(fast.nstid == status.nstid);
    CHECK(fast.nstgid == status.nstgid);
    CHECK(again.nstid == 1);
}

TEST_CASE("task numbers: a task that is gone", "[tracer][pidns]") {
    const pid_t child = sleeper(false);
    REQUIRE(child > 0);
    reap(child);
    TaskNumbersReader reader;
    TaskIds numbers;
    CHECK_FALSE(reader.read(child, numbers));
}
