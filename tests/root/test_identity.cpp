// Who the command runs as and what it may do: capabilities cut to Docker's default 14 less MKNOD,
// no_new_privs, --user, --workdir and --env, checked from inside a real container through
// /proc/self/status, id, and what the kernel lets the command do.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// The hex value of "Field:\t..." in a /proc/self/status dump; "" when absent.
std::string statusField(const std::string& status, const std::string& field) {
    std::smatch m;
    if (std::regex_search(status, m, std::regex(field + ":\\s*([0-9a-f]+)"))) return m[1].str();
    return "";
}

/// Every capability this test process holds, as /proc/self/status prints it: what
/// --cap-add ALL can give (the machine's own container may lack some).
std::string ownCapsHex() {
    std::ifstream in("/proc/self/status");
    const std::string status((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    return statusField(status, "CapPrm");
}

/// isolation.setup of the start record.
std::vector<std::string> setupOf(const Trace& trace) {
    for (const json& start : trace.ofType("start")) {
        return start.at("isolation").value("setup", std::vector<std::string>{});
    }
    return {};
}

bool hasEntry(const std::vector<std::string>& list, const std::string& entry) {
    return std::find(list.begin(), list.end(), entry) != list.end();
}

const char* const kShowStatus = "grep -E '^(Cap|NoNewPrivs)' /proc/self/status; id";

}  // namespace

TEST_CASE("by default: Docker's capabilities less MKNOD, no_new_privs, root", "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const Trace trace = traceRun({}, rootfs, {"sh", "-c", kShowStatus});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    const std::string& out = trace.run.out;
    // 0xa00425fb: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE
    // NET_RAW SYS_CHROOT AUDIT_WRITE SETFCAP: Docker's CapBnd without MKNOD (podman's).
    CHECK(statusField(out, "CapEff") == "00000000a00425fb");
    CHECK(statusField(out, "CapPrm") == "00000000a00425fb");
    CHECK(statusField(out, "CapBnd") == "00000000a00425fb");
    CHECK(statusField(out, "CapInh") == "0000000000000000");
    CHECK(statusField(out, "CapAmb") == "0000000000000000");
    CHECK(statusField(out, "NoNewPrivs") == "1");
    // setgroups() emptied the host's supplementary groups: busybox id prints no groups=.
    CHECK_THAT(out, Catch::Contains("uid=0(root) gid=0(root)\n"));
    const std::vector<std::string> setup = setupOf(trace);
    CHECK(hasEntry(setup, "caps=default"));
    CHECK(hasEntry(setup, "nnp=1"));
    CHECK(hasEntry(setup, "user=0:0"));
    // The drop is part of the setup the trace shows, before the command's execve.
    bool capset = false;
    for (const json& c : trace.syscalls("capset")) {
        if (str(c, "phase") == "setup" && num(c, "ret") == 0) capset = true;
    }
    CHECK(capset);
}

TEST_CASE("--cap-add ALL restores every capability; --allow-new-privs leaves nnp off",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const Trace all =
        traceRun({"--cap-add", "ALL", "--allow-new-privs"}, rootfs, {"sh", "-c", kShowStatus});
    INFO(all.describe());
    REQUIRE(all.run.exitCode == 0);
    CHECK(statusField(all.run.out, "CapEff") == ownCapsHex());
    CHECK(statusField(all.run.out, "CapBnd") == ownCapsHex());
    CHECK(statusField(all.run.out, "NoNewPrivs") == "0");
    CHECK(hasEntry(setupOf(all), "caps=all"));
    CHECK(hasEntry(setupOf(all), "nnp=0"));

    // Drop everything, add one back: CHOWN is bit 0.
    const Trace one = traceRun({"--cap-drop", "all", "--cap-add", "cap_chown"}, rootfs,
                               {"sh", "-c", kShowStatus});
    INFO(one.describe());
    REQUIRE(one.run.exitCode == 0);
    CHECK(statusField(one.run.out, "CapEff") == "0000000000000001");
    CHECK(statusField(one.run.out, "CapBnd") == "0000000000000001");
    CHECK(hasEntry(setupOf(one), "caps=1"));
}

TEST_CASE("without CAP_SYS_ADMIN a mount inside fails with EPERM; --cap-add gives it back",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "mount_inside");
    const Trace denied = traceRun({}, rootfs, {prog});
    {
        INFO(denied.describe());
        CHECK(denied.run.exitCode == 1);
        CHECK_THAT(denied.run.err, Catch::Contains("Operation not permitted"));
        bool eperm = false;
        for (const json& c : denied.syscalls("mount")) {
            if (str(c, "phase") == "workload" && str(c, "errno") == "EPERM") eperm = true;
        }
        CHECK(eperm);
        CHECK(mountsUnder(rootfs).empty());
    }
    const Trace allowed = traceRun({"--cap-add", "SYS_ADMIN"}, rootfs, {prog});
    INFO(allowed.describe());
    CHECK(allowed.run.exitCode == 0);
    CHECK_THAT(allowed.run.out, Catch::Contains("tmpfs mounted on /tmp"));
    CHECK(mountsUnder(rootfs).empty());
}

TEST_CASE("--user 1000: traced, id 1000, no capabilities, cannot write to /", "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const Trace trace = traceRun(
        {"--user", "1000"}, rootfs,
        {"sh", "-c", std::string(kShowStatus) + "; echo x > /owned-by-1000 || echo WRITE-FAILED"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    const std::string& out = trace.run.out;
    CHECK_THAT(out, Catch::Contains("uid=1000 gid=1000\n"));
    CHECK_THAT(out, Catch::Contains("WRITE-FAILED"));
    CHECK_THAT(trace.run.err, Catch::Contains("Permission denied"));
    CHECK_FALSE(fs::exists(rootfs + "/owned-by-1000"));
    CHECK(statusField(out, "CapEff") == "0000000000000000");
    CHECK(statusField(out, "CapPrm") == "0000000000000000");
    CHECK(statusField(out, "CapBnd") == "00000000a00425fb");
    CHECK(statusField(out, "NoNewPrivs") == "1");
    CHECK(hasEntry(setupOf(trace), "user=1000:1000"));
    // Still traced after the identity change: the failed open is in the stream.
    bool eacces = false;
    for (const json& c : trace.syscalls()) {
        if (str(c, "phase") != "workload" || str(c, "errno") != "EACCES") continue;
        for (const json& p : c.value("paths", json::array())) {
            if (givenPath(p) == "/owned-by-1000") eacces = true;
        }
    }
    CHECK(eacces);
    CHECK_FALSE(trace.syscalls("setresuid").empty());

    // A capability named with --cap-add reaches a non-root user as an ambient one.
    const Trace ambient =
        traceRun({"--user", "1000:1000", "--cap-add", "DAC_OVERRIDE"}, rootfs,
                 {"sh", "-c", std::string(kShowStatus) + "; echo x > /tmp/../owned && echo WROTE"});
    INFO(ambient.describe());
    CHECK(ambient.run.exitCode == 0);
    CHECK(statusField(ambient.run.out, "CapEff") == "0000000000000002");
    CHECK(statusField(ambient.run.out, "CapAmb") == "0000000000000002");
    CHECK_THAT(ambient.run.out, Catch::Contains("WROTE"));
    fs::remove(rootfs + "/owned");

    // A name from the rootfs' /etc/passwd: nobody is 65534:65534 there, HOME from its entry.
    const Trace nobody = traceRun({"--user", "nobody"}, rootfs, {"sh", "-c", "id; echo $HOME"});
    INFO(nobody.describe());
    CHECK(nobody.run.exitCode == 0);
    CHECK_THAT(nobody.run.out, Catch::Contains("uid=65534(nobody) gid=65534(nogroup)"));
    CHECK_THAT(nobody.run.out, Catch::Contains("/nonexistent"));
}

TEST_CASE("--workdir: the command starts there; symlinks resolve inside the root",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const RunResult etc =
        runScratch({"run", "-q", "--workdir", "/etc", rootfs, "readlink", "/proc/self/cwd"});
    INFO(etc.describe());
    CHECK(etc.exitCode == 0);
    CHECK(etc.out == "/etc\n");

    // An absolute symlink means the container's /etc, never the host's.
    const fs::path link = fs::path(rootfs) / "tmp/wd-link";
    fs::remove(link);
    fs::create_symlink("/etc", link);
    const RunResult viaLink =
        runScratch({"run", "-q", "--workdir", "/tmp/wd-link", rootfs, "ls", "passwd", "group"});
    INFO(viaLink.describe());
    CHECK(viaLink.exitCode == 0);
    fs::remove(link);

    const RunResult missing = runScratch({"run", "-q", "--workdir", "/nope", rootfs, "true"});
    INFO(missing.describe());
    CHECK(missing.exitCode == 125);
    CHECK_THAT(missing.err, Catch::Contains("--workdir /nope: No such file or directory"));
    CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);

    const RunResult relative = runScratch({"run", "-q", "--workdir", "etc", rootfs, "true"});
    CHECK(relative.exitCode == 2);
    CHECK_THAT(relative.err, Catch::Contains("not an absolute path"));

    // A directory on the fresh /proc can only be checked by the init: same clear line.
    const RunResult onProc = runScratch({"run", "-q", "--workdir", "/proc/nope", rootfs, "true"});
    INFO(onProc.describe());
    CHECK(onProc.exitCode == 125);
    CHECK_THAT(onProc.err, Catch::StartsWith("scratch-trace: chdir --workdir /proc/nope in the "
                                             "container: No such file or directory\n=="));
    CHECK(mountsUnder(rootfs).empty());
}

TEST_CASE("--env sets variables; its PATH is the one the command is looked up in",
          "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    // A command that only exists in a directory of the --env PATH.
    const fs::path dir = fs::path(rootfs) / "opt/tools";
    fs::create_directories(dir);
    fs::remove(dir / "only-here");
    fs::create_symlink("/bin/busybox", dir / "env-of-tools");
    ::setenv("SCRATCH_TEST_HOSTVAR", "from the host", 1);
    const RunResult run =
        runScratch({"run", "-q", "--env", "PATH=/opt/tools:/bin", "--env", "GREETING=hi there",
                    "--env", "SCRATCH_TEST_HOSTVAR", rootfs, "env-of-tools"});
    ::unsetenv("SCRATCH_TEST_HOSTVAR");
    fs::remove_all(fs::path(rootfs) / "opt");
    INFO(run.describe());
    // busybox run as "env-of-tools" is not an applet: it says so, which proves it ran.
    CHECK_THAT(run.err, !Catch::Contains("not found in the rootfs"));
    CHECK_THAT(run.err, Catch::Contains("env-of-tools: applet not found"));

    const RunResult env = runScratch(
        {"run", "-q", "--env", "GREETING=hi there", "--env", "HOME=/tmp", rootfs, "env"});
    INFO(env.describe());
    CHECK(env.exitCode == 0);
    CHECK_THAT(env.out, Catch::Contains("GREETING=hi there\n"));
    CHECK_THAT(env.out, Catch::Contains("HOME=/tmp\n"));
    CHECK_THAT(env.out, Catch::Contains("PATH=/usr/local/sbin:"));

    const RunResult cleared =
        runScratch({"run", "-q", "--clear-env", "--env", "ONLY=1", rootfs, "env"});
    INFO(cleared.describe());
    CHECK(cleared.exitCode == 0);
    CHECK(cleared.out == "ONLY=1\n");

    const RunResult bad = runScratch({"run", "-q", "--env", "=x", rootfs, "true"});
    CHECK(bad.exitCode == 2);
    CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
}

TEST_CASE("identity options: bad values are one line and a usage status", "[root][identity]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    struct Case {
        std::vector<std::string> options;
        int status;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{"--cap-add", "SYS_ADMINX"}, 2, "--cap-add SYS_ADMINX: unknown capability"},
        {{"--cap-drop", "nope"}, 2, "--cap-drop nope: unknown capability"},
        {{"--user", "1:2:3"}, 2, "expected UID[:GID]"},
        {{"--user", "carol"}, 125, "no user carol in /etc/passwd of the rootfs"},
        {{"--user", "0:wheel"}, 125, "no group wheel"},
        {{"--seccomp", "/dev/null"}, 125, "--seccomp /dev/null: not an OCI seccomp profile"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args = {"run", "-q"};
        args.insert(args.end(), c.options.begin(), c.options.end());
        args.push_back(rootfs);
        args.emplace_back("true");
        const RunResult r = runScratch(args);
        INFO(r.describe());
        CHECK(r.exitCode == c.status);
        CHECK_THAT(r.err, Catch::Contains(c.message));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}
