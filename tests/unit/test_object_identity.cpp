// The pure parts of object identity: path helpers, the filesystem families, and a mountinfo
// table read through libmount (mount ids, the mount's root inside its filesystem, the target).
#include <linux/magic.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "tracer/ContainerMounts.h"
#include "tracer/ObjectIdentity.h"

using namespace scratch::tracer;

TEST_CASE("lastComponents and joinAbsolute", "[identity]") {
    CHECK(lastComponents("/tmp/rootfs/proc/sys/vm/drop_caches", 3) == "/sys/vm/drop_caches");
    CHECK(lastComponents("/a/b", 0) == "/");
    CHECK(lastComponents("/a/b", 5) == "/a/b");
    CHECK(joinAbsolute("/", "/x") == "/x");
    CHECK(joinAbsolute("/sys", "/vm/drop_caches") == "/sys/vm/drop_caches");
    CHECK(joinAbsolute("/sys", "") == "/sys");
    CHECK(joinAbsolute("/r/", "/a") == "/r/a");
}

TEST_CASE("isPathUnder compares whole components; stripDeleted", "[identity]") {
    CHECK(isPathUnder("/tmp/rootfs/etc", "/tmp/rootfs"));
    CHECK(isPathUnder("/tmp/rootfs", "/tmp/rootfs"));
    CHECK_FALSE(isPathUnder("/tmp/rootfs2/etc", "/tmp/rootfs"));
    CHECK(isPathUnder("/anything", "/"));
    std::string p = "/memfd:x (deleted)";
    CHECK(stripDeleted(p));
    CHECK(p == "/memfd:x");
    CHECK_FALSE(stripDeleted(p));
}

TEST_CASE("filesystem families", "[identity]") {
    CHECK(isKernelInterfaceFs(PROC_SUPER_MAGIC));
    CHECK(isKernelInterfaceFs(SYSFS_MAGIC));
    CHECK(isKernelInterfaceFs(CGROUP2_SUPER_MAGIC));
    CHECK_FALSE(isKernelInterfaceFs(TMPFS_MAGIC));
    CHECK_FALSE(isKernelInterfaceFs(EXT4_SUPER_MAGIC));
    CHECK(isAnonymousFs(SECRETMEM_MAGIC));
    CHECK(isAnonymousFs(0x50495045));  // pipefs
    CHECK_FALSE(isAnonymousFs(TMPFS_MAGIC));
    CHECK_FALSE(isAnonymousFs(NSFS_MAGIC));  // decided by namespace membership instead
    CHECK(isMessageQueueFs(0x19800202));
    CHECK_FALSE(isMessageQueueFs(TMPFS_MAGIC));
}

TEST_CASE("a mountinfo table by mount id", "[identity]") {
    char path[] = "/tmp/scratch-mountinfo.XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    std::ofstream(path) << "510 509 253:1 /tmp/x/rootfs / rw,relatime - ext4 /dev/vda rw\n"
                           "511 510 0:77 / /proc rw,nosuid - proc proc rw\n"
                           "512 511 0:77 /sys /proc/sys ro,nosuid - proc proc rw\n"
                           "513 510 0:80 / /dev\\040x rw - tmpfs tmpfs rw\n";
    MountTable table;
    REQUIRE(table.load(path));
    std::remove(path);
    REQUIRE(table.find(512) != nullptr);
    CHECK(table.find(512)->root == "/sys");
    CHECK(table.find(512)->target == "/proc/sys");
    CHECK(table.find(512)->dev == makedev(0, 77));
    CHECK(table.find(510)->root == "/tmp/x/rootfs");
    CHECK(table.find(513)->target == "/dev x");
    CHECK(table.find(999) == nullptr);
    ContainerMounts::Namespace ns;
    ns.rootPath = "/tmp/x/rootfs";
    CHECK(ContainerMounts::mountPointPath(&ns, *table.find(511)) == "/tmp/x/rootfs/proc");
    ns.rootPath = "/";
    CHECK(ContainerMounts::mountPointPath(&ns, *table.find(511)) == "/proc");
}
