// Netlink buffers (tracer/NetlinkDecoder.h) against what strace 6.1 printed on this machine for
// `strace -f -y -s 32 tests/progs/netlink_calls.c` and `ip addr`: the nlmsghdr with RTM_* and
// the NLM_F_* meanings of GET/NEW/DEL, NLMSG_DONE's int, NLMSG_ERROR's {error=..., msg=...},
// rtnetlink's family headers, a socket whose protocol strace could not learn, -s on the number
// of messages. Attributes are the one part shown raw where strace decodes them.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "support/FakeMemory.h"
#include "tracer/DecodeCapture.h"
#include "tracer/Events.h"
#include "tracer/NetlinkDecoder.h"
#include "tracer/SocketProtocol.h"
#include "tracer/StructRoleDispatch.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;
using scratch::testing::FakeMemory;

namespace {

constexpr uint64_t kBuf = 0x5000;

std::string header(uint32_t len, uint16_t type, uint16_t flags, uint32_t seq, uint32_t pid) {
    nlmsghdr h{len, type, flags, seq, pid};
    return std::string(reinterpret_cast<const char*>(&h), sizeof h);
}

template <typename T>
std::string bytesOf(const T& v) {
    return std::string(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string decode(const std::string& bytes, int protocol, uint64_t len = ~0ULL,
                   size_t maxString = 32) {
    FakeMemory mem;
    mem.put(kBuf, bytes);
    DecodeOptions opts;
    opts.maxString = maxString;
    std::string out;
    appendNetlink(out, mem, kBuf, len == ~0ULL ? bytes.size() : len, protocol, opts);
    return out;
}

}  // namespace

TEST_CASE("a dump's NLMSG_DONE is [{header}, 0]", "[netlink]") {
    const std::string done = header(20, NLMSG_DONE, NLM_F_MULTI, 1, 24435) + bytesOf(int32_t{0});
    CHECK(decode(done, kNetlinkRoute) ==
          "[{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1, "
          "nlmsg_pid=24435}, 0]");
}

TEST_CASE("RTM_GETADDR's request with its ifaddrmsg, then a zero header", "[netlink]") {
    // ip addr's sendto of a 152-byte buffer whose first message is 24 bytes.
    std::string buf = header(24, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 1796685161, 0);
    buf += bytesOf(ifaddrmsg{});
    buf.resize(152, '\0');
    CHECK(decode(buf, kNetlinkRoute) ==
          "[[{nlmsg_len=24, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, "
          "nlmsg_seq=1796685161, nlmsg_pid=0}, {ifa_family=AF_UNSPEC, ifa_prefixlen=0, "
          "ifa_flags=0, ifa_scope=RT_SCOPE_UNIVERSE, ifa_index=0}], {nlmsg_len=0, "
          "nlmsg_type=0 /* NLMSG_??? */, nlmsg_flags=0, nlmsg_seq=0, nlmsg_pid=0}]");
}

TEST_CASE("RTM_NEWLINK's ifinfomsg names the interface; the attributes stay raw", "[netlink]") {
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    info.ifi_type = 772;  // ARPHRD_LOOPBACK
    info.ifi_index = 1;   // lo, in every network namespace
    info.ifi_flags = 0x1 | 0x8 | 0x40 | 0x10000;
    const std::string attr("\x07\x00\x03\x00lo\x00\x00", 8);
    const std::string msg = header(40, RTM_NEWLINK, NLM_F_MULTI, 1, 24435) + bytesOf(info) + attr;
    CHECK(decode(msg, kNetlinkRoute) ==
          "[{nlmsg_len=40, nlmsg_type=RTM_NEWLINK, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1, "
          "nlmsg_pid=24435}, {ifi_family=AF_UNSPEC, ifi_type=ARPHRD_LOOPBACK, "
          "ifi_index=if_nametoindex(\"lo\"), ifi_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING|"
          "IFF_LOWER_UP, ifi_change=0}, \"\\x07\\x00\\x03\\x00\\x6c\\x6f\\x00\\x00\"]");
}

TEST_CASE("NLMSG_ERROR shows -EADDRNOTAVAIL and the request it answers", "[netlink]") {
    ifaddrmsg a{};
    a.ifa_family = AF_INET;
    a.ifa_prefixlen = 32;
    a.ifa_index = 1;
    const std::string attr("\x08\x00\x02\x00\x7f\x09\x08\x07", 8);
    const std::string request =
        header(32, RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, 3, 0) + bytesOf(a) + attr;
    const std::string reply =
        header(52, NLMSG_ERROR, 0, 3, 24435) + bytesOf(int32_t{-EADDRNOTAVAIL}) + request;
    CHECK(decode(reply, kNetlinkRoute) ==
          "[{nlmsg_len=52, nlmsg_type=NLMSG_ERROR, nlmsg_flags=0, nlmsg_seq=3, "
          "nlmsg_pid=24435}, {error=-EADDRNOTAVAIL, msg=[{nlmsg_len=32, "
          "nlmsg_type=RTM_DELADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, nlmsg_seq=3, "
          "nlmsg_pid=0}, {ifa_family=AF_INET, ifa_prefixlen=32, ifa_flags=0, "
          "ifa_scope=RT_SCOPE_UNIVERSE, ifa_index=if_nametoindex(\"lo\")}, "
          "\"\\x08\\x00\\x02\\x00\\x7f\\x09\\x08\\x07\"]}]");
    // An ack: error=0 and, with NLM_F_CAPPED, the request's header alone.
    const std::string ack = header(36, NLMSG_ERROR, 0x100, 3, 7) + bytesOf(int32_t{0}) +
                            header(32, RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, 3, 0);
    CHECK(decode(ack, kNetlinkRoute) ==
          "[{nlmsg_len=36, nlmsg_type=NLMSG_ERROR, nlmsg_flags=NLM_F_CAPPED, nlmsg_seq=3, "
          "nlmsg_pid=7}, {error=0, msg={nlmsg_len=32, nlmsg_type=RTM_DELADDR, "
          "nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, nlmsg_seq=3, nlmsg_pid=0}}]");
}

TEST_CASE("a socket strace could not learn the protocol of: NLMSG_* names only", "[netlink]") {
    // The first sendto of an unbound NETLINK_ROUTE socket (netlink_calls.c).
    const std::string msg =
        header(32, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + std::string(16, '\0');
    CHECK(decode(msg, kNetlinkUnknown) ==
          "[{nlmsg_len=32, nlmsg_type=0x12 /* NLMSG_??? */, nlmsg_flags=NLM_F_REQUEST|0x300, "
          "nlmsg_seq=1, nlmsg_pid=0}, \"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
          "\\x00\\x00\\x00\\x00\\x00\"]");
}

TEST_CASE("NEW flags, short buffers, -s on messages, unreadable memory", "[netlink]") {
    const std::string create =
        header(16, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | 0x400 | 0x200, 9, 0);
    CHECK(decode(create, kNetlinkRoute) ==
          "{nlmsg_len=16, nlmsg_type=RTM_NEWROUTE, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK|"
          "NLM_F_EXCL|NLM_F_CREATE, nlmsg_seq=9, nlmsg_pid=0}");
    CHECK(decode(std::string("\x01\x02\x03", 3), kNetlinkRoute) == "\"\\x01\\x02\\x03\"");
    std::string three;
    for (int i = 0; i < 3; ++i) three += header(16, NLMSG_NOOP, 0, i, 0);
    CHECK(decode(three, kNetlinkRoute, ~0ULL, 2) ==
          "[{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=0, nlmsg_pid=0}, "
          "{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=0}, ...]");
    FakeMemory none;
    std::string out;
    appendNetlink(out, none, kBuf, 64, kNetlinkRoute, DecodeOptions{});
    CHECK(out == "0x5000");
}

namespace {

/// fd 3 a bound NETLINK_ROUTE socket, fd 4 an unbound netlink socket, fd 5 a UNIX socket.
const FdNamer kNames = [](int fd) -> const std::string* {
    static const std::string route = "socket:[4176919]";
    static const std::string unbound = "socket:[4176920]";
    static const std::string unix = "socket:[4176921]";
    static const std::string routeProtocol = "NETLINK:0";
    static const std::string unboundProtocol = "NETLINK";
    if (fd == 3) return &route;
    if (fd == 4) return &unbound;
    if (fd == 5) return &unix;
    if (fd == protocolQuery(3)) return &routeProtocol;
    if (fd == protocolQuery(4)) return &unboundProtocol;
    return nullptr;
};

std::string join(std::string_view name, const std::vector<std::string>& out,
                 const std::string& ret) {
    std::string text = std::string(name) + "(";
    for (size_t i = 0; i < out.size(); ++i) text += (i ? ", " : "") + out[i];
    return text + ") = " + ret;
}

/// The line as the live decoder makes it; the deferred decoding must make the same one.
std::string line(std::string_view name, std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem) {
    const SyscallInfo* info = findSyscall(name);
    REQUIRE(info != nullptr);
    const DecodeOptions opts;
    uint64_t args[6] = {};
    for (size_t i = 0; i < raw.size() && i < 6; ++i) args[i] = raw[i];
    std::vector<std::string> out;
    decodeEntry(*info, args, mem, kNames, opts, out);
    decodeExit(*info, args, ret, mem, kNames, opts, out);
    std::string retText = formatReturn(*info, args, ret, kNames, opts);
    decorateDepthReturn(*info, args, ret, mem, kNames, opts, retText);
    const std::string live = join(name, out, retText);
    SyscallEvent ev;
    ev.setInfo(info);
    std::memcpy(ev.rawArgs, args, sizeof args);
    ev.ret = ret;
    ev.finished = true;
    captureEntry(*info, args, mem, kNames, opts, ev.decodeCapture);
    captureExit(*info, args, ret, mem, kNames, opts, ev.decodeCapture);
    ev.decodeDeferred = true;
    completeDecoding(ev, opts);
    CHECK(join(name, ev.args, ev.retText) == live);
    return live;
}

}  // namespace

TEST_CASE("sendto, recvfrom and recvmsg on netlink sockets, live and deferred", "[netlink]") {
    FakeMemory mem;
    const std::string done = header(20, NLMSG_DONE, NLM_F_MULTI, 2, 24435) + bytesOf(int32_t{0});
    mem.put(kBuf, done);
    CHECK(line("recvfrom", {3, kBuf, 65536, 0, 0, 0}, 20, mem) ==
          "recvfrom(3<socket:[4176919]>, [{nlmsg_len=20, nlmsg_type=NLMSG_DONE, "
          "nlmsg_flags=NLM_F_MULTI, nlmsg_seq=2, nlmsg_pid=24435}, 0], 65536, 0, NULL, NULL) = "
          "20");
    // The same bytes on a UNIX socket stay a string.
    CHECK(line("recvfrom", {5, kBuf, 65536, 0, 0, 0}, 20, mem).find("nlmsg_len") ==
          std::string::npos);
    // An unbound netlink socket: the first sendto of netlink_calls.c.
    const std::string request =
        header(32, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + std::string(16, '\0');
    mem.put(kBuf + 0x1000, request);
    CHECK(line("sendto", {4, kBuf + 0x1000, 32, 0, 0, 0}, 32, mem) ==
          "sendto(4<socket:[4176920]>, [{nlmsg_len=32, nlmsg_type=0x12 /* NLMSG_??? */, "
          "nlmsg_flags=NLM_F_REQUEST|0x300, nlmsg_seq=1, nlmsg_pid=0}, "
          "\"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
          "\\x00\\x00\"], 32, 0, NULL, 0) = 32");
    // recvmsg from the kernel's address: the iovec as netlink, as far as the return.
    const uint64_t at = 0x9000;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    msghdr h{};
    h.msg_name = reinterpret_cast<void*>(at + 0x300);
    h.msg_namelen = sizeof kernel;
    h.msg_iov = reinterpret_cast<iovec*>(at + 0x100);
    h.msg_iovlen = 1;
    mem.object(at, h);
    mem.object(at + 0x100, iovec{reinterpret_cast<void*>(at + 0x200), 65536});
    mem.put(at + 0x200, done);
    mem.object(at + 0x300, kernel);
    CHECK(line("recvmsg", {3, at, 0}, 20, mem) ==
          "recvmsg(3<socket:[4176919]>, {msg_name={sa_family=AF_NETLINK, nl_pid=0, "
          "nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base=[{nlmsg_len=20, "
          "nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=2, nlmsg_pid=24435}, 0], "
          "iov_len=65536}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 20");
    // sendmsg without an address: a string, as strace shows it.
    h.msg_name = nullptr;
    h.msg_namelen = 0;
    mem.object(at, h);
    mem.object(at + 0x100, iovec{reinterpret_cast<void*>(at + 0x200), done.size()});
    const std::string sent = line("sendmsg", {3, at, 0}, 20, mem);
    INFO(sent);
    CHECK(sent.find("msg_iov=[{iov_base=\"\\24\\0") != std::string::npos);
}
