// PathTable and SyscallStats remember their last entries to skip hashing on repeated uses; these
// tests pin that the shortcut changes no count and that a copied table never follows the
// original's memory (the original is gone before the copy is used).
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "reports/PathTable.h"
#include "reports/SyscallStats.h"
#include "tracer/SyscallTable.h"

using scratch::reports::PathTable;
using scratch::reports::SyscallStats;
using scratch::tracer::PathRef;
using scratch::tracer::Phase;
using scratch::tracer::SyscallEvent;

namespace {
SyscallEvent use(const std::string& name, pid_t tgid, const std::string& host) {
    SyscallEvent event;
    event.setInfo(scratch::tracer::findSyscall(name));
    event.name = name;
    event.tid = event.tgid = tgid;
    event.phase = Phase::Workload;
    PathRef& ref = event.paths.emplace_back();
    ref.given = "fd 3";
    ref.host = host;
    ref.resolved = host;
    ref.access = scratch::tracer::kAccessRead;
    return event;
}
}  // namespace

TEST_CASE("repeated uses count every syscall name and process once", "[reports][paths]") {
    PathTable table;
    const std::string file = "/work/rootfs/tmp/data";
    for (int round = 0; round < 3; ++round) {
        table.add(use("read", 10, file));
        table.add(use("read", 11, file));
        table.add(use("pread64", 10, file));
        table.add(use("read", 12, "/work/rootfs/tmp/other"));
    }
    const auto* entry = table.find(file);
    REQUIRE(entry != nullptr);
    CHECK(entry->uses == 9);
    CHECK(entry->syscalls.size() == 2);
    CHECK(entry->syscalls.count("pread64") == 1);
    CHECK(entry->tgids.size() == 2);
    const auto* other = table.find("/work/rootfs/tmp/other");
    REQUIRE(other != nullptr);
    CHECK(other->uses == 3);
    CHECK(other->tgids.count(12) == 1);
}

TEST_CASE("a copied path table and stats work after the original is gone", "[reports][paths]") {
    const std::string file = "/work/rootfs/tmp/data";
    auto original = std::make_unique<PathTable>();
    auto stats = std::make_unique<SyscallStats>();
    original->add(use("read", 10, file));
    stats->add(use("read", 10, file));
    PathTable copy = *original;
    SyscallStats statsCopy = *stats;
    original.reset();
    stats.reset();
    copy.add(use("read", 10, file));
    copy.add(use("write", 13, file));
    statsCopy.add(use("read", 10, file));
    const auto* entry = copy.find(file);
    REQUIRE(entry != nullptr);
    CHECK(entry->uses == 3);
    CHECK(entry->syscalls.size() == 2);
    CHECK(entry->tgids.size() == 2);
    REQUIRE(statsCopy.find("read") != nullptr);
    CHECK(statsCopy.find("read")->calls == 2);
}
