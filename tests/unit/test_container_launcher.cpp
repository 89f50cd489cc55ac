// launcherMain end to end, untraced: real namespaces, so root only (returns early otherwise).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/Error.h"
#include "common/HostMountTable.h"
#include "container/Spec.h"
#include "container/rootfs/RootfsBuilder.h"
#include "support/SkipTest.h"

namespace fs = std::filesystem;
using namespace scratch;
using namespace scratch::container;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/scratch-launcher-test-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

struct Outcome {
    int status = -1;  ///< what launcherMain returned
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Runs launcherMain in a forked child (it is meant to own its process), stdout and stderr
/// captured in files; tweak runs in the child after validate, to set up failure cases.
Outcome launch(const Spec& spec, const fs::path& dir) {
    const fs::path out = dir / "stdout";
    const fs::path err = dir / "stderr";
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(o, 1);
        ::dup2(e, 2);
        ::_exit(launcherMain(spec));
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    return {WEXITSTATUS(status), slurp(out), slurp(err)};
}

}  // namespace

TEST_CASE("launcher runs the command in new PID and mount namespaces",
          "[container][root][env][env-root]") {
    if (::geteuid() != 0) {
        skipTest("not root: the launcher needs CLONE_NEWPID");
    }
    if (!fs::exists("/bin/busybox")) {
        skipTest("/bin/busybox missing (scripts/setup.sh installs busybox-static)");
    }
    TempDir tmp;
    RootfsOptions options;
    options.dir = tmp.path / "rootfs";
    createBusyboxRootfs(options);
    const auto mountsBefore = readHostMounts();

    Spec spec;
    spec.rootfs = options.dir;

    SECTION("chroot: ps sees only the container") {
        spec.command = {"ps", "-o", "pid,comm"};
        validate(spec);
        const Outcome o = launch(spec, tmp.path);
        CHECK(o.status == 0);
        CHECK(o.err.empty());
        CHECK(o.out == "PID   COMMAND\n    1 ps\n");
    }
    SECTION("pivot: the old root is gone") {
        spec.rootMode = RootMode::Pivot;
        spec.command = {"sh", "-c", "cat /proc/self/mountinfo | wc -l; ls /"};
        spec.devMode = DevMode::None;
        spec.defaultMasks = false;
        validate(spec);
        const Outcome o = launch(spec, tmp.path);
        CHECK(o.status == 0);
        CHECK_THAT(o.out, Catch::StartsWith("2\n"));  // the root and its proc
        CHECK_THAT(o.out, Catch::Contains("etc\n"));
    }
    SECTION("the command's exit status comes back") {
        spec.command = {"sh", "-c", "exit 7"};
        validate(spec);
        CHECK(launch(spec, tmp.path).status == 7);
    }
    SECTION("a death by signal becomes 128+N") {
        // PID 1 cannot be killed by its own namespace, but it can kill itself with an
        // unhandled synchronous signal... not with kill; so run the command as a child.
        spec.command = {"sh", "-c", "sh -c 'kill -9 $$'; exit $?"};
        validate(spec);
        CHECK(launch(spec, tmp.path).status == 128 + 9);
    }
    SECTION("inherited fds are closed, kept ones are passed") {
        // High numbers, so that they cannot be mistaken for ls's own directory fd.
        const int null = ::open("/dev/null", O_RDONLY);
        const int a = ::fcntl(null, F_DUPFD, 50);          // not kept
        const int b = ::fcntl(null, F_DUPFD_CLOEXEC, 60);  // kept, despite CLOEXEC
        ::close(null);
        REQUIRE(a >= 50);
        REQUIRE(b >= 60);
        spec.keepFds = {b};
        spec.command = {"sh", "-c", "ls /proc/self/fd"};  // ls's own dir fd shows too
        validate(spec);
        const Outcome o = launch(spec, tmp.path);
        ::close(a);
        ::close(b);
        CHECK(o.status == 0);
        CHECK_THAT(o.out, Catch::Contains(std::to_string(b) + "\n"));
        CHECK_THAT(o.out, !Catch::Contains(std::to_string(a) + "\n"));
    }
    SECTION("an execve failure is one line and 127") {
        spec.command = {"sh"};
        validate(spec);
        spec.execPath = "/bin/vanished";  // gone between validate and execve
        const Outcome o = launch(spec, tmp.path);
        CHECK(o.status == kExitNotFound);
        CHECK(o.err == "scratch-trace: execve /bin/vanished: No such file or directory\n");
    }
    SECTION("a setup failure in the init is one line and 125") {
        spec.command = {"sh"};
        validate(spec);
        fs::remove(options.dir / "proc");  // gone between validate and the mount
        const Outcome o = launch(spec, tmp.path);
        CHECK(o.status == kExitFailure);
        CHECK(o.err ==
              "scratch-trace: mounting a fresh proc on /proc: No such file or directory\n");
    }
    CHECK(readHostMounts() == mountsBefore);
}
