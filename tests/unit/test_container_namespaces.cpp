// --ns parsing and the name <-> CLONE_NEW* <-> /proc/PID/ns table.
#include <sched.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/Error.h"
#include "container/runtime/Namespaces.h"

using namespace scratch;
using namespace scratch::container;

namespace {

/// The exit status and message of the Error that parsing list throws.
std::pair<int, std::string> parseError(const std::string& list) {
    try {
        parseNamespaceList(list);
    } catch (const Error& e) {
        return {e.exitCode(), e.what()};
    }
    FAIL("--ns " << list << " was accepted");
    return {0, ""};
}

}  // namespace

TEST_CASE("--ns names map to their clone flags", "[container][ns]") {
    CHECK(parseNamespaceList("pid,mount") == (CLONE_NEWPID | CLONE_NEWNS));
    CHECK(parseNamespaceList("mount,pid,net") == (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET));
    CHECK(parseNamespaceList("PID,Mnt,uts,ipc,user,cgroup") ==
          (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
           CLONE_NEWCGROUP));
    // time's flag (0x80) is one clone() cannot take: the table must still carry it.
    CHECK((parseNamespaceList("pid,mount,time") & 0x80U) != 0);
    CHECK(parseNamespaceList("pid,mount,pid") == (CLONE_NEWPID | CLONE_NEWNS));
}

TEST_CASE("every namespace kind is distinct and round-trips", "[container][ns]") {
    std::set<uint64_t> flags;
    std::set<std::string> names;
    uint64_t all = 0;
    for (const NamespaceKind& kind : kNamespaceKinds) {
        flags.insert(kind.cloneFlag);
        names.insert(kind.name);
        all |= kind.cloneFlag;
        CHECK(parseNamespaceList(std::string("pid,mount,") + kind.name) ==
              (requiredNamespaceFlags() | kind.cloneFlag));
    }
    CHECK(flags.size() == 8);
    CHECK(names.size() == 8);
    CHECK(namespaceNamesOf(all) ==
          std::vector<std::string>{"pid", "mount", "uts", "ipc", "net", "user", "cgroup", "time"});
    CHECK(namespaceNamesOf(CLONE_NEWNET | CLONE_NEWPID) == std::vector<std::string>{"pid", "net"});
    CHECK(cloneFlagsText(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUSER) ==
          "CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUSER");
}

TEST_CASE("--ns refuses unknown, empty and incomplete lists with a usage error",
          "[container][ns]") {
    for (const char* bad : {"pid,mount,bogus", "pid,,mount", "", "pid,mount,", "uts"}) {
        const auto [code, message] = parseError(bad);
        INFO(bad << ": " << message);
        CHECK(code == kExitUsage);
        CHECK(message.find('\n') == std::string::npos);
    }
    CHECK_THAT(parseError("pid,mount,bogus").second, Catch::Contains("unknown namespace bogus"));
    CHECK_THAT(parseError("pid,net").second, Catch::Contains("must include mount"));
    CHECK_THAT(parseError("net").second, Catch::Contains("must include pid and mount"));
}
