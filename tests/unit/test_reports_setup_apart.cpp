// Setup and workload apart: -c's table and the document reports' syscall tables show the
// workload's calls unless --setup; the setup is counted in a section of its own.
#include <catch2/catch.hpp>

#include "reports/MarkdownReport.h"
#include "reports/ReportModel.h"
#include "reports/SetupSteps.h"
#include "reports/Verdict.h"

using namespace scratch;
using namespace scratch::reports;

namespace {

tracer::SyscallEvent call(const char* name, tracer::Phase phase, uint64_t seq) {
    tracer::SyscallEvent event;
    event.seq = seq;
    event.tid = event.tgid = 10;
    event.name = name;
    event.setInfo(tracer::findSyscall(name));
    event.finished = true;
    event.durationNs = 1000;
    event.phase = phase;
    return event;
}

/// The special-call id of a table row.
tracer::SyscallId idOf(const char* name) {
    const tracer::SyscallInfo* row = tracer::findSyscall(name);
    REQUIRE(row != nullptr);
    return row->kind.id;
}

}  // namespace

TEST_CASE("setup apart: the workload's stats are all of them without the setup's",
          "[reports][setup]") {
    Verdict verdict;
    verdict.countSyscall(call("mount", tracer::Phase::Setup, 1));
    verdict.countSyscall(call("openat", tracer::Phase::Setup, 2));
    verdict.countSyscall(call("openat", tracer::Phase::Workload, 3));
    verdict.countSyscall(call("read", tracer::Phase::Workload, 4));
    const SyscallStats workload = verdict.stats.without(verdict.setupStats);
    CHECK(workload.total().calls == 2);
    CHECK(workload.find("mount") == nullptr);
    REQUIRE(workload.find("openat") != nullptr);
    CHECK(workload.find("openat")->calls == 1);
    CHECK(verdict.setupStats.total().calls == 2);

    ReportModel model;
    RunInfo info;
    info.command = {"true"};
    model.onStart(info);
    const std::string md = MarkdownReport::render(model, RunEnd{}, verdict);
    const std::string tables = md.substr(md.find("## Syscalls"));
    const std::string syscalls = tables.substr(0, tables.find("## The runtime's setup"));
    CHECK(syscalls.find("`mount`") == std::string::npos);
    CHECK(syscalls.find("| **total** | 2 |") != std::string::npos);
    CHECK(tables.find("2 syscalls: mount x1, openat x1") != std::string::npos);

    model.setShowSetup(true);
    const std::string all = MarkdownReport::render(model, RunEnd{}, verdict);
    CHECK(all.find("| **total** | 4 |") != std::string::npos);
}

TEST_CASE("setup steps: the article's steps are explained, the rest only counted",
          "[reports][setup]") {
    CHECK(setupStepMeaning(idOf("clone"), "clone(flags=CLONE_NEWNS|CLONE_NEWPID|SIGCHLD) = 5")
              .find("new namespaces") != std::string::npos);
    CHECK(setupStepMeaning(idOf("clone"), "clone(flags=SIGCHLD) = 5").empty());
    CHECK(setupStepMeaning(idOf("mount"), "mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE, NULL) = 0")
              .find("private") != std::string::npos);
    CHECK(setupStepMeaning(idOf("mount"), "mount(\"proc\", \"/proc\", \"proc\", 0, NULL) = 0")
              .find("fresh procfs") != std::string::npos);
    CHECK(setupStepMeaning(idOf("chroot"), "chroot(\"/r\") = 0").find("root") != std::string::npos);
    CHECK(setupStepMeaning(idOf("prctl"), "prctl(PR_CAPBSET_DROP, 5) = 0").empty());
}
