// Paths as the container saw them: the report shows /etc/passwd with the host object beside it,
// and labels the standard streams the runtime handed over.
#include <catch2/catch.hpp>

#include "reports/PathTable.h"

using namespace scratch;
using namespace scratch::reports;

TEST_CASE("container paths: resolved first, host beside, standard streams labelled",
          "[reports][paths]") {
    PathTable table;
    tracer::PathRef passwd;
    passwd.given = "/etc/passwd";
    passwd.resolved = "/etc/passwd";
    passwd.host = "/srv/rootfs/etc/passwd";
    passwd.where = tracer::Where::Rootfs;
    table.add(passwd, "openat", 10, 1, true, tracer::Phase::Workload);
    tracer::PathRef out;
    out.given = "fd 1";
    out.resolved = "pipe:[42]";
    out.fd = 1;
    out.where = tracer::Where::Unknown;
    table.add(out, "write", 10, 2, true, tracer::Phase::Workload);
    tracer::PathRef proc;
    proc.given = "/proc/1/stat";
    proc.resolved = "/proc/1/stat";
    proc.host = "/proc/1/stat";
    proc.where = tracer::Where::HostProcfs;
    table.add(proc, "openat", 10, 3, true, tracer::Phase::Workload);

    const PathEntry* p = table.find("/srv/rootfs/etc/passwd");
    REQUIRE(p != nullptr);
    CHECK(containerPathText(*p) == "/etc/passwd");
    CHECK(hostPathBeside(*p) == "/srv/rootfs/etc/passwd");
    const PathEntry* s = table.find("pipe:[42]");
    REQUIRE(s != nullptr);
    CHECK(containerPathText(*s) == "pipe:[42] (standard stream)");
    const PathEntry* h = table.find("/proc/1/stat");
    REQUIRE(h != nullptr);
    CHECK(hostPathBeside(*h).empty());  // the same path: said once
}
