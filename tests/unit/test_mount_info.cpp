// The one mountinfo reader (common/MountInfo.h): escapes, optional fields and both option sets
// come out of libmount as the other parts expect them.
#include <sys/sysmacros.h>

#include <catch2/catch.hpp>

#include "common/MountInfo.h"

using scratch::MountInfoEntry;
using scratch::parseMountInfo;
using scratch::readMountInfo;

TEST_CASE("a mountinfo text: fields, escapes, optional fields", "[mountinfo]") {
    const std::string text =
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
        "35 22 0:30 /sub /mnt/with\\040space ro,nosuid shared:7 master:2 - tmpfs my\\040src "
        "rw,size=1024k\n"
        "40 22 0:33 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct\n";
    const auto mounts = parseMountInfo(text);
    REQUIRE(mounts.size() == 3);
    const MountInfoEntry& rootMount = mounts[0];
    CHECK(rootMount.id == 22);
    CHECK(rootMount.parent == 1);
    CHECK(rootMount.dev == makedev(8, 1));
    CHECK(rootMount.root == "/");
    CHECK(rootMount.target == "/");
    CHECK(rootMount.fstype == "ext4");
    CHECK(rootMount.source == "/dev/sda1");
    const MountInfoEntry& spaced = mounts[1];
    CHECK(spaced.root == "/sub");
    CHECK(spaced.target == "/mnt/with space");
    CHECK(spaced.fstype == "tmpfs");
    CHECK(spaced.source == "my src");
    CHECK(spaced.options.find("nosuid") != std::string::npos);
    CHECK(spaced.fsOptions.find("size=1024k") != std::string::npos);
    CHECK(mounts[2].fsOptions.find("cpuacct") != std::string::npos);
    CHECK(mounts[2].fsOptions.find("nosuid") == std::string::npos);
}

TEST_CASE("an empty text has no mounts; a missing file is not an empty table", "[mountinfo]") {
    CHECK(parseMountInfo("").empty());
    CHECK_FALSE(readMountInfo("/nonexistent/mountinfo").has_value());
    const auto own = readMountInfo("/proc/self/mountinfo");
    REQUIRE(own.has_value());
    CHECK_FALSE(own->empty());
}
