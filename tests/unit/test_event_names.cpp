// The vocabulary tables (tracer/EventNames.h, tracer/SignalNames.h): every value has one name,
// every name one value, and reading a written name gives the value back.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "tracer/EventNames.h"
#include "tracer/SignalNames.h"

using namespace scratch::tracer;

namespace {

/// Each row's name reads back as its value, and no name is written twice.
template <typename Value, size_t N, typename Name, typename Parse>
void checkRoundTrip(const scratch::NamedValue<Value> (&table)[N], Name name, Parse parse) {
    std::set<std::string_view> names;
    for (const auto& row : table) {
        INFO(row.name);
        CHECK(names.insert(row.name).second);
        CHECK(name(row.value) == row.name);
        const auto back = parse(row.name);
        REQUIRE(back.has_value());
        CHECK(*back == row.value);
    }
}

}  // namespace

TEST_CASE("vocabulary: each table reads back what it writes", "[names]") {
    checkRoundTrip(kArchNames, archName,
                   [](std::string_view n) { return std::optional<Arch>(archFromName(n)); });
    checkRoundTrip(kWhereNames, whereLabel, whereFromName);
    checkRoundTrip(kPhaseNames, phaseName, phaseFromName);
    checkRoundTrip(kProcessKindNames, processKindName, processKindFromName);
    checkRoundTrip(kPeerSideNames, peerSideName, peerSideFromName);
    checkRoundTrip(kPeerViaNames, peerViaName, peerViaFromName);
    checkRoundTrip(
        kAccessNames, [](uint8_t bit) { return accessNames(bit); }, accessFromName);
}

TEST_CASE("vocabulary: every enum value has a row", "[names]") {
    // The last enumerator's value + 1 rows: a value added to the enum without a name fails here.
    CHECK(std::size(kArchNames) == static_cast<size_t>(Arch::Unknown) + 1);
    CHECK(std::size(kWhereNames) == static_cast<size_t>(Where::Unknown) + 1);
    CHECK(std::size(kPhaseNames) == static_cast<size_t>(Phase::Workload) + 1);
    CHECK(std::size(kProcessKindNames) == static_cast<size_t>(ProcessEvent::Kind::Exit) + 1);
    CHECK(std::size(kPeerViaNames) == static_cast<size_t>(SocketPeer::Via::Inet) + 1);
    // Side::None is never written: no row.
    CHECK(std::size(kPeerSideNames) == static_cast<size_t>(SocketPeer::Side::Host));
    CHECK(peerSideName(SocketPeer::Side::None).empty());
    uint8_t all = 0;
    for (const auto& row : kAccessNames) all |= row.value;
    CHECK(all == 0x7f);
}

TEST_CASE("vocabulary: the JSON's where folds a host procfs into host", "[names]") {
    CHECK(whereName(Where::HostProcfs) == "host");
    CHECK(whereLabel(Where::HostProcfs) == "host-procfs");
    for (const auto& row : kWhereNames) {
        if (row.value == Where::HostProcfs) continue;
        CHECK(whereName(row.value) == row.name);
    }
    CHECK_FALSE(whereFromName("elsewhere").has_value());
}

TEST_CASE("vocabulary: access sets", "[names]") {
    CHECK(accessNames(kAccessRead | kAccessWrite) == "read,write");
    CHECK(accessNames(kAccessNone).empty());
    CHECK(accessNames(kAccessList | kAccessExec) == "exec,list");
    CHECK_FALSE(accessFromName("readwrite").has_value());
    CHECK(archFromName("sparc") == Arch::Unknown);
}

TEST_CASE("vocabulary: signals in the libc's and strace's spellings", "[names]") {
    for (int sig = 1; sig <= kMaxSignal; ++sig) {
        INFO(sig);
        CHECK(signalFromName(signalName(sig)) == sig);
        CHECK(signalFromName(libcSignalName(sig)) == sig);
    }
    CHECK(signalName(9) == "SIGKILL");
    CHECK(libcSignalName(9) == "SIGKILL");
    // Where strace differs from the libc.
    CHECK(signalName(29) == "SIGIO");
    CHECK(libcSignalName(29) == "SIGPOLL");
    CHECK(signalName(32) == "SIGRTMIN");
    CHECK(signalName(35) == "SIGRT_3");
    CHECK(signalName(64) == "SIGRT_32");
    CHECK(signalName(0).empty());
    CHECK(signalName(65).empty());
    CHECK(libcSignalName(65) == "SIG65");
    CHECK(signalFromName("") == 0);
    CHECK(signalFromName("SIGNOPE") == 0);
}
