// Rootless: scratch-trace run by a real unprivileged user (nobody, 65534) builds its container
// in a user namespace that maps nobody to root inside, and traces it like root would.
#include <grp.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

constexpr int kNobody = 65534;

/// Whether nobody may create a user namespace here (the sysctl, and what the kernel says:
/// some distributions restrict it further, e.g. with AppArmor).
bool unprivilegedUserNamespaces() {
    if (slurp("/proc/sys/user/max_user_namespaces").rfind('0', 0) == 0) return false;
    const pid_t pid = fork();
    if (pid == 0) {
        if (setgroups(0, nullptr) != 0 || setresgid(kNobody, kNobody, kNobody) != 0 ||
            setresuid(kNobody, kNobody, kNobody) != 0) {
            _exit(2);
        }
        _exit(unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// A directory nobody can enter and read, with a busybox rootfs and a copy of scratch-trace
/// (the build tree may sit below a directory nobody cannot enter), and one nobody can write
/// the JSON stream to.
struct NobodyPlace {
    TempDir dir{"scratch-rootless"};
    std::string rootfs;
    std::string binary;
    std::string outDir;
    NobodyPlace() {
        fs::permissions(dir.path(), fs::perms(0755));
        rootfs = (dir.path() / "rootfs").string();
        const RunResult made = runScratch({"rootfs", "create", rootfs});
        INFO(made.describe());
        REQUIRE(made.exitCode == 0);
        fs::permissions(rootfs, fs::perms(0755));
        binary = (dir.path() / "scratch-trace").string();
        fs::copy_file(SCRATCH_BINARY, binary);
        fs::permissions(binary, fs::perms(0755));
        outDir = (dir.path() / "out").string();
        fs::create_directory(outDir);
        REQUIRE(chown(outDir.c_str(), kNobody, kNobody) == 0);
    }
};

/// `run -q --json` as nobody; the trace read back.
Trace runAsNobody(const NobodyPlace& place, const std::vector<std::string>& options,
                  const std::vector<std::string>& command) {
    const std::string json = place.outDir + "/trace.jsonl";
    std::error_code ec;
    fs::remove(json, ec);
    std::vector<std::string> args = {"run", "-q", "--json", json};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(place.rootfs);
    args.insert(args.end(), command.begin(), command.end());
    ScratchOptions how = shortRun();
    how.runAsUid = kNobody;
    how.runAsGid = kNobody;
    how.binary = place.binary;
    Trace trace;
    trace.run = runScratch(args, how);
    if (fs::exists(json)) trace.records = readJsonLines(json);
    return trace;
}

/// The PIDs in busybox ps output (first column of every line after the header).
std::vector<int> psPids(const std::string& out) {
    std::vector<int> pids;
    std::istringstream lines(out);
    std::string line;
    bool header = false;
    while (std::getline(lines, line)) {
        if (line.find("PID") != std::string::npos && line.find("USER") != std::string::npos) {
            header = true;
            continue;
        }
        if (!header) continue;
        std::istringstream words(line);
        int pid = 0;
        if (words >> pid) pids.push_back(pid);
    }
    return pids;
}

}  // namespace

TEST_CASE("rootless: nobody runs a container as root inside, isolated, nothing left behind",
          "[root][container][rootless]") {
    requireRoot();
    if (!unprivilegedUserNamespaces()) {
        skipTest("unprivileged user namespaces are not available here");
    }
    NobodyPlace place;
    const auto mountsBefore = mountTable();
    const auto processesBefore = hostProcesses();

    for (const char* mode : {"chroot", "pivot"}) {
        INFO("--root-mode " << mode);
        const Trace trace = runAsNobody(
            place, {"--root-mode", mode},
            {"sh", "-c", "id; ps; ls /dev; grep -E 'CapEff|NoNewPrivs' /proc/self/status"});
        INFO(trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        CHECK(has(trace.run.out, "uid=0(root) gid=0(root)"));
        const std::vector<int> pids = psPids(trace.run.out);
        CHECK(pids.size() >= 2);  // sh and ps, nothing of the host's
        for (const int pid : pids) CHECK(pid < 10);
        CHECK(has(trace.run.out, "urandom"));
        // The default capability set applies inside the user namespace as it does as root
        // (scratch-trace holds none on the host; the init holds all of the new namespace's).
        CHECK(has(trace.run.out, "CapEff:\t00000000a00425fb"));
        CHECK(has(trace.run.out, "NoNewPrivs:\t1"));
        CHECK(trace.verdict() == "isolated");
        const json start = trace.ofType("start").at(0);
        CHECK(has(start["isolation"]["namespaces"].dump(), "\"user\""));
        CHECK(has(start["isolation"]["setup"].dump(), "userns=0:65534:65534"));
        const json summary = trace.summary();
        bool userNew = false;
        for (const json& ns : summary.at("namespaces")) {
            if (ns["name"] == "user") userNew = ns["new"] == true && ns["container"] != ns["host"];
        }
        CHECK(userNew);
        // The tracer, unprivileged too, still attributed ps's reads to the container's procfs.
        bool containerProc = false;
        for (const json& path : summary.at("paths")) {
            if (str(path, "where") == "container-procfs") containerProc = true;
        }
        CHECK(containerProc);
    }

    CHECK(mountTable() == mountsBefore);
    CHECK(strayProcesses(processesBefore, place.rootfs).empty());
}

TEST_CASE("rootless: --overlay and --ns net work for nobody too", "[root][container][rootless]") {
    requireRoot();
    if (!unprivilegedUserNamespaces()) {
        skipTest("unprivileged user namespaces are not available here");
    }
    NobodyPlace place;
    const auto mountsBefore = mountTable();
    const Trace trace = runAsNobody(place, {"--overlay", "--ns", "pid,mount,net"},
                                    {"sh", "-c",
                                     "echo hi > /made-here && cat /made-here && "
                                     "cat /proc/net/dev"});
    INFO(trace.describe());
    REQUIRE(trace.run.exitCode == 0);
    CHECK(has(trace.run.out, "hi"));
    CHECK(has(trace.run.out, "lo:"));
    CHECK_FALSE(fs::exists(fs::path(place.rootfs) / "made-here"));
    CHECK(trace.verdict() == "isolated");
    CHECK(mountTable() == mountsBefore);
}

TEST_CASE("rootless: --user other than root is refused before anything runs",
          "[root][container][rootless]") {
    requireRoot();
    if (!unprivilegedUserNamespaces()) {
        skipTest("unprivileged user namespaces are not available here");
    }
    NobodyPlace place;
    const Trace trace = runAsNobody(place, {"--user", "1000"}, {"id"});
    INFO(trace.describe());
    CHECK(trace.run.exitCode == 2);
    CHECK(has(trace.run.err, "only root (0:0) is mapped in the user namespace"));
    CHECK(trace.records.empty());
}
