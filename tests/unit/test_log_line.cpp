// The one strace-line writer (reports/outputs/LogLine): the call line's padding and result, the
// task-end lines (exited, killed, superseded), and the superseded exec surviving the
// tracer-to-writer byte form and a JSON replay, so live logs and replays print the same line.
#include <signal.h>

#include <catch2/catch.hpp>
#include <sstream>
#include <vector>

#include "reports/outputs/JsonRecords.h"
#include "reports/outputs/LogLine.h"
#include "reports/replay/JsonTraceReader.h"
#include "tracer/EventRecord.h"

using scratch::tracer::ProcessEvent;

namespace {

ProcessEvent supersedingExec() {
    ProcessEvent ev;
    ev.kind = ProcessEvent::Kind::Exec;
    ev.tid = 4242;
    ev.tgid = 4242;
    ev.nspid = 1;
    ev.exe = "/bin/true";
    ev.argv = {"/bin/true"};
    ev.formerTid = 4243;
    return ev;
}

std::string taskEnd(const ProcessEvent& ev) {
    std::string line;
    scratch::reports::appendTaskEnd(line, ev);
    return line;
}

}  // namespace

TEST_CASE("a call line: the result at strace's column, '?' when it did not return", "[logline]") {
    scratch::tracer::SyscallEvent ev;
    ev.tid = 7;
    ev.nspid = 1;
    ev.name = "close";
    ev.args = {"3"};
    ev.retText = "0";
    ev.finished = true;
    CHECK(scratch::reports::logLine(ev) == "[pid 7/1] close(3)                      = 0");
    ev.finished = false;
    CHECK(scratch::reports::logLine(ev) == "[pid 7/1] close(3)                      = ?");
    ev.nspid = 0;
    ev.name = "openat";
    ev.args = {"AT_FDCWD</>", "\"/a/path/long/enough/to/pass/the/column\"", "O_RDONLY"};
    ev.retText = "3</a>";
    ev.finished = true;
    CHECK(scratch::reports::logLine(ev) ==
          "[pid 7] openat(AT_FDCWD</>, \"/a/path/long/enough/to/pass/the/column\", O_RDONLY) = "
          "3</a>");
}

TEST_CASE("task ends as strace prints them", "[logline]") {
    ProcessEvent ev;
    ev.kind = ProcessEvent::Kind::Exit;
    ev.exitCode = 3;
    CHECK(scratch::reports::hasTaskEndLine(ev));
    CHECK(taskEnd(ev) == "+++ exited with 3 +++");
    ev.termSignal = SIGSEGV;
    ev.coreDumped = true;
    CHECK(taskEnd(ev) == "+++ killed by SIGSEGV (core dumped) +++");
    ev.coreDumped = false;
    ev.termSignal = SIGKILL;
    CHECK(taskEnd(ev) == "+++ killed by SIGKILL +++");

    ProcessEvent exec = supersedingExec();
    CHECK(scratch::reports::hasTaskEndLine(exec));
    CHECK(taskEnd(exec) == "+++ superseded by execve in pid 4243 +++");
    exec.formerTid = 0;  // the leader exec'd: nothing to say
    CHECK_FALSE(scratch::reports::hasTaskEndLine(exec));
    ProcessEvent spawn;
    spawn.kind = ProcessEvent::Kind::Spawn;
    CHECK_FALSE(scratch::reports::hasTaskEndLine(spawn));
}

TEST_CASE("a superseding exec survives the byte form and a JSON replay", "[logline]") {
    const ProcessEvent ev = supersedingExec();
    std::vector<char> bytes(scratch::tracer::encodedSize(ev));
    scratch::tracer::encode(ev, bytes.data());
    ProcessEvent back;
    scratch::tracer::decode(bytes.data(), back);
    CHECK(back.formerTid == 4243);

    std::string record;
    scratch::reports::appendProcessRecord(record, ev);
    CHECK(record.find("\"former_pid\":4243") != std::string::npos);
    std::stringstream stream;
    stream << scratch::reports::startRecord(scratch::reports::RunInfo{}).dump() << '\n'
           << record << '\n';
    scratch::reports::JsonTraceReader reader(stream, "test");
    scratch::reports::TraceRecord read;
    REQUIRE(reader.next(read));
    REQUIRE(reader.next(read));
    REQUIRE(read.type == scratch::reports::TraceRecord::Type::Process);
    CHECK(read.process.formerTid == 4243);
    CHECK(taskEnd(read.process) == taskEnd(ev));

    // The leader's own exec has no former_pid.
    ProcessEvent leader = ev;
    leader.formerTid = 0;
    std::string plain;
    scratch::reports::appendProcessRecord(plain, leader);
    CHECK(plain.find("former_pid") == std::string::npos);
}
