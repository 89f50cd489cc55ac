// FdTable: what survives an execve, by the close-on-exec flag each fd was given.
#include <catch2/catch.hpp>

#include "tracer/FdTable.h"

using scratch::tracer::FdTable;
using scratch::tracer::PathRef;

namespace {
PathRef named(const std::string& host) {
    PathRef ref;
    ref.host = host;
    ref.resolved = host;
    return ref;
}
}  // namespace

TEST_CASE("only fds known to stay open survive execve", "[tracer][fds]") {
    FdTable table;
    table.set(3, named("/kept"), true);
    table.set(4, named("/cloexec"), false);
    table.set(5, named("/unknown"));  // learnt from /proc: flag unknown, counts as close-on-exec
    table.copyFd(3, 6, false);        // dup3(O_CLOEXEC): the copy has its own flag
    table.copyFd(4, 7, true);         // dup2 clears it
    table.set(8, named("/later"), true);
    table.setKeptOnExec(8, false);  // fcntl(F_SETFD, FD_CLOEXEC)
    table.set(9, named("/again"), false);
    table.setKeptOnExec(9, true);  // ioctl(FIONCLEX)
    table.copyFd(3, 3, false);     // dup2(fd, fd) changes nothing, not even the flag
    table.copyFd(42, 10, true);    // from an fd not known: the target is forgotten too
    REQUIRE(table.find(10) == nullptr);

    const auto next = table.afterExec();
    CHECK(next->size() == 3);
    REQUIRE(next->find(3) != nullptr);
    CHECK(next->find(3)->host == "/kept");
    REQUIRE(next->find(7) != nullptr);
    CHECK(next->find(7)->host == "/cloexec");
    REQUIRE(next->find(9) != nullptr);
    CHECK(next->find(9)->host == "/again");
    CHECK(next->find(4) == nullptr);
    CHECK(next->find(5) == nullptr);
    CHECK(next->find(6) == nullptr);
    CHECK(next->find(8) == nullptr);
    // The table itself is untouched (threads that shared it are gone, but a copy is made).
    CHECK(table.size() == 7);
}

TEST_CASE("a survivor's flag is reset by the next exec only if changed", "[tracer][fds]") {
    FdTable table;
    table.set(1, named("/dev/null"), true);
    const auto once = table.afterExec();
    const auto twice = once->afterExec();
    REQUIRE(twice->find(1) != nullptr);
    CHECK(twice->find(1)->host == "/dev/null");
}
