// A host service behind a socket is a way out (issue 24): a host process listening on a socket
// file inside the rootfs (the docker.sock shape), on an abstract unix name, or on the loopback
// of a network namespace the container shares. The container connects and reads "hello"; the
// verdict must name the host process. What the container does with itself (a socketpair, its
// own unix servers) must stay clean.
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/Harness.h"

namespace {

/// tests/progs/sock_server run on the host, killed and reaped when the object dies.
class HostService {
  public:
    explicit HostService(const std::vector<std::string>& args) {
        int out[2];
        REQUIRE(pipe(out) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(out[1], 1);
            close(out[0]);
            close(out[1]);
            const std::string prog = progPath("sock_server");
            std::vector<char*> argv{const_cast<char*>(prog.c_str())};
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(prog.c_str(), argv.data());
            _exit(121);
        }
        close(out[1]);
        FILE* in = fdopen(out[0], "r");
        char line[64] = {};
        const bool ready = fgets(line, sizeof line, in) != nullptr &&
                           sscanf(line, "ready %d %d", &port_, &serving_) == 2;
        fclose(in);
        REQUIRE(ready);
    }
    ~HostService() {
        if (serving_ > 0) kill(serving_, SIGKILL);
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    HostService(const HostService&) = delete;
    HostService& operator=(const HostService&) = delete;
    /// The process that serves (with `handoff`, not the one that listened).
    pid_t pid() const { return serving_; }
    int port() const { return port_; }

  private:
    pid_t pid_ = -1;
    pid_t serving_ = -1;
    int port_ = 0;
};

/// The peer object of the first connect record, or null.
json connectPeer(const Trace& trace) {
    for (const json& call : trace.syscalls("connect")) {
        if (call.contains("peer")) return call["peer"];
    }
    return nullptr;
}

std::string findingsText(const Trace& trace) {
    std::string text;
    for (const json& f : trace.findings()) text += f.dump() + "\n";
    return text;
}

}  // namespace

TEST_CASE("a host service on a socket file in the rootfs is a host-service leak",
          "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    const HostService service({"unix", rootfs + "/run-host.sock"});
    for (const ContainerSetting& setting : fourContainerSettings()) {
        INFO(setting.name());
        const Trace trace = traceRun(setting.options(), rootfs, {prog, "unix", "/run-host.sock"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "got: hello"));
        CHECK(trace.verdict() == "leak");
        const std::vector<json> found = trace.findings("host-service");
        REQUIRE_FALSE(found.empty());
        CHECK(str(found.front(), "severity") == "leak");
        CHECK(has(str(found.front(), "message"), "host pid " + std::to_string(service.pid())));
        CHECK(has(str(found.front(), "message"), "(sock_server)"));
        CHECK(has(str(found.front(), "fix"), "remove the socket"));
        CHECK(str(found.front(), "host") == rootfs + "/run-host.sock");
        // The connect record: the sockaddr decoded, the path attributed, the peer named.
        const std::vector<json> connects = trace.syscalls("connect");
        REQUIRE_FALSE(connects.empty());
        const json& call = connects.back();
        CHECK(has(argsText(call), R"({sa_family=AF_UNIX, sun_path="/run-host.sock"}, 110)"));
        REQUIRE(call["paths"].size() >= 2);
        bool attributed = false;
        for (const json& p : call["paths"]) {
            if (str(p, "given") == "/run-host.sock") {
                attributed =
                    str(p, "where") == "rootfs" && str(p, "host") == rootfs + "/run-host.sock";
            }
        }
        CHECK(attributed);
        const json peer = connectPeer(trace);
        REQUIRE(peer.is_object());
        CHECK(num(peer, "pid") == service.pid());
        CHECK(str(peer, "comm") == "sock_server");
        CHECK(str(peer, "where") == "host");
        CHECK(str(peer, "via") == "unix-path");
        CHECK(str(peer, "address") == rootfs + "/run-host.sock");
    }
}

TEST_CASE(
    "a host socket bind-mounted into the rootfs (the docker.sock shape) is a host-service leak",
    "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    const TempDir hostDir("scratch-hostsock");
    const std::string target = rootfs + "/hostsock";
    std::filesystem::create_directories(target);
    REQUIRE(mount(hostDir.path().c_str(), target.c_str(), nullptr, MS_BIND, nullptr) == 0);
    struct Unmount {
        std::string dir;
        ~Unmount() { umount2(dir.c_str(), MNT_DETACH); }
    } unmount{target};
    const std::string socketPath = (hostDir.path() / "docker.sock").string();
    const HostService service({"unix", socketPath});
    for (const ContainerSetting& setting : fourContainerSettings()) {
        INFO(setting.name());
        const Trace trace =
            traceRun(setting.options(), rootfs, {prog, "unix", "/hostsock/docker.sock"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "got: hello"));
        CHECK(trace.verdict() == "leak");
        const std::vector<json> found = trace.findings("host-service");
        REQUIRE_FALSE(found.empty());
        CHECK(str(found.front(), "severity") == "leak");
        // The socket file is a host object on a host mount bound in (tracer/ContainerMounts.h:
        // classified by its mount, not by the rootfs path it was reached through): its host
        // path is the host's own, where the host service bound it.
        CHECK(str(found.front(), "host") == socketPath);
        CHECK(has(str(found.front(), "message"), "host pid " + std::to_string(service.pid())));
        CHECK(has(str(found.front(), "fix"), "bind mount"));
        const json peer = connectPeer(trace);
        REQUIRE(peer.is_object());
        CHECK(str(peer, "address") == socketPath);
    }
}

TEST_CASE("a host service whose listener was handed on is named by the process serving",
          "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    // SO_PEERCRED names the process that called listen(), which has exited: the process that
    // holds the listening socket now is the one to name.
    const HostService service({"unix", rootfs + "/handed.sock", "handoff"});
    const Trace trace = traceRun({}, rootfs, {prog, "unix", "/handed.sock"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(has(trace.run.out, "got: hello"));
    CHECK(trace.verdict() == "leak");
    const std::vector<json> found = trace.findings("host-service");
    REQUIRE_FALSE(found.empty());
    CHECK(has(str(found.front(), "message"),
              "host pid " + std::to_string(service.pid()) + " (sock_server)"));
}

TEST_CASE("the text log and the reports name the peer; a replay renders the same",
          "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    const HostService service({"unix", rootfs + "/run-host.sock"});
    const TempDir dir;
    const std::string log = (dir.path() / "log.txt").string();
    const std::string jsonl = (dir.path() / "trace.jsonl").string();
    const std::string md = (dir.path() / "report.md").string();
    const RunResult run = runScratch({"run", "-o", log, "--json", jsonl, "--report", md, rootfs,
                                      prog, "unix", "/run-host.sock"});
    INFO(run.describe());
    REQUIRE(run.exitCode == 0);
    const std::string peer = "# peer: host pid " + std::to_string(service.pid()) +
                             " (sock_server) on " + rootfs + "/run-host.sock";
    const std::string text = slurp(log);
    CHECK(has(text, peer));
    CHECK(has(text, R"(, {sa_family=AF_UNIX, sun_path="/run-host.sock"}, 110) = 0)"));
    const std::string report = slurp(md);
    CHECK(has(report, "## Connections"));
    CHECK(has(report, "host pid " + std::to_string(service.pid())));
    const RunResult replay = runScratch({"report", jsonl, "--format", "text"});
    INFO(replay.describe());
    CHECK(has(replay.out + replay.err, peer));
    const RunResult replayMd = runScratch({"report", jsonl, "--format", "md"});
    INFO(replayMd.describe());
    CHECK(has(replayMd.out, "## Connections"));
    CHECK(has(replayMd.out, "host pid " + std::to_string(service.pid()) + " (sock_server)"));
    const RunResult replayHtml = runScratch({"report", jsonl, "--format", "html"});
    CHECK(has(replayHtml.out, "<h2>Connections</h2>"));
}

TEST_CASE("an abstract socket served by a host process is a shared-namespace leak",
          "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    const HostService service({"abstract", "scratch-host-service"});
    for (const ContainerSetting& setting : fourContainerSettings()) {
        INFO(setting.name());
        const Trace trace =
            traceRun(setting.options(), rootfs, {prog, "abstract", "scratch-host-service"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "got: hello"));
        CHECK(trace.verdict() == "leak");
        const std::vector<json> found = trace.findings("shared-namespace");
        REQUIRE_FALSE(found.empty());
        CHECK(str(found.front(), "severity") == "leak");
        CHECK(has(str(found.front(), "message"), "host pid " + std::to_string(service.pid())));
        CHECK(has(str(found.front(), "fix"), "--ns pid,mount,net"));
        CHECK(trace.findings("host-service").empty());
        CHECK(
            has(argsText(trace.syscalls("connect").back()), R"(sun_path=@"scratch-host-service")"));
    }
    // Its own network namespace: the host's abstract name is out of reach.
    const Trace own =
        traceRun({"--ns", "pid,mount,net"}, rootfs, {prog, "abstract", "scratch-host-service"});
    INFO(own.describe());
    REQUIRE(own.run.exitCode == 0);
    CHECK(has(own.run.out, "connect: Connection refused"));
    CHECK(own.verdict() == "isolated");
    INFO(findingsText(own));
    CHECK(own.findings().empty());
}

TEST_CASE("a host listener on the shared loopback is a shared-namespace warning",
          "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    const HostService service({"tcp"});
    const std::string port = std::to_string(service.port());
    for (const ContainerSetting& setting : fourContainerSettings()) {
        INFO(setting.name());
        const Trace trace = traceRun(setting.options(), rootfs, {prog, "tcp", port});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "got: hello"));
        CHECK(trace.verdict() == "isolated");
        const std::vector<json> found = trace.findings("shared-namespace");
        REQUIRE(found.size() == 1);
        CHECK(str(found.front(), "severity") == "warning");
        CHECK(has(str(found.front(), "message"),
                  "host pid " + std::to_string(service.pid()) +
                      " (sock_server) listening on 127.0.0.1:" + port));
        const json peer = connectPeer(trace);
        REQUIRE(peer.is_object());
        CHECK(str(peer, "via") == "inet");
        CHECK(num(peer, "pid") == service.pid());
    }
    const Trace own = traceRun({"--ns", "pid,mount,net"}, rootfs, {prog, "tcp", port});
    INFO(own.describe());
    REQUIRE(own.run.exitCode == 0);
    CHECK(has(own.run.out, "connect: "));
    CHECK_FALSE(has(own.run.out, "got: hello"));
    CHECK(own.verdict() == "isolated");
    INFO(findingsText(own));
    CHECK(own.findings().empty());
}

TEST_CASE("a container talking to itself over sockets is clean", "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    for (const ContainerSetting& setting : fourContainerSettings()) {
        INFO(setting.name());
        const Trace trace = traceRun(setting.options(), rootfs, {prog, "inside"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "got: hello\ngot: hello\ngot: hello\ngot: hello"));
        INFO(findingsText(trace));
        CHECK(trace.findings().empty());
        CHECK(trace.verdict() == "isolated");
        // Both self-connections were identified, as the container's own.
        int peers = 0;
        for (const json& call : trace.syscalls("connect")) {
            if (!call.contains("peer")) continue;
            ++peers;
            CHECK(str(call["peer"], "where") == "container");
        }
        CHECK(peers == 3);
    }
}

TEST_CASE("a host process connecting to the container's listener is a warning naming it",
          "[root][socket]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sock_client");
    const TempDir dir;
    const std::string jsonl = (dir.path() / "trace.jsonl").string();
    const pid_t run =
        startScratch({"run", "-q", "--json", jsonl, rootfs, prog, "serve", "/srv.sock"},
                     dir.path() / "out", dir.path() / "err");
    // The host side: connect (the file appears at bind, before listen) and read the answer.
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    const std::string path = rootfs + "/srv.sock";
    std::strncpy(un.sun_path, path.c_str(), sizeof un.sun_path - 1);
    std::string got;
    for (int attempt = 0; attempt < 200 && got.empty(); ++attempt) {
        const int s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(s, reinterpret_cast<sockaddr*>(&un), sizeof un) == 0) {
            char buf[16] = {};
            if (read(s, buf, sizeof buf - 1) > 0) got = buf;
        }
        close(s);
        if (got.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const int status = waitScratch(run, 60);
    INFO(slurp(dir.path() / "err"));
    REQUIRE(status == 0);
    CHECK(got == "hello");
    bool named = false;
    for (const json& record : readJsonLines(jsonl)) {
        if (str(record, "type") != "syscall" || str(record, "name") != "accept") continue;
        REQUIRE(record.contains("peer"));
        const json& peer = record["peer"];
        CHECK(str(peer, "where") == "host");
        CHECK(num(peer, "pid") == getpid());
        CHECK(peer["accepted"] == true);
        CHECK(str(peer, "address") == "/srv.sock");
        named = true;
    }
    CHECK(named);
    std::string verdict;
    bool warned = false;
    for (const json& record : readJsonLines(jsonl)) {
        if (str(record, "type") == "summary") verdict = str(record, "verdict");
        if (str(record, "type") == "finding" && str(record, "class") == "host-service") {
            warned = str(record, "severity") == "warning" &&
                     has(str(record, "message"), "host pid " + std::to_string(getpid()));
        }
    }
    CHECK(warned);
    CHECK(verdict == "isolated");
}
