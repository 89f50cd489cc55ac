// createBusyboxRootfs in temp directories (needs /bin/busybox from busybox-static).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "container/rootfs/RootfsBuilder.h"
#include "support/SkipTest.h"

namespace fs = std::filesystem;
using namespace scratch;
using namespace scratch::container;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/scratch-rootfs-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

mode_t modeOf(const fs::path& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("busybox rootfs layout", "[container][rootfs][env][env-busybox]") {
    if (!fs::exists("/bin/busybox")) {
        skipTest("/bin/busybox missing (scripts/setup.sh installs busybox-static)");
    }
    TempDir tmp;
    RootfsOptions options;
    options.dir = tmp.path / "new/rootfs";  // parents are created too
    createBusyboxRootfs(options);
    const fs::path root = options.dir;

    CHECK(fs::is_regular_file(root / "bin/busybox"));
    CHECK((modeOf(root / "bin/busybox") & 0111) != 0);
    CHECK(fs::read_symlink(root / "bin/sh") == "busybox");
    CHECK(fs::read_symlink(root / "bin/ls") == "busybox");
    // Links are relative, so they resolve to the rootfs' busybox even from the host.
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_symlink()) continue;
        INFO(entry.path());
        CHECK(fs::read_symlink(entry.path()).is_relative());
        CHECK(fs::equivalent(entry.path(), root / "bin/busybox"));
    }
    CHECK(fs::is_symlink(root / "usr/bin/awk"));
    CHECK(modeOf(root / "tmp") == 01777);
    CHECK(modeOf(root / "root") == 0700);
    for (const char* dir : {"proc", "sys", "dev"}) {
        INFO(dir);
        CHECK(fs::is_directory(root / dir));
        CHECK(fs::is_empty(root / dir));
    }
    CHECK_THAT(slurp(root / "etc/passwd"), Catch::StartsWith("root:x:0:0:root:/root:/bin/sh\n"));
    CHECK_THAT(slurp(root / "etc/passwd"), Catch::Contains("nobody:"));
    CHECK_THAT(slurp(root / "etc/group"), Catch::StartsWith("root:x:0:"));

    SECTION("a non-empty dir is refused without --force") {
        try {
            createBusyboxRootfs(options);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.exitCode() == kExitFailure);
            CHECK_THAT(e.what(), Catch::Contains("not empty"));
            CHECK_THAT(e.what(), Catch::Contains("--force"));
        }
    }
    SECTION("--force adds to it and keeps the user's files") {
        std::ofstream(root / "etc/passwd") << "mine\n";
        fs::remove(root / "bin/ls");
        options.force = true;
        createBusyboxRootfs(options);
        CHECK(slurp(root / "etc/passwd") == "mine\n");
        CHECK(fs::is_symlink(root / "bin/ls"));
    }
}

TEST_CASE("rootfs creation errors", "[container][rootfs]") {
    TempDir tmp;
    RootfsOptions options;
    options.dir = tmp.path / "rootfs";

    SECTION("a missing busybox") {
        options.busybox = tmp.path / "no-busybox";
        CHECK_THROWS_WITH(createBusyboxRootfs(options), Catch::Contains("no-busybox"));
        CHECK(!fs::exists(options.dir));
    }
    SECTION("a dynamic busybox is refused before anything is made") {
        options.busybox = "/bin/true";
        CHECK_THROWS_WITH(createBusyboxRootfs(options), Catch::Contains("dynamically linked"));
        CHECK(!fs::exists(options.dir));
    }
    SECTION("DIR is a file") {
        std::ofstream(options.dir) << "x";
        CHECK_THROWS_WITH(createBusyboxRootfs(options), Catch::Contains("not a directory"));
    }
    SECTION("a failure half way leaves nothing behind") {
        if (!fs::exists("/bin/busybox")) return;
        fs::create_directory(options.dir);
        // tmp is a file: the build fails at mkdir tmp, after other directories were made.
        options.force = true;
        fs::create_directory(options.dir / "keep");
        std::ofstream(options.dir / "tmp") << "in the way";
        CHECK_THROWS_AS(createBusyboxRootfs(options), Error);
        // Only what was there before is left.
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(options.dir)) {
            names.push_back(e.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        CHECK(names == std::vector<std::string>{"keep", "tmp"});
    }
}
