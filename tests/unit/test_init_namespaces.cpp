// readInitNamespaces (tracer/InitNamespaces.h): the inodes come from /proc/PID/ns next to the
// tracer's own, "new" from the flags of the clone that made the init, and a link the kernel
// does not have reads as 0 on both sides. Here the "init" is this process itself: every
// namespace is then shared.
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "tracer/InitNamespaces.h"

using scratch::tracer::NamespaceLink;
using scratch::tracer::NamespacesEvent;

namespace {

uint64_t ownInode(const std::string& link) {
    struct stat st {};
    REQUIRE(::stat(("/proc/self/ns/" + link).c_str(), &st) == 0);
    return st.st_ino;
}

}  // namespace

TEST_CASE("the init's namespaces are read from /proc/PID/ns, new ones from its clone's flags",
          "[tracer][ns]") {
    const std::vector<NamespaceLink> links = {
        {"mount", "mnt", CLONE_NEWNS}, {"net", "net", CLONE_NEWNET}, {"bogus", "nosuchns", 0}};
    const NamespacesEvent event = scratch::tracer::readInitNamespaces(
        ::getpid(), CLONE_NEWNET | CLONE_NEWPID | SIGCHLD, links);
    CHECK(event.init == ::getpid());
    REQUIRE(event.namespaces.size() == 3);
    CHECK(event.namespaces[0].name == "mount");
    CHECK(event.namespaces[0].container == ownInode("mnt"));
    CHECK(event.namespaces[0].host == ownInode("mnt"));
    CHECK_FALSE(event.namespaces[0].isNew);
    CHECK(event.namespaces[1].name == "net");
    CHECK(event.namespaces[1].container == ownInode("net"));
    CHECK(event.namespaces[1].host != event.namespaces[0].host);
    CHECK(event.namespaces[1].isNew);
    CHECK(event.namespaces[2].container == 0);
    CHECK(event.namespaces[2].host == 0);
    CHECK_FALSE(event.namespaces[2].isNew);
    // An init that is gone reads as 0, the tracer's side still as its own.
    const NamespacesEvent gone =
        scratch::tracer::readInitNamespaces(0x3fffffff, 0, {{"net", "net", CLONE_NEWNET}});
    REQUIRE(gone.namespaces.size() == 1);
    CHECK(gone.namespaces[0].container == 0);
    CHECK(gone.namespaces[0].host == ownInode("net"));
}
