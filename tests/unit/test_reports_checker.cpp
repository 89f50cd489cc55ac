// The isolation checks on synthetic events: every class fires on its mechanism (the tracer's
// attribution), never on a string that only looks like a host path, and never during setup.
#include <linux/magic.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <memory>

#include "reports/Pipeline.h"
#include "reports/RunSummary.h"
#include "reports/checks/IsolationChecker.h"

using scratch::reports::Finding;
using scratch::reports::FindingClass;
using scratch::reports::IsolationChecker;
using scratch::reports::Pipeline;
using scratch::reports::RunEnd;
using scratch::reports::RunInfo;
using scratch::reports::Severity;
using scratch::tracer::PathRef;
using scratch::tracer::Phase;
using scratch::tracer::SyscallEvent;
using scratch::tracer::TracerNote;
using scratch::tracer::Where;
namespace tr = scratch::tracer;

namespace {

PathRef ref(std::string given, std::string host, std::string resolved, Where where,
            uint8_t access = tr::kAccessRead) {
    PathRef r;
    r.given = std::move(given);
    r.host = std::move(host);
    r.resolved = std::move(resolved);
    r.where = where;
    r.access = access;
    return r;
}

SyscallEvent call(std::string name, std::vector<PathRef> paths, Phase phase = Phase::Workload,
                  int err = 0) {
    static uint64_t seq = 0;
    SyscallEvent e;
    e.seq = ++seq;
    e.tid = 4242;
    e.tgid = 4242;
    e.nspid = 1;
    e.phase = phase;
    e.setInfo(scratch::tracer::findSyscall(name));  // the checks read the row
    e.name = std::move(name);
    e.paths = std::move(paths);
    e.err = err;
    e.ret = err != 0 ? -err : 3;
    if (err != 0) {
        for (auto& p : e.paths) p.exists = err != ENOENT;
    }
    return e;
}

std::vector<Finding> check(IsolationChecker& checker, const SyscallEvent& event) {
    std::vector<Finding> out;
    checker.check(event, out);
    return out;
}

std::vector<Finding> check(IsolationChecker& checker, const TracerNote& note) {
    std::vector<Finding> out;
    checker.check(note, out);
    return out;
}

IsolationChecker chrootChecker() {
    IsolationChecker checker;
    RunInfo info;
    info.rootMode = scratch::RootMode::Chroot;
    info.procMode = scratch::ProcMode::New;
    checker.start(info);
    return checker;
}

}  // namespace

TEST_CASE("setup-phase events are never findings", "[reports][checker]") {
    auto checker = chrootChecker();
    // The runtime itself runs on the host before its chroot: host paths, host procfs, a chroot.
    CHECK(check(checker, call("openat",
                              {ref("/proc/self/status", "/proc/self/status", "/proc/self/status",
                                   Where::HostProcfs)},
                              Phase::Setup))
              .empty());
    CHECK(check(checker,
                call("execve",
                     {ref("/usr/bin/x", "/usr/bin/x", "/usr/bin/x", Where::Host, tr::kAccessExec)},
                     Phase::Setup))
              .empty());
    CHECK(check(checker, call("chroot", {ref("/", "/", "/", Where::Host)}, Phase::Setup)).empty());
    CHECK(check(checker, call("io_uring_setup", {}, Phase::Setup)).empty());
}

TEST_CASE("lookalike strings inside the rootfs are not findings", "[reports][checker]") {
    auto checker = chrootChecker();
    // A rootfs that literally contains a directory named proc/1 (no procfs mounted there).
    CHECK(check(checker, call("openat", {ref("/proc/1/stat", "/work/rootfs/proc/1/stat",
                                             "/proc/1/stat", Where::Rootfs)}))
              .empty());
    // /../../etc/passwd inside a chroot stays inside.
    CHECK(check(checker, call("openat", {ref("/../../etc/passwd", "/work/rootfs/etc/passwd",
                                             "/etc/passwd", Where::Rootfs)}))
              .empty());
    // A write to a plain directory called /proc/sys or /sys in the rootfs is not a sysctl.
    CHECK(check(checker,
                call("openat",
                     {ref("/proc/sys/kernel/hostname", "/work/rootfs/proc/sys/kernel/hostname",
                          "/proc/sys/kernel/hostname", Where::Rootfs, tr::kAccessWrite)}))
              .empty());
    CHECK(check(checker, call("openat", {ref("/sys/kernel/x", "/work/rootfs/sys/kernel/x",
                                             "/sys/kernel/x", Where::Rootfs, tr::kAccessWrite)}))
              .empty());
    // A chdir into the rootfs, the container's own procfs and its tmpfs are fine.
    CHECK(check(checker, call("chdir", {ref("/tmp", "/work/rootfs/tmp", "/tmp", Where::Rootfs)}))
              .empty());
    CHECK(check(checker, call("openat", {ref("/proc/1/stat", "/work/rootfs/proc/1/stat",
                                             "/proc/1/stat", Where::ContainerProcfs)}))
              .empty());
    CHECK(check(checker, call("openat", {ref("/dev/pts/0", "", "/dev/pts/0", Where::ContainerMount,
                                             tr::kAccessWrite)}))
              .empty());
    CHECK(check(checker, call("read", {ref("pipe:[123]", "", "", Where::Unknown)})).empty());
}

TEST_CASE("host-procfs comes from the attribution, once per path", "[reports][checker]") {
    auto checker = chrootChecker();
    // An innocent-looking string that the tracer attributed to the host's procfs.
    auto findings = check(
        checker,
        call("openat", {ref("/proc/1/stat", "/proc/1/stat", "/proc/1/stat", Where::HostProcfs)}));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].klass == FindingClass::HostProcfs);
    CHECK(findings[0].severity == Severity::Leak);
    CHECK(findings[0].host == "/proc/1/stat");
    CHECK(findings[0].pid == 4242);
    CHECK(findings[0].nspid == 1);
    CHECK(findings[0].fix ==
          "mount a fresh procfs for the container's PID namespace (--proc new) inside a new root");
    CHECK(check(checker,
                call("read", {ref("fd 3", "/proc/1/stat", "/proc/1/stat", Where::HostProcfs)}))
              .empty());
    // One finding per process says it: ps reads hundreds of host /proc entries.
    CHECK(check(checker, call("openat", {ref("/proc/2/stat", "/proc/2/stat", "/proc/2/stat",
                                             Where::HostProcfs)}))
              .empty());
    auto other =
        call("openat", {ref("/proc/2/stat", "/proc/2/stat", "/proc/2/stat", Where::HostProcfs)});
    other.tid = other.tgid = 4343;
    CHECK(check(checker, other).size() == 1);
}

TEST_CASE("outside-rootfs: failed is a warning, reached is a leak", "[reports][checker]") {
    auto checker = chrootChecker();
    auto failed =
        check(checker, call("openat",
                            {ref("../../../etc/shadow", "/etc/shadow", "/etc/shadow", Where::Host)},
                            Phase::Workload, ENOENT));
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].klass == FindingClass::OutsideRootfs);
    CHECK(failed[0].severity == Severity::Warning);
    CHECK(failed[0].message.find("ENOENT") != std::string::npos);
    // The same path reached later is raised again, now as a leak; then it is quiet.
    auto reached = check(
        checker,
        call("openat", {ref("../../../etc/shadow", "/etc/shadow", "/etc/shadow", Where::Host)}));
    REQUIRE(reached.size() == 1);
    CHECK(reached[0].severity == Severity::Leak);
    CHECK(reached[0].fix.find("--root-mode pivot") != std::string::npos);
    CHECK(check(checker,
                call("openat", {ref("/etc/shadow", "/etc/shadow", "/etc/shadow", Where::Host)}))
              .empty());
    // Through a directory fd held from outside: the fix is to close fds.
    PathRef viaFd = ref("fd 5", "/home/user", "/home/user", Where::Host, tr::kAccessList);
    viaFd.fd = 5;
    auto fd = check(checker, call("getdents64", {viaFd}));
    REQUIRE(fd.size() == 1);
    CHECK(fd[0].fix.find("close_range") != std::string::npos);
}

TEST_CASE("escaped-root on a successful chroot or chdir to a host object", "[reports][checker]") {
    auto checker = chrootChecker();
    auto findings = check(checker, call("chroot", {ref("../../..", "/", "/", Where::Host)}));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].klass == FindingClass::EscapedRoot);
    CHECK(findings[0].severity == Severity::Leak);
    CHECK(findings[0].fix ==
          "use --root-mode pivot (pivot_root + detached old root) and drop CAP_SYS_CHROOT");
    auto fchdir = check(checker, call("fchdir", {ref("fd 3", "/home", "/home", Where::Host)}));
    REQUIRE(fchdir.size() == 1);
    CHECK(fchdir[0].klass == FindingClass::EscapedRoot);
    // A failed chroot moved nothing: no escaped-root (the attempt is an outside-rootfs warning).
    auto failed = check(
        checker, call("chroot", {ref("/x", "/x", "/x", Where::Host)}, Phase::Workload, EPERM));
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].klass == FindingClass::OutsideRootfs);
    CHECK(failed[0].severity == Severity::Warning);
}

TEST_CASE("tracer notes: inherited fds, mounts, lost tasks", "[reports][checker]") {
    auto checker = chrootChecker();
    TracerNote fd{TracerNote::Kind::InheritedFd};
    fd.tid = 10;
    fd.fd = 7;
    fd.host = "/home/user/secret";
    fd.where = Where::Host;
    auto leak = check(checker, fd);
    REQUIRE(leak.size() == 1);
    CHECK(leak[0].klass == FindingClass::InheritedFd);
    CHECK(leak[0].severity == Severity::Leak);
    fd.fd = 8;
    fd.host = "/dev/pts/0";
    fd.where = Where::ContainerMount;
    auto warning = check(checker, fd);
    REQUIRE(warning.size() == 1);
    CHECK(warning[0].severity == Severity::Warning);

    TracerNote mount{TracerNote::Kind::HostMountAdded};
    mount.host = "/mnt/x";
    auto mounted = check(checker, mount);
    REQUIRE(mounted.size() == 1);
    CHECK(mounted[0].klass == FindingClass::MountPropagation);
    CHECK(mounted[0].severity == Severity::Leak);

    TracerNote blocked{TracerNote::Kind::UntracedCloneBlocked};
    blocked.tid = 11;
    auto prevented = check(checker, blocked);
    REQUIRE(prevented.size() == 1);
    CHECK(prevented[0].klass == FindingClass::UntracedTask);
    CHECK(prevented[0].severity == Severity::Warning);
    CHECK(prevented[0].message.find("prevented: CLONE_UNTRACED removed") == 0);

    TracerNote lost{TracerNote::Kind::TaskLost};
    lost.tid = 12;
    auto gone = check(checker, lost);
    REQUIRE(gone.size() == 1);
    CHECK(gone[0].severity == Severity::Leak);
}

TEST_CASE("blind-spot and sensitive interfaces", "[reports][checker]") {
    auto checker = chrootChecker();
    // The tracer decodes io_uring: a ring by itself is no finding (what it could not see
    // comes as a BlindSpot note); the paths its operations reached are checked like any.
    CHECK(check(checker, call("io_uring_setup", {})).empty());
    CHECK(check(checker, call("io_uring_enter", {})).empty());
    auto ringOpen = check(
        checker,
        call("io_uring_enter", {ref("/etc/shadow", "/etc/shadow", "/etc/shadow", Where::Host)}));
    REQUIRE(ringOpen.size() == 1);
    CHECK(ringOpen[0].klass == FindingClass::OutsideRootfs);
    CHECK(ringOpen[0].severity == Severity::Leak);

    // A sysctl write through the container's own procfs is still host-global. The object
    // decides: a procfs (its magic) and the path inside it (test_reports_sensitive.cpp has more).
    PathRef hostname = ref("/proc/sys/kernel/hostname", "/work/rootfs/proc/sys/kernel/hostname",
                           "/proc/sys/kernel/hostname", Where::ContainerProcfs, tr::kAccessWrite);
    hostname.fsMagic = PROC_SUPER_MAGIC;
    hostname.fsPath = "/sys/kernel/hostname";
    auto sysctl = check(checker, call("openat", {hostname}));
    REQUIRE(sysctl.size() == 1);
    CHECK(sysctl[0].klass == FindingClass::SensitiveInterface);
    CHECK(sysctl[0].severity == Severity::Leak);
    // Reading a sysctl is not.
    CHECK(check(checker, call("openat",
                              {ref("/proc/sys/kernel/ostype", "/work/rootfs/proc/sys/kernel/ostype",
                                   "/proc/sys/kernel/ostype", Where::ContainerProcfs)}))
              .empty());
    // sysfs mounted in the container, written: leak; refused (EROFS): warning.
    PathRef power =
        ref("/sys/power/state", "", "/sys/power/state", Where::ContainerMount, tr::kAccessWrite);
    power.fsMagic = SYSFS_MAGIC;
    power.fsPath = "/power/state";
    auto sys = check(checker, call("openat", {power}, Phase::Workload, EROFS));
    REQUIRE(sys.size() == 1);
    CHECK(sys[0].severity == Severity::Warning);

    PathRef kcoreRef =
        ref("/proc/kcore", "/work/rootfs/proc/kcore", "/proc/kcore", Where::ContainerProcfs);
    kcoreRef.fsMagic = PROC_SUPER_MAGIC;
    kcoreRef.fsPath = "/kcore";
    auto kcore = check(checker, call("openat", {kcoreRef}));
    REQUIRE(kcore.size() == 1);
    CHECK(kcore[0].severity == Severity::Warning);

    auto handle = check(checker, call("open_by_handle_at",
                                      {ref("fd 3", "/etc/shadow", "/etc/shadow", Where::Host)}));
    REQUIRE(handle.size() == 1);  // not also outside-rootfs
    CHECK(handle[0].klass == FindingClass::SensitiveInterface);
    CHECK(handle[0].severity == Severity::Leak);
    auto handleInside =
        check(checker,
              call("open_by_handle_at", {ref("fd 3", "/work/rootfs/etc", "/etc", Where::Rootfs)}));
    REQUIRE(handleInside.size() == 1);
    CHECK(handleInside[0].severity == Severity::Warning);

    auto setns = check(checker, call("setns", {}));
    REQUIRE(setns.size() == 1);
    CHECK(setns[0].severity == Severity::Warning);

    SyscallEvent dev = call("mknod", {ref("/dev/sda", "/work/rootfs/dev/sda", "/dev/sda",
                                          Where::Rootfs, tr::kAccessCreate)});
    dev.rawArgs[1] = S_IFBLK | 0600;
    auto node = check(checker, dev);
    REQUIRE(node.size() == 1);
    CHECK(node[0].klass == FindingClass::SensitiveInterface);
    SyscallEvent fifo = call(
        "mknod", {ref("/tmp/f", "/work/rootfs/tmp/f", "/tmp/f", Where::Rootfs, tr::kAccessCreate)});
    fifo.rawArgs[1] = S_IFIFO | 0600;
    CHECK(check(checker, fifo).empty());
}

TEST_CASE("the pipeline caps findings per class and decides the verdict", "[reports][checker]") {
    Pipeline pipeline;
    RunInfo info;
    info.rootMode = scratch::RootMode::None;
    info.procMode = scratch::ProcMode::None;
    pipeline.start(info);
    for (int i = 1; i <= 25; ++i) {
        const std::string path = "/etc/host" + std::to_string(i);
        pipeline.onSyscall(call("openat", {ref(path, path, path, Where::Host)}));
    }
    pipeline.onSyscall(call("io_uring_setup", {}));
    const auto& summary = pipeline.finish(RunEnd{});
    CHECK(summary.isLeak());
    CHECK(summary.verdict() == "leak");
    CHECK(summary.findings().size() == 20);
    CHECK(summary.omitted().at("outside-rootfs") == 5);
    CHECK(summary.line() == "LEAK (outside-rootfs: 25)");
    CHECK(summary.counts.syscalls == 26);
    CHECK(summary.counts.processes == 1);
    // Idempotent: a second finish changes nothing.
    CHECK(&pipeline.finish(RunEnd{}) == &summary);
}

TEST_CASE("no findings: isolated", "[reports][checker]") {
    Pipeline pipeline;
    pipeline.start(RunInfo{});
    pipeline.onSyscall(call(
        "openat", {ref("/etc/passwd", "/work/rootfs/etc/passwd", "/etc/passwd", Where::Rootfs)}));
    const auto& summary = pipeline.finish(RunEnd{});
    CHECK_FALSE(summary.isLeak());
    CHECK(summary.line() == "isolated");
}

TEST_CASE("outside-rootfs through an fd the kernel installed names where it came from",
          "[reports][checker]") {
    IsolationChecker checker = chrootChecker();
    PathRef received = ref("<received fd 5>", "/etc/hostname", "/etc/hostname", Where::Host);
    received.fd = 5;
    const auto viaSocket = check(checker, call("recvmsg", {received}));
    REQUIRE(viaSocket.size() == 1);
    CHECK(viaSocket[0].klass == FindingClass::OutsideRootfs);
    CHECK(viaSocket[0].fix.find("SCM_RIGHTS") != std::string::npos);
    CHECK(viaSocket[0].fix.find("--root-mode") == std::string::npos);
    PathRef taken = ref("<returned fd 6>", "/etc/shadow", "/etc/shadow", Where::Host);
    taken.fd = 6;
    const auto viaCall = check(checker, call("pidfd_getfd", {taken}));
    REQUIRE(viaCall.size() == 1);
    CHECK(viaCall[0].fix.find("CAP_SYS_PTRACE") != std::string::npos);
}
