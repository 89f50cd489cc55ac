// A socket peer on its way through the reports: the HostPeer rule (class, severity and fix by
// the way the connection was made), the JSON "peer" object written and read back, the log
// annotation, and the byte record between the tracer and its output thread.
#include <catch2/catch.hpp>
#include <sstream>
#include <vector>

#include "reports/Connections.h"
#include "reports/checks/IsolationChecker.h"
#include "reports/outputs/JsonRecords.h"
#include "reports/outputs/LogLine.h"
#include "reports/replay/JsonTraceReader.h"
#include "tracer/EventRecord.h"

using scratch::reports::Finding;
using scratch::reports::FindingClass;
using scratch::reports::IsolationChecker;
using scratch::reports::Severity;
using scratch::tracer::SocketPeer;
using scratch::tracer::TracerNote;
using scratch::tracer::Where;

namespace {

/// The start record a trace file begins with.
const std::string kStart =
    R"({"type":"start","version":1,"tool_version":"0.1.0","rootfs":"/srv/rootfs",)"
    R"("command":["ps"],"isolation":{"root_mode":"chroot","proc_mode":"none",)"
    R"("namespaces":["pid","mount"]},"host_proc_dev":"0:22","start_epoch_ns":1,)"
    R"("records_everything":true,"filter":null})"
    "\n";

SocketPeer hostPeer(SocketPeer::Via via, std::string address, bool accepted = false) {
    SocketPeer peer;
    peer.side = SocketPeer::Side::Host;
    peer.via = via;
    peer.pid = 4242;
    peer.comm = "dockerd";
    peer.address = std::move(address);
    peer.accepted = accepted;
    return peer;
}

std::vector<Finding> check(const SocketPeer& peer, std::string host = {},
                           Where where = Where::Unknown) {
    TracerNote note{TracerNote::Kind::HostPeer};
    note.tid = 100;
    note.nspid = 1;
    note.seq = 7;
    note.host = std::move(host);
    note.where = where;
    note.peer = peer;
    IsolationChecker checker;
    std::vector<Finding> out;
    checker.check(note, out);
    checker.check(note, out);  // the same connection again: no second finding
    return out;
}

}  // namespace

TEST_CASE("host peers: the class and the fix follow the way the container got there",
          "[reports][socket]") {
    auto file = check(hostPeer(SocketPeer::Via::UnixPath, "/var/run/docker.sock"),
                      "/srv/rootfs/var/run/docker.sock", Where::Rootfs);
    REQUIRE(file.size() == 1);
    CHECK(file[0].klass == FindingClass::HostService);
    CHECK(file[0].severity == Severity::Leak);
    CHECK(file[0].host == "/srv/rootfs/var/run/docker.sock");
    CHECK(file[0].message.find("host pid 4242 (dockerd)") != std::string::npos);
    CHECK(file[0].fix.find("remove the socket /srv/rootfs/var/run/docker.sock") !=
          std::string::npos);

    auto abstract = check(hostPeer(SocketPeer::Via::UnixAbstract, "@/tmp/.X11-unix/X0"));
    REQUIRE(abstract.size() == 1);
    CHECK(abstract[0].klass == FindingClass::SharedNamespace);
    CHECK(abstract[0].severity == Severity::Leak);
    CHECK(abstract[0].fix.find("--ns pid,mount,net") != std::string::npos);

    auto loopback = check(hostPeer(SocketPeer::Via::Inet, "127.0.0.1:5432"));
    REQUIRE(loopback.size() == 1);
    CHECK(loopback[0].klass == FindingClass::SharedNamespace);
    CHECK(loopback[0].severity == Severity::Warning);
    CHECK(loopback[0].message.find("listening on 127.0.0.1:5432") != std::string::npos);

    auto reachedIn = check(hostPeer(SocketPeer::Via::UnixPath, "/srv.sock", true));
    REQUIRE(reachedIn.size() == 1);
    CHECK(reachedIn[0].klass == FindingClass::HostService);
    CHECK(reachedIn[0].severity == Severity::Warning);
}

TEST_CASE("a peer goes through JSON, the log line and the event record unchanged",
          "[reports][socket]") {
    scratch::tracer::SyscallEvent ev;
    ev.seq = 3;
    ev.tid = ev.tgid = 77;
    ev.nspid = 1;
    ev.name = "connect";
    ev.setInfo(scratch::tracer::findSyscall("connect"));
    ev.args = {"3", R"({sa_family=AF_UNIX, sun_path="/run/x.sock"})", "110"};
    ev.retText = "0";
    ev.peer = hostPeer(SocketPeer::Via::UnixPath, "/run/x.sock");

    CHECK(scratch::reports::logLine(ev).find("  # peer: host pid 4242 (dockerd) on /run/x.sock") !=
          std::string::npos);

    std::string line;
    scratch::reports::appendSyscallRecord(line, ev);
    CHECK(line.find(R"("peer":{"pid":4242,"comm":"dockerd","where":"host","address":"/run/x.sock",)"
                    R"("via":"unix-path","accepted":false})") != std::string::npos);
    std::istringstream in(kStart + line + "\n");
    scratch::reports::JsonTraceReader reader(in, "t.jsonl");
    scratch::reports::TraceRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(reader.next(record));
    const SocketPeer& back = record.syscall.peer;
    CHECK(back.side == SocketPeer::Side::Host);
    CHECK(back.pid == 4242);
    CHECK(back.comm == "dockerd");
    CHECK(back.address == "/run/x.sock");
    CHECK(back.via == SocketPeer::Via::UnixPath);

    // Without a peer, no "peer" field; read back as none.
    ev.peer = SocketPeer{};
    line.clear();
    scratch::reports::appendSyscallRecord(line, ev);
    CHECK(line.find("peer") == std::string::npos);

    // The byte record the output thread decodes.
    ev.peer = hostPeer(SocketPeer::Via::Inet, "127.0.0.1:80", true);
    std::string bytes(scratch::tracer::encodedSize(ev), '\0');
    scratch::tracer::encode(ev, bytes.data());
    scratch::tracer::SyscallEvent decoded;
    scratch::tracer::decode(bytes.data(), decoded);
    CHECK(decoded.peer.via == SocketPeer::Via::Inet);
    CHECK(decoded.peer.accepted);
    CHECK(decoded.peer.address == "127.0.0.1:80");
    CHECK(decoded.peer.comm == "dockerd");
}

TEST_CASE("a malformed peer object is an error, not a guess", "[reports][socket]") {
    const std::string bad =
        R"({"type":"syscall","seq":1,"ts":0,"dur":0,"pid":1,"tgid":1,"nspid":null,)"
        R"("phase":"workload","arch":"x86_64","nr":42,"name":"connect","args":[],"ret":0,)"
        R"("ret_text":"0","errno":null,"finished":true,"paths":[],"peer":{"pid":"x"}})";
    std::istringstream in(kStart + bad + "\n");
    scratch::reports::JsonTraceReader reader(in, "t.jsonl");
    scratch::reports::TraceRecord record;
    REQUIRE(reader.next(record));
    CHECK_THROWS_WITH(reader.next(record), Catch::Contains("peer"));
}
