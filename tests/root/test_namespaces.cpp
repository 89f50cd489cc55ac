// --ns: the namespaces the container gets. A new network namespace has lo up and nothing else;
// the summary lists every namespace's inode next to the host's; time goes through clone3;
// --userns as root maps root to root. Every run must leave the host's mounts as they were.
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// The interface names in a /proc/net/dev text ("lo", "eth0", ...).
std::set<std::string> interfacesIn(const std::string& procNetDev) {
    std::set<std::string> names;
    std::istringstream lines(procNetDev);
    std::string line;
    while (std::getline(lines, line)) {
        const size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        const size_t start = line.find_first_not_of(' ');
        if (start >= colon) continue;
        names.insert(line.substr(start, colon - start));
    }
    return names;
}

/// summary.namespaces as name -> entry.
std::map<std::string, json> namespacesOf(const Trace& trace) {
    std::map<std::string, json> out;
    const json summary = trace.summary();
    if (!summary.is_object() || !summary.contains("namespaces")) return out;
    for (const json& ns : summary["namespaces"]) out[ns["name"].get<std::string>()] = ns;
    return out;
}

/// The inode of our own /proc/self/ns/NAME.
uint64_t hostInode(const char* name) {
    struct stat st {};
    REQUIRE(::stat((std::string("/proc/self/ns/") + name).c_str(), &st) == 0);
    return st.st_ino;
}

}  // namespace

TEST_CASE("--ns net: only lo, and it is up; the host's interfaces are not there",
          "[root][container][ns]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::set<std::string> hostInterfaces = interfacesIn(slurp("/proc/net/dev"));
    REQUIRE(hostInterfaces.count("lo") == 1);
    const auto mountsBefore = mountTable();

    const Trace trace = traceRun({"--ns", "pid,mount,net"}, rootfs,
                                 {"sh", "-c", "cat /proc/net/dev; echo ===; ip addr"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    const std::string out = trace.run.out;
    const size_t split = out.find("===");
    REQUIRE(split != std::string::npos);
    CHECK(interfacesIn(out.substr(0, split)) == std::set<std::string>{"lo"});
    const std::string addr = out.substr(split);
    CHECK(has(addr, "lo: <LOOPBACK,UP"));
    CHECK(has(addr, "inet 127.0.0.1/8"));
    for (const std::string& name : hostInterfaces) {
        if (name != "lo") CHECK_FALSE(has(addr, " " + name + ":"));
    }
    CHECK(trace.verdict() == "isolated");

    const auto ns = namespacesOf(trace);
    REQUIRE(ns.size() == 8);
    CHECK(ns.at("net")["new"] == true);
    CHECK(ns.at("net")["host"] == hostInode("net"));
    CHECK(ns.at("net")["container"] != ns.at("net")["host"]);
    CHECK(ns.at("pid")["new"] == true);
    CHECK(ns.at("pid")["container"] != ns.at("pid")["host"]);
    // Not asked for: shared, and the report says so with the host's own inode on both sides.
    CHECK(ns.at("ipc")["new"] == false);
    CHECK(ns.at("ipc")["container"] == hostInode("ipc"));
    CHECK(ns.at("uts")["container"] == ns.at("uts")["host"]);
    const json start = trace.ofType("start").at(0);
    CHECK(start["isolation"]["namespaces"] == json::array({"pid", "mount", "net"}));
    CHECK(mountTable() == mountsBefore);
}

TEST_CASE("--ns with every namespace, time through clone3", "[root][container][ns]") {
    requireRoot();
    if (!fs::exists("/proc/self/ns/time")) skipTest("kernel without time namespaces");
    const std::string rootfs = makeBusyboxRootfs();
    const Trace trace =
        traceRun({"--ns", "pid,mount,uts,ipc,net,cgroup,time"}, rootfs, {"sh", "-c", "echo ok"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(has(trace.run.out, "ok"));
    const auto ns = namespacesOf(trace);
    REQUIRE(ns.size() == 8);
    for (const char* name : {"pid", "mount", "uts", "ipc", "net", "cgroup", "time"}) {
        INFO(name);
        CHECK(ns.at(name)["new"] == true);
        CHECK(ns.at(name)["container"] != ns.at(name)["host"]);
    }
    CHECK(ns.at("user")["new"] == false);
    // clone() cannot carry CLONE_NEWTIME (it is a CSIGNAL bit there): the launcher used clone3.
    bool sawClone3 = false;
    for (const json& call : trace.syscalls("clone3")) {
        if (has(argsText(call), "CLONE_NEWTIME")) sawClone3 = true;
    }
    CHECK(sawClone3);
    CHECK(trace.verdict() == "isolated");
}

TEST_CASE("--ns without pid or mount is a usage error; --hostname implies uts",
          "[root][container][ns]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const RunResult bad = runScratch({"run", "-q", "--ns", "mount,net", rootfs, "true"});
    INFO(bad.describe());
    CHECK(bad.exitCode == 2);
    CHECK(has(bad.err, "must include pid"));
    CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
    const RunResult unknown = runScratch({"run", "-q", "--ns", "pid,mount,nett", rootfs, "true"});
    CHECK(unknown.exitCode == 2);
    CHECK(has(unknown.err, "unknown namespace nett"));

    const Trace named =
        traceRun({"--ns", "pid,mount", "--hostname", "box-ns"}, rootfs, {"hostname"});
    INFO(named.describe());
    REQUIRE(named.run.exitCode == 0);
    CHECK(has(named.run.out, "box-ns"));
    CHECK(namespacesOf(named).at("uts")["new"] == true);
}

TEST_CASE("--userns as root: root inside is uid 0 outside, in a user namespace of its own",
          "[root][container][ns][userns]") {
    requireRoot();
    if (slurp("/proc/sys/user/max_user_namespaces").rfind('0', 0) == 0) {
        skipTest("user namespaces disabled (max_user_namespaces is 0)");
    }
    const std::string rootfs = makeBusyboxRootfs();
    const auto mountsBefore = mountTable();
    for (const char* mode : {"chroot", "pivot"}) {
        INFO(mode);
        const Trace trace = traceRun({"--userns", "--root-mode", mode}, rootfs,
                                     {"sh", "-c", "id -u; cat /proc/self/uid_map; ls /dev"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "0\n"));
        CHECK(has(trace.run.out, "0          0          1"));
        CHECK(has(trace.run.out, "null"));
        CHECK(has(trace.run.out, "urandom"));
        const auto ns = namespacesOf(trace);
        REQUIRE(ns.count("user") == 1);
        CHECK(ns.at("user")["new"] == true);
        CHECK(ns.at("user")["container"] != ns.at("user")["host"]);
        CHECK(trace.verdict() == "isolated");
    }
    CHECK(mountTable() == mountsBefore);
}
