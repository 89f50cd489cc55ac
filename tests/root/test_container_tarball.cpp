// `rootfs create DIR --from TARBALL`: a rootfs tarball is untrusted data. Entries that would
// land outside DIR (../evil, /abs, a path through a symlink, a hard link to a host file) are
// refused with one line and 125, leaving nothing outside DIR; a good tarball in any of the
// usual compressions becomes a rootfs that runs.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// Runs a Python snippet (tarfile is in the standard library) with `out` as sys.argv[1].
void python(const std::string& code, const fs::path& out) {
    const fs::path script = out.string() + ".py";
    std::ofstream(script) << "import io, sys, tarfile\n"
                          << "def add(t, name, data=b'x', kind=tarfile.REGTYPE, link='', uid=0):\n"
                          << "    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link\n"
                          << "    i.uid = uid; i.mode = 0o644\n"
                          << "    if kind == tarfile.REGTYPE:\n"
                          << "        i.size = len(data); t.addfile(i, io.BytesIO(data))\n"
                          << "    else:\n"
                          << "        t.addfile(i)\n"
                          << code << "\n";
    const std::string cmd = "python3 '" + script.string() + "' '" + out.string() + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
}

bool haveTool(const char* name) {
    return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("malicious tarballs are refused and write nothing outside DIR",
          "[container][rootfs][tarball]") {
    if (!haveTool("python3")) skipTest("python3 is needed to build the tarballs");
    TempDir tmp("scratch-tarball");
    const fs::path outside = tmp.path() / "outside";
    fs::create_directories(outside);
    const std::string out = outside.string();

    struct Case {
        const char* name;
        std::string code;  ///< writes sys.argv[1]
        const char* why;   ///< in the error line
    };
    const std::vector<Case> cases = {
        {"dotdot.tar.gz",
         "with tarfile.open(sys.argv[1], 'w:gz') as t:\n add(t, 'ok')\n add(t, '../evil')\n"
         " add(t, 'a/../../evil2')",
         "'..'"},
        {"abs.tar.xz",
         "with tarfile.open(sys.argv[1], 'w:xz') as t:\n add(t, 'ok')\n add(t, '" + out + "/abs')",
         "absolute"},
        {"symlink.tar",
         "with tarfile.open(sys.argv[1], 'w') as t:\n add(t, 'link', kind=tarfile.SYMTYPE, "
         "link='" +
             out + "')\n add(t, 'link/evil')",
         "symlink"},
        {"relsymlink.tar",
         "with tarfile.open(sys.argv[1], 'w') as t:\n add(t, 'up', kind=tarfile.SYMTYPE, "
         "link='../outside')\n add(t, 'up/evil')",
         "symlink"},
        {"hardlink.tar",
         "with tarfile.open(sys.argv[1], 'w') as t:\n add(t, 'passwd', kind=tarfile.LNKTYPE, "
         "link='/etc/passwd')",
         "hard link"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const fs::path tarball = tmp.path() / c.name;
        python(c.code, tarball);
        const fs::path dir = tmp.path() / "dir";
        const RunResult run =
            runScratch({"rootfs", "create", dir.string(), "--from", tarball.string()});
        INFO(run.describe());
        CHECK(run.exitCode == 125);
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
        CHECK_THAT(run.err, Catch::StartsWith("scratch-trace: rootfs create: refusing tar entry"));
        CHECK_THAT(run.err, Catch::Contains(c.why));
        CHECK(entries(outside).empty());
        CHECK_FALSE(fs::exists(tmp.path() / "evil"));
        CHECK_FALSE(fs::exists(tmp.path() / "evil2"));
        CHECK_FALSE(fs::exists(dir));  // rolled back: it did not exist before
    }

    const RunResult missing =
        runScratch({"rootfs", "create", (tmp.path() / "d").string(), "--from", "/no/such.tar.gz"});
    CHECK(missing.exitCode == 125);
    CHECK_THAT(missing.err, Catch::Contains("--from /no/such.tar.gz"));
    CHECK_FALSE(fs::exists(tmp.path() / "d"));
}

TEST_CASE("a rootfs tarball (gz, xz, zstd) becomes a rootfs that runs",
          "[container][rootfs][tarball]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    TempDir tmp("scratch-tarball");
    std::vector<std::pair<std::string, std::string>> kinds = {{"gz", "gzip -c"}, {"xz", "xz -c"}};
    if (haveTool("zstd")) kinds.emplace_back("zst", "zstd -q -c");
    for (const auto& [ext, compress] : kinds) {
        INFO(ext);
        const fs::path tarball = tmp.path() / ("rootfs.tar." + ext);
        const std::string cmd =
            "tar -C '" + rootfs + "' -cf - . | " + compress + " > '" + tarball.string() + "'";
        REQUIRE(std::system(cmd.c_str()) == 0);
        const fs::path dir = tmp.path() / ("from-" + ext);
        const RunResult made =
            runScratch({"rootfs", "create", dir.string(), "--from", tarball.string()});
        INFO(made.describe());
        REQUIRE(made.exitCode == 0);
        CHECK(fs::is_symlink(dir / "bin/sh"));
        CHECK((fs::status(dir / "tmp").permissions() & fs::perms::sticky_bit) != fs::perms::none);
        const RunResult run = runScratch({"run", "-q", dir.string(), "sh", "-c", "echo hi"});
        INFO(run.describe());
        CHECK(run.exitCode == 0);
        CHECK(run.out == "hi\n");
    }

    // As root, the tarball's numeric owners are kept.
    const fs::path owned = tmp.path() / "owned.tar";
    python("with tarfile.open(sys.argv[1], 'w') as t:\n add(t, 'file', uid=4321)", owned);
    const fs::path dir = tmp.path() / "owned";
    REQUIRE(runScratch({"rootfs", "create", dir.string(), "--from", owned.string()}).exitCode == 0);
    struct stat st {};
    REQUIRE(::stat((dir / "file").c_str(), &st) == 0);
    CHECK(st.st_uid == 4321);

    // A non-empty DIR needs --force, as for the busybox rootfs.
    const RunResult again =
        runScratch({"rootfs", "create", dir.string(), "--from", owned.string()});
    CHECK(again.exitCode == 125);
    CHECK_THAT(again.err, Catch::Contains("is not empty (use --force"));
}
