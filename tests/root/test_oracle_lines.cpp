// strace as an oracle, line by line (docs/oracle.md, "Lines"). Real workloads run once under
// `scratch-trace run -o LOG` and once under `strace -f -y -s 32 -o LOG` around the equivalent
// unshare+chroot container; scripts/oracle-lines.py normalises both logs (addresses, inodes,
// pids, the rootfs prefix, padding, times), aligns each task's lines with strace's and prints the
// share of identical lines. The share must not fall below the floor recorded here (what was
// measured, minus the run-to-run noise: two strace runs of one workload differ too).
// The busybox workload always runs; the Debian ones when the Debian test rootfs exists
// (tests/root/test_debian_rootfs.cpp makes it; SCRATCH_DEBIAN_ROOTFS names another).
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "OracleWorkload.h"
#include "support/Harness.h"
#include "support/HostRun.h"

namespace fs = std::filesystem;

namespace {

/// Busybox: the counts oracle's script (threads, pipelines, exec chains, i386 calls). Measured
/// 84-91% (after the struct depth; 83-88% before), two strace runs 88.7%: the rest is races (which
/// fd each of four threads gets, whether SIGCHLD comes before or inside sh's wait4, a task's state
/// in /proc/PID/stat) and argument decoding.
constexpr double kBusyboxFloor = 80.0;
/// Debian: ls, find, tar, a pipeline, bash, perl, dpkg, apt-cache, ps, coreutils, util-linux.
/// Measured 99.7% (98.4-98.5% before the struct depth); two strace runs agree on 99.8%.
constexpr double kDebianFloor = 98.5;

struct Workload {
    const char* name;
    std::vector<std::string> command;
};

const std::vector<Workload>& debianWorkloads() {
    static const std::vector<Workload> workloads = {
        {"ls", {"ls", "-la", "/etc"}},
        {"find", {"find", "/usr/share/doc", "-name", "copyright"}},
        {"tar", {"sh", "-c", "tar cf /tmp/o.tar /etc/apt && tar tf /tmp/o.tar; rm /tmp/o.tar"}},
        {"pipeline", {"sh", "-c", "cat /etc/passwd | grep root | wc -l"}},
        {"bash",
         {"bash", "-c", "for i in 1 2; do echo $i; done; x=$(id -u); echo $x; ls /proc/self/fd"}},
        {"perl",
         {"perl", "-e",
          "opendir(D, '/etc'); @f = readdir(D); closedir(D); print scalar(@f), qq(\\n); "
          "system('true')"}},
        {"dpkg", {"dpkg", "-l"}},
        {"apt-cache", {"apt-cache", "policy"}},
        {"ps", {"ps", "aux"}},
        {"coreutils",
         {"sh", "-c", "stat /etc/passwd; cp /etc/passwd /tmp/p; sort /tmp/p; rm /tmp/p"}},
        {"util-linux", {"sh", "-c", "findmnt; lsblk"}},
    };
    return workloads;
}

/// The Debian test rootfs when it is there ("" otherwise: making it takes minutes).
std::string debianRootfs() {
    const char* chosen = std::getenv("SCRATCH_DEBIAN_ROOTFS");
    const fs::path dir = chosen != nullptr && *chosen != '\0'
                             ? fs::path(chosen)
                             : fs::path(SCRATCH_BUILD_DIR) / "test-rootfs/debian-minbase";
    return fs::exists(dir / "usr/bin/ps") ? dir.string() : "";
}

/// The unshare+chroot container strace runs around: new PID and mount namespaces, a fresh
/// /proc, the rootfs' own /dev, no seccomp profile, every capability.
std::vector<std::string> plainContainer(const std::string& rootfs,
                                        const std::vector<std::string>& command) {
    std::vector<std::string> argv = {
        findProgram("unshare"), "--pid", "--mount", "--fork", "--mount-proc=" + rootfs + "/proc",
        findProgram("chroot"),  rootfs};
    argv.insert(argv.end(), command.begin(), command.end());
    return argv;
}

/// Runs one workload three times: untraced (what it changes in the rootfs, apt's caches, is
/// there before either traced run), under scratch-trace, under strace. Returns the script's
/// `--workload NAME OURS STRACE ROOTFS` arguments.
std::vector<std::string> runBoth(const TempDir& dir, const std::string& rootfs,
                                 const Workload& workload) {
    const std::string ours = (dir.path() / (std::string(workload.name) + ".ours")).string();
    const std::string theirs = (dir.path() / (std::string(workload.name) + ".strace")).string();
    std::string output;
    (void)runHost(plainContainer(rootfs, workload.command), containerEnvironment(), output);

    // As close to the plain container as the options go: the rootfs' /dev, no masks, no
    // seccomp, every capability, every CPU (sort and xz ask how many there are).
    std::vector<std::string> run = {
        SCRATCH_BINARY, "run",   "--seccomp", "unconfined",         "--cap-add",
        "ALL",          "--dev", "none",      "--no-default-masks", "--no-pin",
        "-o",           ours,    rootfs};
    run.insert(run.end(), workload.command.begin(), workload.command.end());
    output.clear();
    const int ourStatus = runHost(run, containerEnvironment(), output);
    INFO(workload.name << ": scratch-trace exit " << ourStatus << "\n" << output);
    REQUIRE(fs::exists(ours));

    std::vector<std::string> strace = {findProgram("strace"), "-f", "-y", "-s", "32", "-o", theirs};
    const std::vector<std::string> plain = plainContainer(rootfs, workload.command);
    strace.insert(strace.end(), plain.begin(), plain.end());
    output.clear();
    const int straceStatus = runHost(strace, containerEnvironment(), output);
    INFO(workload.name << ": strace exit " << straceStatus << "\n" << output);
    REQUIRE(fs::exists(theirs));
    CHECK(ourStatus == straceStatus);
    return {"--workload", workload.name, ours, theirs, rootfs};
}

/// Runs scripts/oracle-lines.py; returns its report, and the overall share in `share`.
std::string compare(const std::vector<std::string>& workloads, double floor, double& share) {
    std::vector<std::string> argv = {findProgram("python3"),
                                     std::string(SCRATCH_SOURCE_DIR) + "/scripts/oracle-lines.py",
                                     "--floor", std::to_string(floor)};
    argv.insert(argv.end(), workloads.begin(), workloads.end());
    std::string report;
    const int status = runHost(argv, {"PATH=/usr/bin:/bin"}, report, 300);
    static const std::regex last(R"(\nshare: ([0-9.]+)\n)");
    std::smatch m;
    share = std::regex_search(report, m, last) ? std::stod(m[1]) : -1;
    INFO(report);
    CHECK((status == 0 || status == 1));
    return report;
}

void requireTools() {
    for (const char* tool : {"strace", "unshare", "chroot", "python3"}) {
        if (findProgram(tool).empty()) skipTest(std::string("needs ") + tool + " on the host");
    }
}

/// Prints the shares (the whole report, differences too, with SCRATCH_ORACLE_VERBOSE) and checks
/// the overall share against the floor.
void checkShare(const std::string& what, const std::string& report, double share, double floor) {
    const bool verbose = getenv("SCRATCH_ORACLE_VERBOSE") != nullptr;
    const std::string shares = report.substr(0, report.find("\nmost frequent"));
    fprintf(stderr, "%s (floor %.1f%%):\n%s\n", what.c_str(), floor,
            (verbose ? report : shares).c_str());
    INFO(what << " (the floor is " << floor << "%):\n" << report);
    REQUIRE(share >= 0);
    CHECK(share >= floor);
}

}  // namespace

TEST_CASE("oracle lines: the busybox workload reads as strace's", "[root][oracle]") {
    requireRoot();
    requireTools();
    const std::string rootfs = makeBusyboxRootfs();
    for (const char* prog : oracle::kProgs) copyProgIntoRootfs(rootfs, prog);
    std::ofstream(fs::path(rootfs) / "oracle.sh") << oracle::kScript;
    TempDir dir("scratch-oracle-lines");
    const auto args = runBoth(dir, rootfs, {"busybox", {"/bin/sh", "/oracle.sh"}});
    double share = -1;
    const std::string report = compare(args, kBusyboxFloor, share);
    checkShare("busybox", report, share, kBusyboxFloor);
}

TEST_CASE("oracle lines: Debian workloads read as strace's", "[root][oracle]") {
    requireRoot();
    requireTools();
    const std::string rootfs = debianRootfs();
    if (rootfs.empty()) skipTest("no Debian test rootfs (tests/root/test_debian_rootfs makes it)");
    TempDir dir("scratch-oracle-lines");
    std::vector<std::string> args;
    for (const Workload& workload : debianWorkloads()) {
        const auto more = runBoth(dir, rootfs, workload);
        args.insert(args.end(), more.begin(), more.end());
    }
    double share = -1;
    const std::string report = compare(args, kDebianFloor, share);
    checkShare("Debian", report, share, kDebianFloor);
}
