// Spec validation: each bad input gives one line and its documented exit status.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/Error.h"
#include "common/UniqueFd.h"
#include "container/Spec.h"
#include "container/SpecChecks.h"
#include "container/rootfs/CommandLookup.h"
#include "container/rootfs/ExecutableFormat.h"
#include "container/rootfs/OverlayDirs.h"
#include "container/rootfs/PathInRoot.h"

namespace fs = std::filesystem;
using namespace scratch;
using namespace scratch::container;

namespace {

/// A fresh directory under /tmp, removed with everything in it at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/scratch-container-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void writeFile(const fs::path& path, const std::string& text, fs::perms perms) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    fs::permissions(path, perms);
}

/// A small rootfs: /bin/busybox (static), /bin/sh -> busybox, /proc, /dev, /etc/passwd.
fs::path makeMiniRootfs(const fs::path& dir) {
    fs::path root = dir / "rootfs";
    fs::create_directories(root / "bin");
    fs::create_directories(root / "proc");
    fs::create_directories(root / "dev");
    fs::create_directories(root / "etc");
    fs::copy_file("/bin/busybox", root / "bin/busybox");
    fs::create_symlink("busybox", root / "bin/sh");
    writeFile(root / "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n",
              fs::perms::owner_read | fs::perms::owner_write);
    return root;
}

struct Root {
    UniqueFd fd;
    LookupRoot lookup;
    explicit Root(const fs::path& root) : fd(::open(root.c_str(), O_PATH | O_DIRECTORY)) {
        REQUIRE(fd);
        lookup.fd = fd.get();
        lookup.label = "the rootfs " + root.string();
    }
};

/// Runs f, which must throw scratch::Error; returns it.
template <typename F>
Error errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    FAIL("no scratch::Error thrown");
    return Error("unreachable");
}

bool oneLine(const Error& e) { return std::string(e.what()).find('\n') == std::string::npos; }

}  // namespace

TEST_CASE("mode names", "[container]") {
    CHECK(rootModeName(RootMode::Chroot) == "chroot");
    CHECK(rootModeName(RootMode::Pivot) == "pivot");
    CHECK(rootModeName(RootMode::None) == "none");
    CHECK(procModeName(ProcMode::New) == "new");
    CHECK(procModeName(ProcMode::None) == "none");
}

TEST_CASE("rootfs directory checks", "[container]") {
    TempDir tmp;
    SECTION("missing") {
        const Error e = errorOf([&] { checkRootfsDir(tmp.path / "nope"); });
        CHECK(e.exitCode() == kExitFailure);
        CHECK_THAT(e.what(), Catch::Contains("no such directory"));
        CHECK(oneLine(e));
    }
    SECTION("a file") {
        writeFile(tmp.path / "file", "x", fs::perms::owner_read);
        const Error e = errorOf([&] { checkRootfsDir(tmp.path / "file"); });
        CHECK(e.exitCode() == kExitFailure);
        CHECK_THAT(e.what(), Catch::Contains("not a directory"));
    }
    SECTION("empty") {
        fs::create_directory(tmp.path / "empty");
        const Error e = errorOf([&] { checkRootfsDir(tmp.path / "empty"); });
        CHECK(e.exitCode() == kExitFailure);
        CHECK_THAT(e.what(), Catch::Contains("empty directory"));
        CHECK_THAT(e.what(), Catch::Contains("rootfs create"));
    }
    SECTION("made absolute and canonical") {
        const fs::path root = makeMiniRootfs(tmp.path);
        fs::create_symlink(root, tmp.path / "link");
        CHECK(checkRootfsDir(tmp.path / "link/./") == fs::canonical(root));
        CHECK(checkRootfsDir(tmp.path / "link").is_absolute());
    }
}

TEST_CASE("a fresh /proc needs a /proc directory in the rootfs", "[container]") {
    TempDir tmp;
    const fs::path root = makeMiniRootfs(tmp.path);
    {
        Root r(root);
        CHECK_NOTHROW(checkProcMountPoint(r.fd.get(), root));
    }
    fs::remove(root / "proc");
    Root r(root);
    const Error e = errorOf([&] { checkProcMountPoint(r.fd.get(), root); });
    CHECK(e.exitCode() == kExitFailure);
    CHECK_THAT(e.what(), Catch::Contains("no /proc directory"));
    CHECK_THAT(e.what(), Catch::Contains("--proc none"));
}

TEST_CASE("keep fds must be open", "[container]") {
    CHECK_NOTHROW(checkKeepFds({0, 1, 2}));
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    CHECK_NOTHROW(checkKeepFds({fds[0], fds[1]}));
    ::close(fds[1]);
    const Error e = errorOf([&] { checkKeepFds({fds[0], fds[1]}); });
    CHECK(e.exitCode() == kExitFailure);
    CHECK_THAT(e.what(), Catch::Contains("--keep-fd " + std::to_string(fds[1])));
    ::close(fds[0]);
    CHECK_THROWS_AS(checkKeepFds({-1}), Error);
}

TEST_CASE("default environment", "[container]") {
    ::setenv("TERM", "vt100", 1);
    auto env = defaultEnvironment();
    CHECK(env.at(0) == std::string("PATH=") + kDefaultPath);
    CHECK(env.at(1) == "HOME=/root");
    CHECK(env.at(2) == "TERM=vt100");
    ::unsetenv("TERM");
    CHECK(defaultEnvironment().size() == 2);
    CHECK(pathFromEnvironment({"A=1", "PATH=/x:/y", "PATH=/z"}) == "/x:/y");
    CHECK(pathFromEnvironment({"A=1"}) == kDefaultPath);
}

TEST_CASE("command lookup inside the root", "[container]") {
    TempDir tmp;
    const fs::path root = makeMiniRootfs(tmp.path);
    const fs::path bb = fs::canonical(root / "bin/busybox");

    SECTION("PATH search finds a symlinked applet") {
        Root r(root);
        const ResolvedCommand c = lookupCommand(r.lookup, "sh", "/usr/bin:/bin");
        CHECK(c.execPath == "/bin/sh");
        CHECK(c.hostPath == bb);
    }
    SECTION("not found in PATH: 127") {
        Root r(root);
        const Error e = errorOf([&] { lookupCommand(r.lookup, "nosuch", "/usr/bin:/bin"); });
        CHECK(e.exitCode() == kExitNotFound);
        CHECK_THAT(e.what(), Catch::Contains("not found"));
        CHECK_THAT(e.what(), Catch::Contains("PATH=/usr/bin:/bin"));
        CHECK(oneLine(e));
    }
    SECTION("a path that does not exist: 127") {
        Root r(root);
        const Error e = errorOf([&] { lookupCommand(r.lookup, "/bin/nosuch", ""); });
        CHECK(e.exitCode() == kExitNotFound);
    }
    SECTION("not executable: 126") {
        Root r(root);
        const Error e = errorOf([&] { lookupCommand(r.lookup, "/etc/passwd", ""); });
        CHECK(e.exitCode() == kExitNotExecutable);
        CHECK_THAT(e.what(), Catch::Contains("not executable (mode 0600)"));
    }
    SECTION("a directory: 126") {
        Root r(root);
        const Error e = errorOf([&] { lookupCommand(r.lookup, "/etc", ""); });
        CHECK(e.exitCode() == kExitNotExecutable);
        CHECK_THAT(e.what(), Catch::Contains("is a directory"));
    }
    SECTION("a broken symlink says so: 127") {
        fs::create_symlink("/bin/missing", root / "bin/broken");
        Root r(root);
        Error e = errorOf([&] { lookupCommand(r.lookup, "/bin/broken", ""); });
        CHECK(e.exitCode() == kExitNotFound);
        CHECK_THAT(e.what(), Catch::Contains("broken symlink (-> /bin/missing)"));
        e = errorOf([&] { lookupCommand(r.lookup, "broken", "/bin"); });
        CHECK_THAT(e.what(), Catch::Contains("broken symlink"));
    }
    SECTION("an absolute symlink resolves inside the root, not on the host") {
        // On the host, /usr/bin/tool does not exist (or is something else entirely).
        fs::create_directories(root / "usr/bin");
        fs::copy_file("/bin/busybox", root / "usr/bin/scratch-tool");
        fs::create_symlink("/../../usr/bin/scratch-tool", root / "bin/scratch-tool");
        Root r(root);
        const ResolvedCommand c = lookupCommand(r.lookup, "scratch-tool", "/bin");
        CHECK(c.execPath == "/bin/scratch-tool");
        CHECK(c.hostPath == fs::canonical(root / "usr/bin/scratch-tool"));
    }
    SECTION("a relative symlink cannot climb out of the root") {
        fs::create_symlink("../../../../../../../../bin/busybox", root / "bin/climb");
        Root r(root);
        CHECK(lookupCommand(r.lookup, "/bin/climb", "").hostPath == bb);
    }
    SECTION("a dynamic binary without its loader: 126, naming the loader") {
        fs::copy_file("/bin/true", root / "bin/dyn");
        Root r(root);
        const ExecutableFormat f = [] {
            UniqueFd fd(::open("/bin/true", O_RDONLY));
            return inspectExecutable(fd.get());
        }();
        REQUIRE(!f.interpreter.empty());
        const Error e = errorOf([&] { lookupCommand(r.lookup, "dyn", "/bin"); });
        CHECK(e.exitCode() == kExitNotExecutable);
        CHECK_THAT(e.what(), Catch::Contains("dynamic loader " + f.interpreter));
        CHECK_THAT(e.what(), Catch::Contains("missing"));
    }
    SECTION("a script whose interpreter is missing: 126") {
        writeFile(root / "bin/script", "#!/bin/bash -e\necho hi\n", fs::perms::owner_all);
        Root r(root);
        const Error e = errorOf([&] { lookupCommand(r.lookup, "/bin/script", ""); });
        CHECK(e.exitCode() == kExitNotExecutable);
        CHECK_THAT(e.what(), Catch::Contains("#! interpreter /bin/bash"));
    }
    SECTION("a non-executable candidate early in PATH loses to a good one later") {
        fs::create_directories(root / "early");
        writeFile(root / "early/sh", "x", fs::perms::owner_read);
        Root r(root);
        CHECK(lookupCommand(r.lookup, "sh", "/early:/bin").execPath == "/bin/sh");
        const Error e = errorOf([&] { lookupCommand(r.lookup, "sh", "/early"); });
        CHECK(e.exitCode() == kExitNotExecutable);
    }
}

TEST_CASE("executable formats", "[container]") {
    auto inspect = [](const char* path) {
        UniqueFd fd(::open(path, O_RDONLY));
        REQUIRE(fd);
        return inspectExecutable(fd.get());
    };
    const ExecutableFormat bb = inspect("/bin/busybox");
    CHECK(bb.kind == ExecutableFormat::Kind::Elf);
    CHECK(bb.interpreter.empty());
    const ExecutableFormat dyn = inspect("/bin/true");
    CHECK(dyn.kind == ExecutableFormat::Kind::Elf);
    CHECK_THAT(dyn.interpreter, Catch::StartsWith("/lib"));
    CHECK(inspect("/etc/passwd").kind == ExecutableFormat::Kind::Other);
}

TEST_CASE("validate fills the spec", "[container]") {
    TempDir tmp;
    const fs::path root = makeMiniRootfs(tmp.path);
    Spec spec;
    spec.rootfs = tmp.path / "rootfs/../rootfs";
    spec.command = {"sh", "-c", "true"};
    validate(spec);
    CHECK(spec.rootfs == fs::canonical(root));
    CHECK(spec.execPath == "/bin/sh");
    CHECK(spec.hostExecPath == fs::canonical(root / "bin/busybox"));
    CHECK(spec.env.at(0) == std::string("PATH=") + kDefaultPath);

    SECTION("--root-mode none resolves on the host") {
        Spec host;
        host.rootfs = root;
        host.rootMode = RootMode::None;
        host.command = {"true"};
        validate(host);
        CHECK(host.hostExecPath == fs::canonical(host.execPath));
    }
    SECTION("an empty command is a usage error") {
        Spec bad;
        bad.rootfs = root;
        CHECK(errorOf([&] { validate(bad); }).exitCode() == kExitUsage);
    }
}

TEST_CASE("mask paths, hostnames and the /dev mount point", "[container]") {
    CHECK(checkMaskPath("/proc/kcore") == "/proc/kcore");
    CHECK(checkMaskPath("/etc//") == "/etc");
    CHECK(errorOf([] { checkMaskPath("etc"); }).exitCode() == kExitUsage);
    CHECK(errorOf([] { checkMaskPath("/etc/../x"); }).exitCode() == kExitUsage);
    CHECK(errorOf([] { checkMaskPath("/"); }).exitCode() == kExitUsage);
    checkHostname("box-1");
    CHECK(errorOf([] { checkHostname(""); }).exitCode() == kExitUsage);
    CHECK(errorOf([] { checkHostname(std::string(65, 'a')); }).exitCode() == kExitUsage);
    CHECK(errorOf([] { checkHostname("a/b"); }).exitCode() == kExitUsage);
    CHECK(devModeName(DevMode::Minimal) == "minimal");

    TempDir tmp;
    const fs::path root = makeMiniRootfs(tmp.path);
    {
        Root r(root);
        checkDevMountPoint(r.fd.get(), root);
    }
    fs::remove(root / "dev");
    fs::create_symlink("/dev",
                       root / "dev");  // absolute: resolves inside the root, not on the host
    Root r(root);
    const Error e = errorOf([&] { checkDevMountPoint(r.fd.get(), root); });
    CHECK(e.exitCode() == kExitFailure);
    CHECK(oneLine(e));
    CHECK_THAT(e.what(), Catch::Contains("--dev none"));
}

TEST_CASE("validate resolves the setup options", "[container]") {
    TempDir tmp;
    const fs::path root = makeMiniRootfs(tmp.path);
    Spec spec;
    spec.rootfs = root;
    spec.command = {"sh"};
    spec.masks = {"/etc/passwd", "/proc/kcore"};
    validate(spec);
    CHECK(spec.devMode == DevMode::Minimal);
    CHECK(std::count(spec.maskedPaths.begin(), spec.maskedPaths.end(), "/proc/kcore") == 1);
    CHECK(spec.maskedPaths.back() == "/etc/passwd");
    CHECK(std::count(spec.readonlyPaths.begin(), spec.readonlyPaths.end(), "/proc/sys") == 1);
    // Not root: a user namespace is added (rootless), mapping root inside to us.
    CHECK(namespaceNames(spec) == (::geteuid() == 0
                                       ? std::vector<std::string>{"pid", "mount"}
                                       : std::vector<std::string>{"pid", "mount", "user"}));
    CHECK(spec.mapUid == ::geteuid());

    Spec ns;
    ns.rootfs = root;
    ns.command = {"sh"};
    ns.namespaceList = "pid,mount,net";
    ns.hostname = "box";
    ns.userns = true;
    validate(ns);
    CHECK(namespaceNames(ns) == std::vector<std::string>{"pid", "mount", "uts", "net", "user"});
    const auto setup = setupSummary(ns);
    CHECK(std::count(setup.begin(), setup.end(), "net=lo") == 1);
    CHECK(std::count(
              setup.begin(), setup.end(),
              "userns=0:" + std::to_string(::geteuid()) + ":" + std::to_string(::getegid())) == 1);

    Spec bad;
    bad.rootfs = root;
    bad.command = {"sh"};
    bad.namespaceList = "pid,net";
    CHECK(errorOf([&] { validate(bad); }).exitCode() == kExitUsage);

    Spec none;
    none.rootfs = root;
    none.command = {"true"};
    none.rootMode = RootMode::None;
    none.procMode = ProcMode::None;
    validate(none);
    CHECK(none.devMode == DevMode::None);
    CHECK(none.maskedPaths.empty());
    CHECK(none.readonlyPaths.empty());

    Spec overlay;
    overlay.rootfs = root;
    overlay.command = {"sh"};
    overlay.hostname = "box";
    overlay.overlay = true;
    validate(overlay);
    REQUIRE(overlay.overlayDirs);
    const fs::path upper = overlay.overlayDirs->upper();
    CHECK(fs::is_directory(upper));
    CHECK(namespaceNames(overlay).back() == "uts");
    releaseRunResources(overlay);
    CHECK_FALSE(fs::exists(upper));
}
