// The sensitive-interface rules decided by the object (filesystem magic, path inside that
// filesystem, device numbers), blind spots, and the third verdict. PathRefs are built here as
// the resolver fills them; a string that only looks like /proc/sys never decides anything.
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <catch2/catch.hpp>
#include <cerrno>

#include "reports/Pipeline.h"
#include "reports/RunSummary.h"
#include "reports/checks/IsolationChecker.h"
#include "reports/checks/SensitiveObjects.h"

using scratch::reports::Finding;
using scratch::reports::FindingClass;
using scratch::reports::IsolationChecker;
using scratch::reports::Pipeline;
using scratch::reports::RunEnd;
using scratch::reports::RunInfo;
using scratch::reports::RunSummary;
using scratch::reports::Severity;
using scratch::tracer::PathRef;
using scratch::tracer::Phase;
using scratch::tracer::SyscallEvent;
using scratch::tracer::TracerNote;
using scratch::tracer::Where;
namespace tr = scratch::tracer;

namespace {

/// A PathRef as the resolver fills it for an object on a filesystem with magic `magic`.
PathRef object(std::string resolved, std::string host, Where where, uint32_t magic,
               std::string fsPath, uint8_t access) {
    PathRef r;
    r.given = resolved;
    r.resolved = std::move(resolved);
    r.host = std::move(host);
    r.where = where;
    r.fsMagic = magic;
    r.fsPath = std::move(fsPath);
    r.access = access;
    r.mode = S_IFREG | 0644;
    r.ino = 77;
    return r;
}

/// A device node at `resolved` (in the rootfs, made with mknod) for device major:minor.
PathRef device(std::string resolved, mode_t type, unsigned maj, unsigned min, uint8_t access) {
    PathRef r = object(resolved, "/srv/rootfs" + resolved, Where::Rootfs, TMPFS_MAGIC, {}, access);
    r.mode = type | 0600;
    r.rdev = makedev(maj, min);
    return r;
}

SyscallEvent call(std::string name, std::vector<PathRef> paths, int err = 0) {
    static uint64_t seq = 1000;
    SyscallEvent e;
    e.seq = ++seq;
    e.tid = 5151;
    e.tgid = 5151;
    e.nspid = 1;
    e.phase = Phase::Workload;
    e.setInfo(scratch::tracer::findSyscall(name));  // the checks read the row
    e.name = std::move(name);
    e.paths = std::move(paths);
    e.err = err;
    e.ret = err != 0 ? -err : 3;
    if (err == ENOENT) {
        for (auto& p : e.paths) p.exists = false;
    }
    return e;
}

IsolationChecker checkerFor(scratch::RootMode rootMode = scratch::RootMode::Chroot,
                            std::vector<std::string> cgroups = {}) {
    IsolationChecker checker;
    RunInfo info;
    info.rootMode = rootMode;
    info.procMode = scratch::ProcMode::New;
    info.ownCgroups = std::move(cgroups);
    checker.start(info);
    return checker;
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

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("any procfs's sys/ written is a leak wherever it is mounted", "[reports][sensitive]") {
    auto checker = checkerFor();
    // A second procfs mounted at /mnt/p: the string says nothing of /proc/sys.
    auto second =
        check(checker,
              call("openat", {object("/mnt/p/sys/vm/drop_caches",
                                     "/srv/rootfs/mnt/p/sys/vm/drop_caches", Where::ContainerProcfs,
                                     PROC_SUPER_MAGIC, "/sys/vm/drop_caches", tr::kAccessWrite)}));
    REQUIRE(second.size() == 1);
    CHECK(second[0].klass == FindingClass::SensitiveInterface);
    CHECK(second[0].severity == Severity::Leak);
    CHECK(has(second[0].message, "procfs /sys/vm/drop_caches"));
    CHECK(has(second[0].message, "sysctls are host-global"));
    CHECK(has(second[0].fix, "CAP_SYS_ADMIN"));
    // The same sysctl through the container's /proc is the same object: not a second finding.
    CHECK(check(checker, call("openat",
                              {object("/proc/sys/vm/drop_caches",
                                      "/srv/rootfs/proc/sys/vm/drop_caches", Where::ContainerProcfs,
                                      PROC_SUPER_MAGIC, "/sys/vm/drop_caches", tr::kAccessWrite)}))
              .empty());
    // A refused write (EROFS: /proc/sys bound read-only) is a warning.
    auto refused =
        check(checker, call("openat",
                            {object("/proc/sys/kernel/hostname",
                                    "/srv/rootfs/proc/sys/kernel/hostname", Where::ContainerProcfs,
                                    PROC_SUPER_MAGIC, "/sys/kernel/hostname", tr::kAccessWrite)},
                            EROFS));
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].severity == Severity::Warning);
    // Reading a sysctl changes nothing.
    CHECK(check(checker,
                call("openat", {object("/proc/sys/kernel/ostype",
                                       "/srv/rootfs/proc/sys/kernel/ostype", Where::ContainerProcfs,
                                       PROC_SUPER_MAGIC, "/sys/kernel/ostype", tr::kAccessRead)}))
              .empty());
}

TEST_CASE("a plain directory that looks like a kernel interface is not one",
          "[reports][sensitive]") {
    auto checker = checkerFor();
    // The rootfs has a real directory /proc/sys/... on ext4: the object decides, not the string.
    CHECK(check(checker,
                call("openat",
                     {object("/proc/sys/vm/drop_caches", "/srv/rootfs/proc/sys/vm/drop_caches",
                             Where::Rootfs, EXT4_SUPER_MAGIC, {}, tr::kAccessWrite)}))
              .empty());
    CHECK(check(checker,
                call("openat", {object("/sys/power/state", "/srv/rootfs/sys/power/state",
                                       Where::Rootfs, EXT4_SUPER_MAGIC, {}, tr::kAccessWrite)}))
              .empty());
    // A procfs file outside sys/ that a program writes (its own oom_score_adj, comm).
    CHECK(check(checker,
                call("openat", {object("/proc/self/oom_score_adj",
                                       "/srv/rootfs/proc/7/oom_score_adj", Where::ContainerProcfs,
                                       PROC_SUPER_MAGIC, "/7/oom_score_adj", tr::kAccessWrite)}))
              .empty());
}

TEST_CASE("kernel filesystems written are leaks, by their magic", "[reports][sensitive]") {
    const std::vector<std::pair<uint32_t, std::string>> filesystems = {
        {SYSFS_MAGIC, "sysfs"},           {DEBUGFS_MAGIC, "debugfs"}, {TRACEFS_MAGIC, "tracefs"},
        {SECURITYFS_MAGIC, "securityfs"}, {BPF_FS_MAGIC, "bpf"},      {0x62656570, "configfs"},
        {EFIVARFS_MAGIC, "efivarfs"},
    };
    for (const auto& [magic, name] : filesystems) {
        INFO(name);
        auto checker = checkerFor();
        auto written = check(
            checker, call("openat", {object("/x/attr", "/srv/rootfs/x/attr", Where::ContainerMount,
                                            magic, "/attr", tr::kAccessWrite)}));
        REQUIRE(written.size() == 1);
        CHECK(written[0].severity == Severity::Leak);
        CHECK(has(written[0].message, name + " "));
        CHECK(has(written[0].fix, "kernel filesystem"));
        // Read: not a finding (nproc reads sysfs).
        CHECK(check(checker,
                    call("openat", {object("/x/other", "/srv/rootfs/x/other", Where::ContainerMount,
                                           magic, "/other", tr::kAccessRead)}))
                  .empty());
    }
    auto checker = checkerFor();
    auto refused = check(checker, call("openat",
                                       {object("/sys/power/state", "", Where::ContainerMount,
                                               SYSFS_MAGIC, "/power/state", tr::kAccessWrite)},
                                       EROFS));
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].severity == Severity::Warning);
}

TEST_CASE("cgroupfs writes outside the container's own cgroup", "[reports][sensitive]") {
    auto checker = checkerFor(scratch::RootMode::Chroot, {"/sys/fs/cgroup/scratch-trace-9"});
    CHECK(
        check(checker, call("openat", {object("/sys/fs/cgroup/cgroup.procs",
                                              "/sys/fs/cgroup/scratch-trace-9/cgroup.procs",
                                              Where::ContainerMount, CGROUP2_SUPER_MAGIC,
                                              "/scratch-trace-9/cgroup.procs", tr::kAccessWrite)}))
            .empty());
    // A sibling whose name starts like the own cgroup is not inside it.
    auto sibling = check(
        checker, call("openat", {object("/cg/scratch-trace-99/cgroup.procs",
                                        "/sys/fs/cgroup/scratch-trace-99/cgroup.procs",
                                        Where::ContainerMount, CGROUP2_SUPER_MAGIC,
                                        "/scratch-trace-99/cgroup.procs", tr::kAccessWrite)}));
    REQUIRE(sibling.size() == 1);
    CHECK(sibling[0].severity == Severity::Leak);
    CHECK(has(sibling[0].fix, "--ns cgroup"));
    auto v1 = check(checker, call("openat", {object("/cg/memory/memory.limit_in_bytes",
                                                    "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                                    Where::ContainerMount, CGROUP_SUPER_MAGIC,
                                                    "/memory.limit_in_bytes", tr::kAccessWrite)}));
    REQUIRE(v1.size() == 1);
    // Without a cgroup of its own every cgroup write is outside it.
    auto none = checkerFor();
    CHECK(check(none, call("openat", {object("/cg/cgroup.procs", "/sys/fs/cgroup/cgroup.procs",
                                             Where::ContainerMount, CGROUP2_SUPER_MAGIC,
                                             "/cgroup.procs", tr::kAccessWrite)}))
              .size() == 1);
}

TEST_CASE("procfs kernel secrets read: warnings, by fsPath", "[reports][sensitive]") {
    auto checker = checkerFor();
    for (const char* secret : {"/kcore", "/kmsg", "/keys", "/sysrq-trigger"}) {
        INFO(secret);
        auto found = check(
            checker,
            call("openat",
                 {object(std::string("/mnt/p") + secret, std::string("/srv/rootfs/mnt/p") + secret,
                         Where::ContainerProcfs, PROC_SUPER_MAGIC, secret, tr::kAccessRead)}));
        REQUIRE(found.size() == 1);
        CHECK(found[0].severity == Severity::Warning);
        CHECK(has(found[0].fix, "mask it"));
    }
    // Writing SysRq acts on the host kernel: a leak.
    auto sysrq = check(
        checker, call("openat", {object("/proc/sysrq-trigger", "", Where::ContainerProcfs,
                                        PROC_SUPER_MAGIC, "/sysrq-trigger", tr::kAccessWrite)}));
    REQUIRE(sysrq.size() == 1);
    CHECK(sysrq[0].severity == Severity::Leak);
}

TEST_CASE("block and raw memory devices opened are leaks; mknod stays a warning",
          "[reports][sensitive]") {
    auto checker = checkerFor();
    SyscallEvent made = call("mknodat", {device("/tmp/disk", S_IFBLK, 7, 0, tr::kAccessCreate)});
    made.rawArgs[2] = S_IFBLK | 0600;
    auto node = check(checker, made);
    REQUIRE(node.size() == 1);
    CHECK(node[0].severity == Severity::Warning);
    CHECK(has(node[0].message, "device node"));

    auto opened =
        check(checker, call("openat", {device("/tmp/disk", S_IFBLK, 7, 0, tr::kAccessRead)}));
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].klass == FindingClass::SensitiveInterface);
    CHECK(opened[0].severity == Severity::Leak);
    CHECK(has(opened[0].message, "host block device 7:0"));
    CHECK(has(opened[0].fix, "nodev"));
    // Reading through the fd afterwards is the same device: no second finding.
    PathRef viaFd = device("/tmp/disk", S_IFBLK, 7, 0, tr::kAccessRead);
    viaFd.given = "fd 3";
    viaFd.fd = 3;
    CHECK(check(checker, call("read", {viaFd})).empty());
    // A refused open (nodev: EACCES) is a warning.
    auto fresh = checkerFor();
    auto refused =
        check(fresh, call("openat", {device("/tmp/sda", S_IFBLK, 8, 0, tr::kAccessRead)}, EACCES));
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].severity == Severity::Warning);
    // A stat of a block device opens nothing.
    CHECK(check(fresh, call("newfstatat", {device("/tmp/sdb", S_IFBLK, 8, 16, tr::kAccessStat)}))
              .empty());

    for (unsigned minorNr : {1U, 2U, 4U}) {
        INFO(minorNr);
        auto mem = check(checker, call("openat", {device("/tmp/m" + std::to_string(minorNr),
                                                         S_IFCHR, 1, minorNr, tr::kAccessRead)}));
        REQUIRE(mem.size() == 1);
        CHECK(mem[0].severity == Severity::Leak);
        CHECK(has(mem[0].message, "raw memory device"));
    }
    // The harmless memory devices: /dev/null, zero, full, random, urandom.
    for (unsigned minorNr : {3U, 5U, 7U, 8U, 9U}) {
        CHECK(check(checker, call("openat", {device("/dev/x" + std::to_string(minorNr), S_IFCHR, 1,
                                                    minorNr, tr::kAccessRead | tr::kAccessWrite)}))
                  .empty());
    }
    // A character device of another major (a tty) is not a raw memory device.
    CHECK(check(checker, call("openat", {device("/dev/tty", S_IFCHR, 5, 0, tr::kAccessWrite)}))
              .empty());
}

TEST_CASE("anonymous objects and the standard streams are never findings", "[reports][sensitive]") {
    auto checker = checkerFor();
    // memfd (on shmem), the container's own namespace file, a pipe: anonymous.
    PathRef memfd = object("/memfd:x (deleted)", "", Where::Anonymous, TMPFS_MAGIC, {},
                           tr::kAccessRead | tr::kAccessWrite);
    PathRef ns = object("/proc/self/ns/uts", "", Where::Anonymous, NSFS_MAGIC, {}, tr::kAccessRead);
    CHECK(check(checker, call("openat", {memfd})).empty());
    CHECK(check(checker, call("openat", {ns})).empty());
    // Even a device on an anonymous object (should the resolver say so) is not a finding by
    // itself; and a block device on stdin is the runtime's choice.
    PathRef anonDev = device("anon", S_IFBLK, 8, 0, tr::kAccessRead);
    anonDev.where = Where::Anonymous;
    CHECK(check(checker, call("read", {anonDev})).empty());
    PathRef stdinDev = device("/dev/stdin", S_IFBLK, 8, 0, tr::kAccessRead);
    stdinDev.stdio = true;
    CHECK(check(checker, call("read", {stdinDev})).empty());
    // A host object reached as stdio (the runtime's own stdin reopened): exempt.
    PathRef reopened = object("/proc/self/fd/0", "/dev/pts/3", Where::Host, DEVPTS_SUPER_MAGIC, {},
                              tr::kAccessRead);
    reopened.stdio = true;
    CHECK(check(checker, call("openat", {reopened})).empty());
}

TEST_CASE("blind spots: one per reason and process, verdict inconclusive", "[reports][sensitive]") {
    auto checker = checkerFor();
    // The tracer learns tid -> process from the events.
    SyscallEvent thread = call("getpid", {});
    thread.tid = 5152;
    thread.tgid = 5151;
    CHECK(check(checker, thread).empty());

    TracerNote note{TracerNote::Kind::BlindSpot};
    note.tid = 5151;
    note.detail = "io_uring opcode 46 not decoded";
    auto first = check(checker, note);
    REQUIRE(first.size() == 1);
    CHECK(first[0].klass == FindingClass::BlindSpot);
    CHECK(first[0].severity == Severity::Warning);
    CHECK(has(first[0].message, "io_uring opcode 46 not decoded"));
    CHECK(has(first[0].fix, "io_uring_disabled"));
    note.tid = 5152;  // another thread of the same process, same reason
    CHECK(check(checker, note).empty());
    note.detail = "an argument in memfd_secret memory could not be read";
    auto second = check(checker, note);
    REQUIRE(second.size() == 1);
    CHECK(has(second[0].fix, "memfd_secret"));
    note.tid = 6000;  // another process
    CHECK(check(checker, note).size() == 1);
    note.detail = "something else";
    auto generic = check(checker, note);
    REQUIRE(generic.size() == 1);
    CHECK(has(generic[0].fix, "deny the mechanism"));

    // io_uring is decoded (tracer/IoUringRings.h): its calls are no finding by themselves, only
    // what of a ring the tracer could not see (its BlindSpot notes, above).
    CHECK(check(checker, call("io_uring_setup", {})).empty());
    CHECK(check(checker, call("io_uring_enter", {})).empty());
}

TEST_CASE("the three verdicts", "[reports][verdict]") {
    Finding blind;
    blind.klass = FindingClass::BlindSpot;
    blind.severity = Severity::Warning;
    Finding warning;
    warning.klass = FindingClass::SensitiveInterface;
    warning.severity = Severity::Warning;
    Finding leak;
    leak.klass = FindingClass::OutsideRootfs;
    leak.severity = Severity::Leak;

    RunSummary isolated;
    isolated.addFinding(warning);
    CHECK(isolated.verdict() == "isolated");
    CHECK_FALSE(isolated.isInconclusive());
    CHECK(isolated.line() == "isolated (1 warning)");

    RunSummary inconclusive;
    inconclusive.addFinding(blind);
    CHECK(inconclusive.verdict() == "inconclusive");
    CHECK(inconclusive.isInconclusive());
    CHECK_FALSE(inconclusive.isLeak());
    CHECK(inconclusive.line() == "INCONCLUSIVE (blind-spot: 1)");
    inconclusive.addFinding(warning);
    inconclusive.addFinding(warning);
    CHECK(inconclusive.line() == "INCONCLUSIVE (blind-spot: 1; 2 other warnings)");

    // A leak outweighs a blind spot: what was seen is enough to say leak.
    inconclusive.addFinding(leak);
    CHECK(inconclusive.verdict() == "leak");
    CHECK_FALSE(inconclusive.isInconclusive());
    CHECK(inconclusive.line() == "LEAK (outside-rootfs: 1)");

    // Omitted blind spots (over the per-class cap) still count.
    RunSummary many;
    for (size_t i = 0; i < RunSummary::kMaxFindingsPerClass + 3; ++i) many.addFinding(blind);
    CHECK(many.verdict() == "inconclusive");
    CHECK(many.line() == "INCONCLUSIVE (blind-spot: 23)");
}

TEST_CASE("an io_uring run is inconclusive only for what the tracer could not see",
          "[reports][verdict]") {
    // Decoded rings (tracer/IoUringRings.h) are no finding by themselves.
    Pipeline decoded;
    RunInfo info;
    info.rootMode = scratch::RootMode::Pivot;
    decoded.start(info);
    decoded.onSyscall(call("io_uring_setup", {}));
    decoded.onSyscall(call("io_uring_enter", {}));
    CHECK(decoded.finish(RunEnd{}).verdict() == "isolated");
    // An SQPOLL ring: the tracer's BlindSpot note makes the run inconclusive.
    Pipeline sqpoll;
    sqpoll.start(info);
    const SyscallEvent setup = call("io_uring_setup", {});
    sqpoll.onSyscall(setup);
    TracerNote note{TracerNote::Kind::BlindSpot};
    note.tid = setup.tid;
    note.seq = setup.seq;
    note.detail = "io_uring SQPOLL ring: submissions without syscalls";
    sqpoll.onNote(note);
    const auto& summary = sqpoll.finish(RunEnd{});
    CHECK(summary.verdict() == "inconclusive");
    CHECK(summary.line() == "INCONCLUSIVE (blind-spot: 1)");
}

TEST_CASE("blind spots of the runtime's own setup are not findings", "[reports][sensitive]") {
    IsolationChecker checker = checkerFor();
    TracerNote note{TracerNote::Kind::BlindSpot};
    note.tid = 5151;
    note.detail = "mount: argument 1 could not be read";
    // Before the command's execve: the runtime's mount, not the workload.
    SyscallEvent setup = call("mount", {});
    setup.phase = Phase::Setup;
    CHECK(check(checker, setup).empty());
    CHECK(check(checker, note).empty());
    // Once the workload runs, the same reason is a blind spot.
    CHECK(check(checker, call("getpid", {})).empty());
    CHECK(check(checker, note).size() == 1);
}

TEST_CASE("every fix names the mechanism of its finding", "[reports][sensitive]") {
    // escaped-root: by the way out.
    auto chroot = checkerFor(scratch::RootMode::Chroot);
    PathRef up = object("/", "/", Where::Host, EXT4_SUPER_MAGIC, {}, tr::kAccessRead);
    up.mode = S_IFDIR | 0755;
    auto byChroot = check(chroot, call("chroot", {up}));
    REQUIRE(byChroot.size() == 1);
    CHECK(has(byChroot[0].fix, "--root-mode pivot"));
    auto pivot = checkerFor(scratch::RootMode::Pivot);
    auto byPivot = check(pivot, call("chdir", {up}));
    REQUIRE(byPivot.size() == 1);
    CHECK_FALSE(has(byPivot[0].fix, "use --root-mode pivot"));
    CHECK(has(byPivot[0].fix, "bind mount or fd"));
    PathRef viaFd = object("fd 3", "/home", Where::Host, EXT4_SUPER_MAGIC, {}, tr::kAccessRead);
    viaFd.given = "fd 3";
    viaFd.fd = 3;
    viaFd.mode = S_IFDIR | 0755;
    auto byFd = check(pivot, call("fchdir", {viaFd}));
    REQUIRE(byFd.size() == 1);
    CHECK(has(byFd[0].fix, "close_range"));
    // A device node made in /tmp: the fix is CAP_MKNOD and nodev on every writable filesystem,
    // not only /dev.
    SyscallEvent made = call("mknod", {device("/tmp/n", S_IFCHR, 1, 1, tr::kAccessCreate)});
    made.rawArgs[1] = S_IFCHR | 0600;
    auto node = check(chroot, made);
    REQUIRE(node.size() == 1);
    CHECK(has(node[0].fix, "CAP_MKNOD"));
    CHECK(has(node[0].fix, "writable filesystems nodev"));
    // A sysctl through a second procfs: CAP_SYS_ADMIN (the mount), not only /proc/sys read-only.
    auto sysctl = check(
        chroot, call("openat", {object("/mnt/p/sys/kernel/x", "", Where::ContainerProcfs,
                                       PROC_SUPER_MAGIC, "/sys/kernel/x", tr::kAccessWrite)}));
    REQUIRE(sysctl.size() == 1);
    CHECK(has(sysctl[0].fix, "CAP_SYS_ADMIN"));
    CHECK(has(sysctl[0].fix, "read-only"));
}
