// The findings as one screen (reports/documents/FindingGroups): the article's host-procfs leak
// comes first whatever order the checks made the findings in, each class once with its full count,
// the strongest procfs evidence is the lowest host pid's stat, and the rerun applies every fix.
#include <catch2/catch.hpp>

#include "reports/RunSummary.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/FindingGroups.h"

using namespace scratch;
using namespace scratch::reports;

namespace {

Finding finding(std::string klass, std::string severity, std::string host, std::string fix) {
    Finding f;
    f.klass = findingClassFromName(klass).value();
    f.severity = severityFromName(severity).value();
    f.pid = 200;
    f.nspid = 1;
    f.seq = 7;
    f.host = host;
    f.message = "reached " + host;
    f.fix = std::move(fix);
    return f;
}

void readProc(RunSummary& summary, const std::string& host, bool workload = true) {
    tracer::PathRef ref;
    ref.given = host;
    ref.host = host;
    ref.resolved = host;
    ref.where = tracer::Where::HostProcfs;
    ref.access = tracer::kAccessRead;
    summary.paths.add(ref, "openat", 200, 9, true,
                      workload ? tracer::Phase::Workload : tracer::Phase::Setup);
}

RunInfo stageOne() {
    RunInfo info;
    info.rootfs = "/srv/rootfs";
    info.command = {"ps", "-o", "pid,comm"};
    info.rootMode = scratch::RootMode::None;
    info.procMode = scratch::ProcMode::None;
    info.namespaces = {"pid", "mount"};
    return info;
}

}  // namespace

TEST_CASE("finding groups: host-procfs first, each class once, counts include the omitted",
          "[reports][groups]") {
    RunSummary summary;
    const std::string outsideFix = "switch the root: --root-mode pivot";
    summary.addFinding(finding("outside-rootfs", "warning", "/etc/ld.so.preload", outsideFix));
    for (int i = 0; i < 25; ++i) {
        summary.addFinding(
            finding("outside-rootfs", "leak", "/usr/lib/lib" + std::to_string(i), outsideFix));
    }
    summary.addFinding(finding("host-procfs", "leak", "/proc/4242/status",
                               "mount a fresh procfs (--proc new) inside a new root"));
    readProc(summary, "/proc/4242/status");
    readProc(summary, "/proc/1");
    readProc(summary, "/proc/1/cmdline");
    readProc(summary, "/proc/1/stat");
    readProc(summary, "/proc/7/stat");
    readProc(summary, "/proc/self/status");

    const FindingSummary byClass = summarizeFindings(stageOne(), summary, [](pid_t pid) {
        return pid == 1 ? std::string("init") : std::string();
    });
    REQUIRE(byClass.groups.size() == 3);
    CHECK(byClass.groups[0].klass == FindingClass::HostProcfs);
    CHECK(byClass.groups[0].count == 1);
    CHECK(byClass.groups[0].evidence ==
          "read host pid 1's /proc/1/stat (host process \"init\"), and the /proc of 2 other host "
          "processes");
    CHECK(byClass.groups[1].klass == FindingClass::OutsideRootfs);
    CHECK(byClass.groups[1].severity == Severity::Leak);
    CHECK(byClass.groups[1].count == 25);  // 20 kept, 5 only counted
    CHECK(byClass.groups[2].severity == Severity::Warning);
    CHECK(byClass.groups[2].count == 1);
    CHECK(byClass.groups[2].fixAbove);
    CHECK(byClass.rerun ==
          "scratch-trace run --root-mode pivot --proc new --ns pid,mount /srv/rootfs ps -o "
          "pid,comm");

    const std::string text = findingGroupsText(byClass);
    CHECK(text.find("fix: " + outsideFix) == text.rfind("fix: " + outsideFix));
    CHECK(text.find("host-procfs") < text.find("outside-rootfs"));
}

TEST_CASE("finding groups: setup-only procfs reads are not evidence", "[reports][groups]") {
    RunSummary summary;
    summary.addFinding(finding("host-procfs", "leak", "/proc/4242/status", "(--proc new)"));
    readProc(summary, "/proc/1/stat", /*workload=*/false);
    const FindingSummary byClass = summarizeFindings(stageOne(), summary);
    REQUIRE(byClass.groups.size() == 1);
    CHECK(byClass.groups[0].evidence == "reached /proc/4242/status");
}

TEST_CASE("finding groups: the rerun maps each class to its flag", "[reports][groups]") {
    RunInfo info = stageOne();
    info.rootMode = scratch::RootMode::Pivot;
    info.procMode = scratch::ProcMode::New;
    info.command = {"sh", "-c", "echo 'a b'"};
    RunSummary summary;
    summary.addFinding(finding("host-service", "leak", "/run/x.sock", "own netns"));
    summary.addFinding(
        finding("sensitive-interface", "leak", "/dev/mem", "drop CAP_MKNOD and CAP_SYS_ADMIN"));
    summary.addFinding(finding("inherited-fd", "leak", "/etc/shadow", "close fds"));
    summary.addFinding(finding("sensitive-interface", "warning", "/sys/fs/cgroup",
                               "a cgroup namespace (--ns cgroup)"));
    const FindingSummary byClass = summarizeFindings(info, summary);
    CHECK(byClass.groups[0].klass == FindingClass::HostService);
    CHECK(byClass.groups[1].klass == FindingClass::SensitiveInterface);
    CHECK(byClass.groups[2].klass == FindingClass::InheritedFd);
    CHECK(byClass.groups[3].severity == Severity::Warning);
    CHECK(byClass.rerun ==
          "scratch-trace run --root-mode pivot --proc new --ns pid,mount,net,cgroup --cap-drop "
          "MKNOD --cap-drop SYS_ADMIN /srv/rootfs sh -c 'echo '\\''a b'\\'''");
    CHECK(byClass.rerunNote == "and without --keep-fd");

    // Nothing to change: no rerun line.
    RunSummary clean;
    clean.addFinding(finding("untraced-task", "warning", "", "trace it"));
    CHECK(summarizeFindings(info, clean).rerun.empty());
}
