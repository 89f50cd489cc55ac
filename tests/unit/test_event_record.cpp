// EventRecord: an event written as bytes and read back is the same event, also when it is
// read into an object that held a larger or smaller event before (the output thread reuses
// its objects), and the size it announces is the size it writes.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tracer/EventRecord.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

PathRef pathRef(const std::string& given, Where where, int fd) {
    PathRef ref;
    ref.given = given;
    ref.host = "/srv/rootfs" + given;
    ref.resolved = given;
    ref.where = where;
    ref.access = kAccessRead | kAccessWrite;
    ref.fd = fd;
    ref.exists = fd >= 0;
    ref.dev = 0x800001;
    ref.ino = 123456789012ULL;
    ref.mode = 0100644;
    ref.stdio = fd == 1;
    return ref;
}

SyscallEvent sample(int paths, int args) {
    SyscallEvent ev;
    ev.seq = 77;
    ev.tsNs = 123456789;
    ev.durationNs = 4242;
    ev.tid = 1001;
    ev.tgid = 1000;
    ev.nspid = 3;
    ev.phase = Phase::Workload;
    ev.arch = Arch::I386;
    ev.nr = 5;
    ev.setInfo(findSyscall("openat"));
    ev.name = "openat";
    for (int i = 0; i < 6; ++i) ev.rawArgs[i] = 0xfeed0000ULL + static_cast<uint64_t>(i);
    for (int i = 0; i < args; ++i) ev.args.push_back("argument number " + std::to_string(i));
    ev.args.emplace_back("");  // an empty string survives too
    ev.ret = -2;
    ev.err = 2;
    ev.retText = "-1 ENOENT (No such file or directory)";
    ev.finished = false;
    ev.noReturn = true;
    for (int i = 0; i < paths; ++i) {
        ev.paths.push_back(pathRef("/etc/file" + std::to_string(i), Where::Rootfs, i - 1));
    }
    return ev;
}

bool samePath(const PathRef& a, const PathRef& b) {
    return a.given == b.given && a.host == b.host && a.resolved == b.resolved &&
           a.where == b.where && a.access == b.access && a.fd == b.fd && a.exists == b.exists &&
           a.dev == b.dev && a.ino == b.ino && a.mode == b.mode && a.stdio == b.stdio;
}

void checkSame(const SyscallEvent& a, const SyscallEvent& b) {
    CHECK(a.seq == b.seq);
    CHECK(a.tsNs == b.tsNs);
    CHECK(a.durationNs == b.durationNs);
    CHECK(a.tid == b.tid);
    CHECK(a.tgid == b.tgid);
    CHECK(a.nspid == b.nspid);
    CHECK(a.phase == b.phase);
    CHECK(a.arch == b.arch);
    CHECK(a.nr == b.nr);
    CHECK(a.info() == b.info());
    CHECK(a.name == b.name);
    for (int i = 0; i < 6; ++i) CHECK(a.rawArgs[i] == b.rawArgs[i]);
    CHECK(a.args == b.args);
    CHECK(a.ret == b.ret);
    CHECK(a.err == b.err);
    CHECK(a.retText == b.retText);
    CHECK(a.finished == b.finished);
    CHECK(a.noReturn == b.noReturn);
    REQUIRE(a.paths.size() == b.paths.size());
    for (size_t i = 0; i < a.paths.size(); ++i) CHECK(samePath(a.paths[i], b.paths[i]));
}

template <typename Event>
std::vector<char> bytesOf(const Event& event) {
    // One spare byte, filled, to catch a write past the announced size.
    std::vector<char> bytes(encodedSize(event) + 1, '\x5a');
    encode(event, bytes.data());
    CHECK(bytes.back() == '\x5a');
    return bytes;
}

}  // namespace

TEST_CASE("a syscall event survives its byte form", "[event-record]") {
    const SyscallEvent original = sample(3, 4);
    const std::vector<char> bytes = bytesOf(original);
    SyscallEvent fresh;
    decode(bytes.data(), fresh);
    checkSame(original, fresh);

    // Read into objects that held more, then fewer, paths and arguments.
    SyscallEvent reused = sample(6, 9);
    decode(bytes.data(), reused);
    checkSame(original, reused);
    const SyscallEvent small = sample(0, 0);
    const std::vector<char> smallBytes = bytesOf(small);
    decode(smallBytes.data(), reused);
    checkSame(small, reused);
}

TEST_CASE("process events and notes survive their byte form", "[event-record]") {
    ProcessEvent pe;
    pe.kind = ProcessEvent::Kind::Exec;
    pe.tsNs = 99;
    pe.tid = 5;
    pe.tgid = 4;
    pe.nspid = 2;
    pe.parentTid = 1;
    pe.isThread = true;
    pe.cloneFlags = 0x50f00;
    pe.phase = Phase::Workload;
    pe.exe = "/srv/rootfs/bin/busybox";
    pe.argv = {"ps", "-o", "pid,comm", std::string(5000, 'x')};
    pe.exitCode = 137;
    pe.termSignal = 9;
    pe.seq = 31337;
    ProcessEvent back;
    back.argv.assign(10, "old");
    decode(bytesOf(pe).data(), back);
    CHECK(back.kind == pe.kind);
    CHECK(back.tsNs == pe.tsNs);
    CHECK(back.tid == pe.tid);
    CHECK(back.tgid == pe.tgid);
    CHECK(back.nspid == pe.nspid);
    CHECK(back.parentTid == pe.parentTid);
    CHECK(back.isThread == pe.isThread);
    CHECK(back.cloneFlags == pe.cloneFlags);
    CHECK(back.phase == pe.phase);
    CHECK(back.exe == pe.exe);
    CHECK(back.argv == pe.argv);
    CHECK(back.exitCode == pe.exitCode);
    CHECK(back.termSignal == pe.termSignal);
    CHECK(back.seq == pe.seq);

    TracerNote note;
    note.kind = TracerNote::Kind::InheritedFd;
    note.tid = 8;
    note.nspid = 1;
    note.seq = 12;
    note.fd = 7;
    note.host = "/etc/shadow";
    note.where = Where::Host;
    note.detail = "fd 7 open at the command's execve";
    TracerNote noteBack;
    decode(bytesOf(note).data(), noteBack);
    CHECK(noteBack.kind == note.kind);
    CHECK(noteBack.tid == note.tid);
    CHECK(noteBack.nspid == note.nspid);
    CHECK(noteBack.seq == note.seq);
    CHECK(noteBack.fd == note.fd);
    CHECK(noteBack.host == note.host);
    CHECK(noteBack.where == note.where);
    CHECK(noteBack.detail == note.detail);
}

TEST_CASE("a syscall's table row crosses as an index, never as an address", "[event-record]") {
    SyscallEvent known = sample(0, 0);
    known.arch = Arch::X86_64;
    known.nr = *syscallNumber(Arch::X86_64, "openat");
    known.setInfo(&lookupSyscall(known.arch, known.nr));
    REQUIRE(tableRowIndex(*known.info()).has_value());
    CHECK(known.row == *tableRowIndex(*known.info()));  // the event holds a value, no address
    SyscallEvent back;
    decode(bytesOf(known).data(), back);
    CHECK(back.info() == known.info());

    // 457 has no name in the table (nor in libseccomp 2.5): a row made at run time.
    SyscallEvent unknown = sample(0, 0);
    unknown.arch = Arch::X86_64;
    unknown.nr = 457;
    unknown.setInfo(&lookupSyscall(unknown.arch, unknown.nr));
    unknown.name = std::string(unknown.info()->name);
    REQUIRE_FALSE(tableRowIndex(*unknown.info()).has_value());
    CHECK(unknown.row == SyscallEvent::kGenericRow);  // found again from (arch, nr)
    decode(bytesOf(unknown).data(), back);
    REQUIRE(back.info() != nullptr);
    CHECK(back.info()->name == unknown.info()->name);

    SyscallEvent none = sample(0, 0);
    none.setInfo(nullptr);
    CHECK(none.row == SyscallEvent::kNoRow);
    decode(bytesOf(none).data(), back);
    CHECK(back.info() == nullptr);
}

TEST_CASE("a row made at run time is rebuilt in the process that decodes", "[event-record]") {
    // The reader is forked before the tracer side makes the row, as the writer process is
    // forked before the tracer meets an unknown syscall: an address of the row would point
    // into a heap the reader does not share.
    int toChild[2];
    REQUIRE(pipe(toChild) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(toChild[1]);
        std::vector<char> bytes;
        char chunk[4096];
        ssize_t n = 0;
        while ((n = read(toChild[0], chunk, sizeof chunk)) > 0)
            bytes.insert(bytes.end(), chunk, chunk + n);
        SyscallEvent back;
        decode(bytes.data(), back);
        const bool ok = back.info() != nullptr && back.info()->name == "syscall_0xf1206" &&
                        back.info()->nargs == 6 && back.name == "syscall_0xf1206";
        _exit(ok ? 0 : 1);
    }
    close(toChild[0]);
    SyscallEvent ev = sample(1, 1);
    ev.arch = Arch::X86_64;
    ev.nr = 987654;  // beyond the dense table: its row is made now, after the fork
    ev.setInfo(&lookupSyscall(ev.arch, ev.nr));
    ev.name = std::string(ev.info()->name);
    const std::vector<char> bytes = bytesOf(ev);
    REQUIRE(write(toChild[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    close(toChild[1]);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
