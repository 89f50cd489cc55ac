// The default container closes what runc, crun and podman close (issue 20): no host fd and no
// host cwd in the init (CVE-2024-21626's shape), no device but the minimal /dev's, Docker's
// seccomp semantics, a session of its own, rootfs files read only when regular. Each check
// has the run that tries to defeat it, and the documented flags that give the seed's container.
#include <fcntl.h>
#include <pty.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// A fresh busybox rootfs of this test's own, with container_probe in /bin.
struct OwnRootfs {
    TempDir dir{"scratch-defaults"};
    std::string path;
    OwnRootfs() {
        path = (dir.path() / "rootfs").string();
        const RunResult made = runScratch({"rootfs", "create", path});
        INFO(made.describe());
        REQUIRE(made.exitCode == 0);
        copyProgIntoRootfs(path, "container_probe");
    }
};

/// "NAME RESULT" lines of container_probe as a map.
std::map<std::string, std::string> probeResults(const std::string& out) {
    std::map<std::string, std::string> results;
    std::istringstream lines(out);
    std::string name;
    std::string result;
    while (lines >> name >> result) results[name] = result;
    return results;
}

std::vector<std::string> setupOf(const Trace& trace) {
    for (const json& record : trace.records) {
        if (str(record, "type") == "start") {
            return record.at("isolation").value("setup", std::vector<std::string>{});
        }
    }
    return {};
}

/// How many "scratch-trace: " error lines stderr has (the end report follows them).
int errorLines(const std::string& err) {
    std::istringstream lines(err);
    int count = 0;
    for (std::string line; std::getline(lines, line);)
        count += line.rfind("scratch-trace: ", 0) == 0;
    return count;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

/// Runs argv with a fresh pty as its controlling terminal (forkpty: a new session whose
/// terminal is the slave), as an operator at a terminal does; returns the output.
std::string runOnTerminal(const std::vector<std::string>& argv, int& status,
                          const std::string& input = "") {
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::execv(args[0], args.data());
        ::_exit(121);
    }
    // Typed at the operator's terminal (its line discipline holds it until it is read).
    if (!input.empty())
        REQUIRE(::write(master, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0) {
            out.append(buf, static_cast<size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;  // EIO: every holder of the slave is gone
        }
    }
    ::close(master);
    ::waitpid(pid, &status, 0);
    return out;
}

}  // namespace

TEST_CASE("a --workdir through /proc/self/fd/N never starts on the host (CVE-2024-21626)",
          "[root][defaults][workdir]") {
    requireRoot();
    OwnRootfs rootfs;
    // A host directory the user hands over (--keep-fd 5 keeps it, as their explicit choice):
    // the init holds a copy of it while it changes directory. Every fd the init can hold is
    // tried, through the runtime's /dev/fd and /proc/self/fd and through a rootfs symlink.
    ScratchOptions options = shortRun();
    options.passFds = {{5, "/etc"}};
    ::symlink("/proc/self/fd/8", (fs::path(rootfs.path) / "work8").c_str());
    int refusedOutside = 0;
    // Both root switches; the default container and the seed's (every capability, no seccomp:
    // the guard is not a privilege to give away); a user namespace (more fds: open_tree).
    const std::vector<std::vector<std::string>> configs = {
        {"--root-mode", "chroot"},
        {"--root-mode", "pivot"},
        {"--root-mode", "chroot", "--cap-add", "ALL", "--seccomp", "unconfined"},
        {"--root-mode", "pivot", "--cap-add", "ALL", "--seccomp", "unconfined"},
        {"--root-mode", "pivot", "--userns"},
    };
    for (const std::vector<std::string>& config : configs) {
        std::string shown;
        for (const std::string& word : config) shown += word + " ";
        auto args = [&](const std::string& dir) {
            std::vector<std::string> out = {"run", "-q"};
            out.insert(out.end(), config.begin(), config.end());
            for (const std::string& word :
                 {std::string("--keep-fd"), std::string("5"), std::string("--workdir"), dir,
                  rootfs.path, std::string("pwd")}) {
                out.push_back(word);
            }
            return out;
        };
        for (int n = 0; n <= 12; ++n) {
            for (const std::string& dir :
                 {"/dev/fd/" + std::to_string(n), "/proc/self/fd/" + std::to_string(n)}) {
                const RunResult r = runScratch(args(dir), options);
                INFO(shown << "--workdir " << dir << ": " << r.describe());
                // Refused (120: outside; 125: not a directory, no such fd), or started
                // inside: the kernel's getcwd names a path from the container's root.
                const bool inside = r.exitCode == 0 && r.out.rfind('/', 0) == 0;
                CHECK((r.exitCode == 120 || r.exitCode == 125 || inside));
                if (r.exitCode == 120) {
                    ++refusedOutside;
                    CHECK(has(r.err, "leads outside the container"));
                    CHECK(errorLines(r.err) == 1);  // one line (then the end report)
                }
            }
        }
        const RunResult viaLink = runScratch(args("/work8"), options);
        INFO(shown << viaLink.describe());
        CHECK((viaLink.exitCode == 120 || viaLink.exitCode == 125));
    }
    // The kept directory's copy was among them, in every configuration, and was refused: the
    // check ran.
    CHECK(refusedOutside >= 2 * static_cast<int>(configs.size()));
    // The kept fd itself still reaches the command, at its own number, after the checks.
    const RunResult kept =
        runScratch({"run", "-q", "--keep-fd", "5", rootfs.path, "ls", "/proc/self/fd/5/"}, options);
    INFO(kept.describe());
    CHECK(kept.exitCode == 0);
    CHECK(has(kept.out, "passwd"));
}

TEST_CASE("the init holds no host fd: only stdio and --keep-fd reach the command",
          "[root][defaults][fds]") {
    requireRoot();
    OwnRootfs rootfs;
    ScratchOptions options = shortRun();
    options.passFds = {{5, "/etc"}, {9, "/etc/passwd"}};
    const Trace trace = traceRun({"--keep-fd", "9"}, rootfs.path, {"ls", "/proc/self/fd"}, options);
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    std::istringstream names(trace.run.out);
    std::set<std::string> fds;
    for (std::string name; names >> name;) fds.insert(name);
    // ls's own directory fd is 3; 5 (not kept) is gone, 9 is there.
    CHECK(fds.count("9") == 1);
    CHECK(fds.count("5") == 0);
    // The init closed everything before its first path: its first syscall is close_range.
    bool sawInitClose = false;
    for (const json& call : trace.syscalls("close_range")) {
        if (num(call, "nspid") == 1 && str(call, "phase") == "setup") sawInitClose = true;
    }
    CHECK(sawInitClose);
}

TEST_CASE("no devices beyond the minimal /dev; --cap-add MKNOD gives them back",
          "[root][defaults][devices]") {
    requireRoot();
    OwnRootfs rootfs;
    // A device node the rootfs carries (as an extracted tarball may): the host's null.
    const std::string node = rootfs.path + "/tmp/hostnull";
    REQUIRE(::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    const std::string script =
        "mknod /tmp/sda b 8 0; echo mknod=$?; echo x > /tmp/hostnull; echo node=$?; "
        "echo x > /dev/null; echo devnull=$?";
    for (const std::string mode : {"chroot", "pivot"}) {
        const RunResult def =
            runScratch({"run", "-q", "--root-mode", mode, rootfs.path, "sh", "-c", script});
        INFO(mode << ": " << def.describe());
        CHECK_FALSE(has(def.out, "mknod=0"));
        CHECK(has(def.err, "Operation not permitted"));
        CHECK_FALSE(has(def.out, "node=0"));  // nodev: the rootfs' node cannot be opened
        CHECK(has(def.out, "devnull=0"));
        ::unlink((rootfs.path + "/tmp/sda").c_str());

        for (const std::vector<std::string>& flags :
             {std::vector<std::string>{"--cap-add", "MKNOD"},
              std::vector<std::string>{"--cap-add", "ALL", "--seccomp", "unconfined"}}) {
            std::vector<std::string> args = {"run", "-q", "--root-mode", mode};
            args.insert(args.end(), flags.begin(), flags.end());
            for (const std::string& word :
                 {rootfs.path, std::string("sh"), std::string("-c"), script}) {
                args.push_back(word);
            }
            const RunResult given = runScratch(args);
            INFO(mode << " " << flags.front() << " " << flags[1] << ": " << given.describe());
            CHECK(has(given.out, "mknod=0"));
            CHECK(has(given.out, "node=0"));
            ::unlink((rootfs.path + "/tmp/sda").c_str());
        }
    }
    struct stat st {};
    CHECK(::lstat((rootfs.path + "/tmp/sda").c_str(), &st) != 0);
}

TEST_CASE("the default seccomp profile: Docker's semantics, clone3 ENOSYS, threads still work",
          "[root][defaults][seccomp]") {
    requireRoot();
    OwnRootfs rootfs;
    const std::vector<std::string> neverAllowed = {"io_uring_setup", "keyctl",      "add_key",
                                                   "request_key",    "userfaultfd", "kexec_load",
                                                   "kexec_file_load"};
    // Allowed by the profile only with the capability that makes them useful (Docker's
    // "includes caps"); without it the filter answers EPERM before the kernel looks.
    const std::vector<std::string> withCaps = {"bpf",           "perf_event_open",
                                               "init_module",   "finit_module",
                                               "delete_module", "open_by_handle_at",
                                               "mount",         "umount2",
                                               "setns",         "unshare"};

    const Trace def = traceRun({}, rootfs.path, {"/bin/container_probe"});
    INFO(def.describe());
    REQUIRE(def.run.exitCode == 0);
    auto got = probeResults(def.run.out);
    for (const std::string& name : neverAllowed) CHECK(got[name] == "EPERM");
    for (const std::string& name : withCaps) CHECK(got[name] == "EPERM");
    CHECK(got["clone3"] == "ENOSYS");
    CHECK(got["pthread_create"] == "OK");
    CHECK(contains(setupOf(def), "seccomp=default"));
    // glibc tried clone3 first, got ENOSYS, and the thread came from a clone the tracer saw.
    bool clone3Enosys = false;
    for (const json& call : def.syscalls("clone3")) {
        if (str(call, "phase") == "workload" && str(call, "errno") == "ENOSYS") clone3Enosys = true;
    }
    CHECK(clone3Enosys);
    CHECK_FALSE(def.syscalls("clone").empty());

    // Every capability: the capability-gated calls reach the kernel (which rejects the bad
    // arguments), the others are still refused, clone3 still ENOSYS.
    const Trace all = traceRun({"--cap-add", "ALL"}, rootfs.path, {"/bin/container_probe"});
    INFO(all.describe());
    REQUIRE(all.run.exitCode == 0);
    got = probeResults(all.run.out);
    for (const std::string& name : neverAllowed) CHECK(got[name] == "EPERM");
    for (const std::string& name : withCaps) {
        INFO(name);
        CHECK(got[name] != "EPERM");
    }
    CHECK(got["mount"] == "ENOENT");
    CHECK(got["clone3"] == "ENOSYS");

    // The same answers with the other root switch.
    const Trace pivotDef =
        traceRun({"--root-mode", "pivot"}, rootfs.path, {"/bin/container_probe"});
    CHECK(pivotDef.run.out == def.run.out);
    const Trace pivotAll = traceRun({"--root-mode", "pivot", "--cap-add", "ALL"}, rootfs.path,
                                    {"/bin/container_probe"});
    CHECK(pivotAll.run.out == all.run.out);

    // Unconfined: the kernel answers everything.
    const Trace none = traceRun({"--cap-add", "ALL", "--seccomp", "unconfined"}, rootfs.path,
                                {"/bin/container_probe"});
    INFO(none.describe());
    REQUIRE(none.run.exitCode == 0);
    got = probeResults(none.run.out);
    CHECK(got["keyctl"] != "EPERM");
    CHECK(got["add_key"] != "EPERM");
    CHECK(got["clone3"] == "EINVAL");
    CHECK(contains(setupOf(none), "seccomp=unconfined"));
    CHECK(contains(setupOf(none), "caps=all"));

    // io_uring for real: refused by default, works unconfined (unless this kernel has none).
    copyProgIntoRootfs(rootfs.path, "io_uring_open");
    const RunResult ring = runScratch({"run", "-q", rootfs.path, "/bin/io_uring_open"});
    INFO(ring.describe());
    CHECK(has(ring.out, "SKIP: io_uring_setup: Operation not permitted"));
    const RunResult ringFree =
        runScratch({"run", "-q", "--seccomp", "unconfined", rootfs.path, "/bin/io_uring_open"});
    INFO(ringFree.describe());
    CHECK(ringFree.exitCode == 0);
    if (!has(ringFree.out, "SKIP")) CHECK(has(ringFree.out, "IORING_OP_OPENAT"));
}

TEST_CASE("the shipped profile file is the default profile, and --seccomp FILE takes it",
          "[root][defaults][seccomp]") {
    requireRoot();
    OwnRootfs rootfs;
    const std::string file = std::string(SCRATCH_SOURCE_DIR) + "/container/profiles/default.json";
    REQUIRE(fs::exists(file));
    const Trace viaFile = traceRun({"--seccomp", file}, rootfs.path, {"/bin/container_probe"});
    INFO(viaFile.describe());
    REQUIRE(viaFile.run.exitCode == 0);
    const Trace def = traceRun({}, rootfs.path, {"/bin/container_probe"});
    CHECK(viaFile.run.out == def.run.out);
    CHECK(contains(setupOf(viaFile), "seccomp=" + file));
}

TEST_CASE("the command has a session of its own: no controlling terminal of the operator; --tty",
          "[root][defaults][session]") {
    requireRoot();
    OwnRootfs rootfs;
    // The setup is right: outside the container, under the same kind of pty, /dev/tty opens.
    int status = 0;
    const std::string host = runOnTerminal({progPath("container_probe"), "session"}, status);
    INFO(host);
    REQUIRE(has(host, "tty OK"));
    const std::string out = runOnTerminal(
        {SCRATCH_BINARY, "run", "-q", rootfs.path, "/bin/container_probe", "session"}, status);
    INFO(out);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // PID 1 leads its own session (the operator's would be invisible here: getsid 0).
    CHECK(has(out, "sid 1 pid 1 tty ENXIO"));

    // --tty: a fresh terminal of the container's own is the controlling terminal and stdio;
    // what the operator types reaches the command through the relay.
    const std::string withTty =
        runOnTerminal({SCRATCH_BINARY, "run", "-q", "--tty", rootfs.path, "sh", "-c",
                       "tty; /bin/container_probe session; read line; echo got=$line"},
                      status, "abc\n");
    INFO(withTty);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(has(withTty, "/dev/pts/0"));  // the container's devpts, not the operator's
    CHECK(has(withTty, "sid 1 pid "));  // sh's child, in the init's session
    CHECK(has(withTty, " tty OK"));
    CHECK(has(withTty, "got=abc"));
    CHECK(has(withTty, "tty=1"));  // the setup line says so
}

TEST_CASE("rootfs files are read only when regular: a FIFO or a symlink as /etc/passwd",
          "[root][defaults][rootfs-files]") {
    requireRoot();
    OwnRootfs rootfs;
    const std::string passwd = rootfs.path + "/etc/passwd";
    REQUIRE(::unlink(passwd.c_str()) == 0);
    REQUIRE(::mkfifo(passwd.c_str(), 0644) == 0);
    const RunResult fifo =
        runScratch({"run", "-q", "--user", "nobody", rootfs.path, "id"}, shortRun());
    INFO(fifo.describe());
    CHECK_FALSE(fifo.timedOut);
    CHECK(fifo.exitCode == 125);
    CHECK(has(fifo.err, "/etc/passwd of the rootfs"));
    CHECK(has(fifo.err, "is not a regular file (a FIFO): refused"));
    CHECK(errorLines(fifo.err) == 1);

    REQUIRE(::unlink(passwd.c_str()) == 0);
    REQUIRE(::symlink("/etc/passwd", passwd.c_str()) == 0);
    const RunResult link =
        runScratch({"run", "-q", "--user", "root", rootfs.path, "id"}, shortRun());
    INFO(link.describe());
    CHECK(link.exitCode == 125);
    CHECK(has(link.err, "/etc/passwd of the rootfs"));
    CHECK(has(link.err, "is a symlink: refused"));
}

TEST_CASE("rootfs create --force does not follow a rootfs symlink to the host",
          "[root][defaults][rootfs-files]") {
    requireRoot();
    TempDir dir("scratch-defaults-force");
    const fs::path target = dir.path() / "host-dir";
    fs::create_directory(target);
    fs::permissions(target, fs::perms(0750));
    const fs::path root = dir.path() / "rootfs";
    fs::create_directory(root);
    fs::create_directory_symlink(target, root / "tmp");
    const RunResult r = runScratch({"rootfs", "create", "--force", root.string()});
    INFO(r.describe());
    CHECK(r.exitCode != 0);
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0750);  // not chmodded 1777 through the link
}
