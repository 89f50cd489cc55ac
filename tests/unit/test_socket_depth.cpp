// Issue 21's socket depth (tracer/MsghdrDecoder.h, CmsgDecoder.h, SockaddrLinkLayer.h,
// SockoptNames.h) through the whole decoder and a fake tracee, against lines strace 6.1 printed
// on this machine for the same calls (`strace -f -y -s 32` of tests/progs/socket_calls.c).
// Each line is also decoded the deferred way (capture at the stops, render later) and must
// come out the same.
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "support/DecodedLine.h"
#include "support/FakeMemory.h"
#include "tracer/ArgDecoder.h"
#include "tracer/CmsgDecoder.h"
#include "tracer/DecodeCapture.h"
#include "tracer/Events.h"
#include "tracer/StructRoleDispatch.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

using scratch::testing::FakeMemory;

const FdNamer kNames = [](int fd) -> const std::string* {
    static const std::string first = "socket:[3677337]";
    static const std::string second = "socket:[3677338]";
    static const std::string null = "/dev/null";
    static const std::string dgram0 = "socket:[3677345]";
    static const std::string dgram1 = "socket:[3677346]";
    static const std::string netlink = "socket:[3677349]";
    static const std::string udp = "socket:[3677355]";
    static const std::string tcp = "socket:[3677358]";
    static const std::string v6 = "socket:[3677360]";
    switch (fd) {
        case 3:
            return &first;
        case 4:
            return &second;
        case 5:
        case 6:
            return &null;
        case 7:
            return &dgram0;
        case 8:
            return &dgram1;
        case 9:
            return &netlink;
        case 13:
            return &udp;
        case 14:
            return &tcp;
        case 15:
            return &v6;
        default:
            return nullptr;
    }
};

/// The line as the live decoder makes it; the deferred decoding must make the same one.
std::string line(std::string_view name, std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem,
                 FakeMemory* atExit = nullptr) {
    return scratch::testing::decodedLine(name, raw, ret, mem, kNames, atExit);
}

/// A struct msghdr (x86_64) at `at` with one iovec at at+0x100 over `data` at at+0x200 and the
/// control bytes at at+0x400.
void putMsghdr(FakeMemory& mem, uint64_t at, const std::string& data, uint64_t iovLen,
               const std::string& control, uint32_t flags = 0, uint64_t name = 0,
               uint32_t namelen = 0) {
    msghdr h{};
    h.msg_name = reinterpret_cast<void*>(name);
    h.msg_namelen = namelen;
    h.msg_iov = reinterpret_cast<iovec*>(at + 0x100);
    h.msg_iovlen = 1;
    h.msg_control = control.empty() ? nullptr : reinterpret_cast<void*>(at + 0x400);
    h.msg_controllen = control.size();
    h.msg_flags = static_cast<int>(flags);
    mem.object(at, h);
    const iovec iov{reinterpret_cast<void*>(at + 0x200), iovLen};
    mem.object(at + 0x100, iov);
    mem.put(at + 0x200, data);
    if (!control.empty()) mem.put(at + 0x400, control);
}

/// One control message: header, data, padding to CMSG_SPACE.
std::string cmsg(int level, int type, const std::string& data) {
    std::string out(CMSG_SPACE(data.size()), '\0');
    cmsghdr h{};
    h.cmsg_len = CMSG_LEN(data.size());
    h.cmsg_level = level;
    h.cmsg_type = type;
    std::memcpy(out.data(), &h, sizeof h);
    std::memcpy(out.data() + sizeof h, data.data(), data.size());
    return out;
}

template <typename T>
std::string bytesOf(const T& value) {
    return std::string(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

TEST_CASE("sendmsg's control messages: fds named, credentials, an unknown level",
          "[decoder][socket-depth]") {
    FakeMemory mem;
    const int fd = 5;
    const ucred cred{10214, 0, 0};
    putMsghdr(mem, 0x10000, "hello, fd and creds", 19,
              cmsg(SOL_SOCKET, SCM_RIGHTS, bytesOf(fd)) +
                  cmsg(SOL_SOCKET, SCM_CREDENTIALS, bytesOf(cred)));
    CHECK(
        line("sendmsg", {3, 0x10000, 0}, 19, mem) ==
        R"(sendmsg(3<socket:[3677337]>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hello, fd and creds", iov_len=19}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5</dev/null>]}, {cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=10214, uid=0, gid=0}}], msg_controllen=56, msg_flags=0}, 0) = 19)");

    putMsghdr(mem, 0x10000, "hello, fd and creds", 19,
              cmsg(99, 7, std::string("\1\2\3\4\5\6\7\10", 8)));
    CHECK(
        line("sendmsg", {3, 0x10000, MSG_DONTWAIT}, 19, mem) ==
        R"(sendmsg(3<socket:[3677337]>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hello, fd and creds", iov_len=19}], msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=0x63 /* SOL_??? */, cmsg_type=0x7}], msg_controllen=24, msg_flags=0}, MSG_DONTWAIT) = 19)");
}

TEST_CASE("recvmsg is decoded at the exit, as the kernel left the header",
          "[decoder][socket-depth]") {
    FakeMemory entry;
    FakeMemory exit;
    const std::string received = "hello, fd and creds";
    putMsghdr(entry, 0x10000, std::string(64, '\0'), 64, std::string(72, '\0'));
    const int fd = 6;
    const ucred cred{10214, 0, 0};
    putMsghdr(exit, 0x10000, received + std::string(64 - received.size(), '\0'), 64,
              cmsg(SOL_SOCKET, SCM_CREDENTIALS, bytesOf(cred)) +
                  cmsg(SOL_SOCKET, SCM_RIGHTS, bytesOf(fd)),
              MSG_CMSG_CLOEXEC);
    CHECK(
        line("recvmsg", {4, 0x10000, MSG_CMSG_CLOEXEC}, 19, entry, &exit) ==
        R"(recvmsg(4<socket:[3677338]>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hello, fd and creds", iov_len=64}], msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=10214, uid=0, gid=0}}, {cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[6</dev/null>]}], msg_controllen=56, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 19)");

    // A failed receive shows only the length the caller gave.
    CHECK(line("recvmsg", {4, 0x10000, MSG_DONTWAIT}, -11, entry) ==
          "recvmsg(4<socket:[3677338]>, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource "
          "temporarily unavailable)");

    // The name's length as the kernel changed it (an unnamed peer: nothing written).
    FakeMemory named;
    putMsghdr(named, 0x20000, "", 8, "", 0, 0x7ffd9be0c620, 128);
    FakeMemory namedExit;
    putMsghdr(namedExit, 0x20000, "", 8, "", 0, 0x7ffd9be0c620, 0);
    CHECK(
        line("recvmsg", {4, 0x20000, 0}, 0, named, &namedExit) ==
        R"(recvmsg(4<socket:[3677338]>, {msg_name=0x7ffd9be0c620, msg_namelen=128 => 0, msg_iov=[{iov_base="", iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 0)");
}

TEST_CASE("sendmmsg and recvmmsg show each message and its length", "[decoder][socket-depth]") {
    FakeMemory mem;
    mem.put(0x100, "first");
    mem.put(0x200, "second one");
    const iovec out[2] = {{reinterpret_cast<void*>(0x100), 5},
                          {reinterpret_cast<void*>(0x200), 10}};
    mem.object(0x1000, out);
    mmsghdr vec[2] = {};
    vec[0].msg_hdr.msg_iov = reinterpret_cast<iovec*>(0x1000);
    vec[0].msg_hdr.msg_iovlen = 1;
    vec[1].msg_hdr.msg_iov = reinterpret_cast<iovec*>(0x1010);
    vec[1].msg_hdr.msg_iovlen = 1;
    mem.object(0x2000, vec);
    FakeMemory sent = mem;
    vec[0].msg_len = 5;
    vec[1].msg_len = 10;
    sent.object(0x2000, vec);
    CHECK(
        line("sendmmsg", {7, 0x2000, 2, 0}, 2, mem, &sent) ==
        R"(sendmmsg(7<socket:[3677345]>, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="first", iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}, {msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="second one", iov_len=10}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=10}], 2, 0) = 2)");

    FakeMemory received;
    received.put(0x100, std::string("first") + std::string(11, '\0'));
    received.put(0x200, std::string("second one") + std::string(6, '\0'));
    const iovec in[2] = {{reinterpret_cast<void*>(0x100), 16},
                         {reinterpret_cast<void*>(0x200), 16}};
    received.object(0x1000, in);
    received.object(0x2000, vec);
    CHECK(
        line("recvmmsg", {8, 0x2000, 2, MSG_DONTWAIT, 0}, 2, received) ==
        R"(recvmmsg(8<socket:[3677346]>, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="first", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}, {msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="second one", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=10}], 2, MSG_DONTWAIT, NULL) = 2)");
    // With a timeout: the time the kernel left after the return, "(Timeout)" for nothing.
    const timespec timeout{1, 0};
    received.object(0x3000, timeout);
    FakeMemory waited = received;
    const timespec left{0, 999996074};
    waited.object(0x3000, left);
    vec[0].msg_len = 3;
    received.put(0x100, std::string("abc") + std::string(13, '\0'));
    waited.put(0x100, std::string("abc") + std::string(13, '\0'));
    waited.object(0x2000, vec);
    CHECK(
        line("recvmmsg", {8, 0x2000, 2, MSG_WAITFORONE, 0x3000}, 1, received, &waited) ==
        R"(recvmmsg(8<socket:[3677346]>, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abc", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}], 2, MSG_WAITFORONE, {tv_sec=1, tv_nsec=0}) = 1 (left {tv_sec=0, tv_nsec=999996074}))");
    CHECK(line("recvmmsg", {8, 0x2000, 2, 0, 0x3000}, 0, received) ==
          "recvmmsg(8<socket:[3677346]>, [], 2, 0, {tv_sec=1, tv_nsec=0}) = 0 (Timeout)");
    CHECK(line("recvmmsg", {8, 0x7ffd9be0c730, 2, MSG_DONTWAIT, 0}, -11, received) ==
          "recvmmsg(8<socket:[3677346]>, 0x7ffd9be0c730, 2, MSG_DONTWAIT, NULL) = -1 EAGAIN "
          "(Resource temporarily unavailable)");
}

TEST_CASE("socketpair shows the two fds it made", "[decoder][socket-depth]") {
    FakeMemory mem;
    const int fds[2] = {3, 4};
    mem.object(0x1000, fds);
    CHECK(line("socketpair", {AF_UNIX, SOCK_STREAM, 0, 0x1000}, 0, mem) ==
          "socketpair(AF_UNIX, SOCK_STREAM, 0, [3<socket:[3677337]>, 4<socket:[3677338]>]) = 0");
}

TEST_CASE("shutdown's mode by name", "[decoder][socket-depth]") {
    FakeMemory mem;
    CHECK(line("shutdown", {3, SHUT_WR}, 0, mem) == "shutdown(3<socket:[3677337]>, SHUT_WR) = 0");
    CHECK(line("shutdown", {3, 7}, -22, mem) ==
          "shutdown(3<socket:[3677337]>, 0x7 /* SHUT_??? */) = -1 EINVAL (Invalid argument)");
}

TEST_CASE("netlink, unspec and packet addresses", "[decoder][socket-depth]") {
    FakeMemory mem;
    sockaddr_nl nl{};
    nl.nl_family = AF_NETLINK;
    mem.object(0x1000, nl);
    CHECK(line("bind", {9, 0x1000, 12}, 0, mem) ==
          "bind(9<socket:[3677349]>, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) "
          "= 0");
    nl.nl_groups = 0x11;
    mem.object(0x5000, nl);
    CHECK(line("bind", {9, 0x5000, 12}, 0, mem) ==
          "bind(9<socket:[3677349]>, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=0x000011}, 12) "
          "= 0");
    nl.nl_groups = 0;
    FakeMemory named = mem;
    nl.nl_pid = 10214;
    named.object(0x1000, nl);
    const uint32_t len = 12;
    mem.object(0x2000, len);
    named.object(0x2000, len);
    CHECK(line("getsockname", {9, 0x1000, 0x2000}, 0, mem, &named) ==
          "getsockname(9<socket:[3677349]>, {sa_family=AF_NETLINK, nl_pid=10214, "
          "nl_groups=00000000}, [12]) = 0");

    sockaddr unspec{};
    mem.object(0x3000, unspec);
    CHECK(
        line("connect", {13, 0x3000, 16}, 0, mem) ==
        R"(connect(13<socket:[3677355]>, {sa_family=AF_UNSPEC, sa_data="\0\0\0\0\0\0\0\0\0\0\0\0\0\0"}, 16) = 0)");

    // struct sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen.
    std::string ll(20, '\0');
    const uint16_t family = AF_PACKET;
    const uint16_t protocol = htons(0x0800);
    const int32_t ifindex = 1;  // the loopback interface, in any network namespace
    const uint16_t hatype = 1;
    std::memcpy(ll.data(), &family, 2);
    std::memcpy(ll.data() + 2, &protocol, 2);
    std::memcpy(ll.data() + 4, &ifindex, 4);
    std::memcpy(ll.data() + 8, &hatype, 2);
    ll[11] = 6;
    for (int k = 0; k < 6; ++k) ll[12 + k] = static_cast<char>(k + 1);
    mem.put(0x4000, ll);
    CHECK(
        line("connect", {13, 0x4000, 20}, -97, mem) ==
        R"(connect(13<socket:[3677355]>, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_IP), sll_ifindex=if_nametoindex("lo"), sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=6, sll_addr=[0x1, 0x2, 0x3, 0x4, 0x5, 0x6]}, 20) = -1 EAFNOSUPPORT (Address family not supported by protocol))");
}

TEST_CASE("socket options of SOL_IP and SOL_IPV6, and values strace shows as bytes",
          "[decoder][socket-depth]") {
    FakeMemory mem;
    const int tos = 16;
    mem.object(0x1000, tos);
    CHECK(line("setsockopt", {14, SOL_IP, IP_TOS, 0x1000, 4}, 0, mem) ==
          "setsockopt(14<socket:[3677358]>, SOL_IP, IP_TOS, [16], 4) = 0");
    const uint32_t four = 4;
    mem.object(0x2000, four);
    CHECK(line("getsockopt", {14, SOL_IP, IP_TOS, 0x1000, 0x2000}, 0, mem) ==
          "getsockopt(14<socket:[3677358]>, SOL_IP, IP_TOS, [16], [4]) = 0");
    const int one = 1;
    mem.object(0x3000, one);
    CHECK(line("setsockopt", {15, SOL_IPV6, IPV6_V6ONLY, 0x3000, 4}, 0, mem) ==
          "setsockopt(15<socket:[3677360]>, SOL_IPV6, IPV6_V6ONLY, [1], 4) = 0");
    const int hops = 7;
    mem.object(0x3000, hops);
    CHECK(line("setsockopt", {15, SOL_IPV6, IPV6_UNICAST_HOPS, 0x3000, 4}, 0, mem) ==
          "setsockopt(15<socket:[3677360]>, SOL_IPV6, IPV6_UNICAST_HOPS, [7], 4) = 0");
    // A pending error by name (curl's connect to a closed port, as strace showed it).
    const int refused = ECONNREFUSED;
    mem.object(0x5000, refused);
    CHECK(line("getsockopt", {14, SOL_SOCKET, SO_ERROR, 0x5000, 0x2000}, 0, mem) ==
          "getsockopt(14<socket:[3677358]>, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0");
    const timeval tv{5, 250000};
    mem.object(0x4000, tv);
    CHECK(
        line("setsockopt", {14, SOL_SOCKET, SO_RCVTIMEO_OLD, 0x4000, 16}, 0, mem) ==
        R"(setsockopt(14<socket:[3677358]>, SOL_SOCKET, SO_RCVTIMEO_OLD, "\5\0\0\0\0\0\0\0\220\320\3\0\0\0\0\0", 16) = 0)");
    const uint32_t sixteen = 16;
    mem.object(0x2000, sixteen);
    const timeval got{5, 252000};
    mem.object(0x4000, got);
    CHECK(
        line("getsockopt", {14, SOL_SOCKET, SO_RCVTIMEO_OLD, 0x4000, 0x2000}, 0, mem) ==
        R"(getsockopt(14<socket:[3677358]>, SOL_SOCKET, SO_RCVTIMEO_OLD, "\5\0\0\0\0\0\0\0`\330\3\0\0\0\0\0", [16]) = 0)");
}

TEST_CASE("control messages cut short or too long for what was read", "[decoder][socket-depth]") {
    std::string out;
    // Less than a header: the address.
    appendControlMessages(out, std::string(8, '\0'), 0x5000, 8, false, {});
    CHECK(out == "0x5000");
    // A header claiming more than the buffer holds: its data cut to what there is.
    out.clear();
    const int fds[2] = {3, 4};
    std::string one = cmsg(SOL_SOCKET, SCM_RIGHTS, bytesOf(fds));
    one.resize(one.size() - 4);
    appendControlMessages(out, one, 0x5000, one.size(), false, {});
    CHECK(out == "[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}]");
    // Trailing bytes shorter than a header: strace's "..." with where they start.
    out.clear();
    const std::string two = cmsg(SOL_SOCKET, SCM_RIGHTS, bytesOf(fds[0])) + std::string(8, '\0');
    appendControlMessages(out, two, 0x5000, two.size(), false, {});
    CHECK(out ==
          "[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}, ... /* "
          "0x5018 */]");
}

TEST_CASE("an i386 msghdr: 4-byte fields and 12-byte control headers", "[decoder][socket-depth]") {
    FakeMemory mem;
    mem.put(0x2000, "hello");
    const uint32_t iov[2] = {0x2000, 5};
    mem.object(0x3000, iov);
    // cmsghdr32: cmsg_len, cmsg_level, cmsg_type, then one fd.
    const int32_t control[4] = {16, SOL_SOCKET, SCM_RIGHTS, 5};
    mem.object(0x4000, control);
    const uint32_t hdr[7] = {0, 0, 0x3000, 1, 0x4000, sizeof control, 0};
    mem.object(0x1000, hdr);
    const SyscallInfo* info = findSyscall("sendmsg");
    REQUIRE(info != nullptr);
    DecodeOptions opts;
    opts.arch = Arch::I386;
    const uint64_t args[6] = {3, 0x1000, 0};
    std::vector<std::string> out;
    decodeEntry(*info, args, mem, kNames, opts, out);
    REQUIRE(out.size() == 3);
    CHECK(out[1] ==
          "{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=5}], "
          "msg_iovlen=1, msg_control=[{cmsg_len=16, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
          "cmsg_data=[5</dev/null>]}], msg_controllen=16, msg_flags=0}");
}

TEST_CASE("a datagram's timestamp and SOL_IP control messages", "[decoder][socket-depth]") {
    // What a UDP socket with SO_TIMESTAMP_OLD, IP_PKTINFO, IP_RECVTTL and IP_RECVTOS received
    // over loopback (tests/progs/socket_calls.c, datagrams()).
    const timeval stamp{1796682616, 394518};
    in_pktinfo info{};
    info.ipi_ifindex = 1;
    info.ipi_spec_dst.s_addr = htonl(INADDR_LOOPBACK);
    info.ipi_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int ttl = 64;
    const std::string control = cmsg(SOL_SOCKET, SO_TIMESTAMP_OLD, bytesOf(stamp)) +
                                cmsg(SOL_IP, IP_PKTINFO, bytesOf(info)) +
                                cmsg(SOL_IP, IP_TTL, bytesOf(ttl)) +
                                cmsg(SOL_IP, IP_TOS, std::string(1, '\0'));
    std::string out;
    appendControlMessages(out, control, 0x5000, control.size(), false, {});
    CHECK(
        out ==
        R"([{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, cmsg_data={tv_sec=1796682616, tv_usec=394518}}, {cmsg_len=28, cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex=if_nametoindex("lo"), ipi_spec_dst=inet_addr("127.0.0.1"), ipi_addr=inet_addr("127.0.0.1")}}, {cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TTL, cmsg_data=[64]}, {cmsg_len=17, cmsg_level=SOL_IP, cmsg_type=IP_TOS, cmsg_data=[0]}])");
}

TEST_CASE("multicast membership requests", "[decoder][socket-depth]") {
    FakeMemory mem;
    ip_mreq m{};
    m.imr_multiaddr.s_addr = htonl(0xe00000fb);
    m.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
    mem.object(0x1000, m);
    CHECK(
        line("setsockopt", {3, SOL_IP, IP_ADD_MEMBERSHIP, 0x1000, 8}, 0, mem) ==
        R"(setsockopt(3<socket:[3677337]>, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.251"), imr_interface=inet_addr("127.0.0.1")}, 8) = 0)");
    group_req g{};
    g.gr_interface = 1;
    auto* group = reinterpret_cast<sockaddr_in*>(&g.gr_group);
    group->sin_family = AF_INET;
    group->sin_addr.s_addr = htonl(0xe00000fd);
    mem.object(0x2000, g);
    CHECK(
        line("setsockopt", {3, SOL_IP, MCAST_JOIN_GROUP, 0x2000, sizeof g}, 0, mem) ==
        R"(setsockopt(3<socket:[3677337]>, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=if_nametoindex("lo"), gr_group={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("224.0.0.253")}}, 136) = 0)");
    ipv6_mreq m6{};
    m6.ipv6mr_multiaddr.s6_addr[0] = 0xff;
    m6.ipv6mr_multiaddr.s6_addr[1] = 0x02;
    m6.ipv6mr_multiaddr.s6_addr[15] = 0xfb;
    m6.ipv6mr_interface = 1;
    mem.object(0x3000, m6);
    CHECK(
        line("setsockopt", {4, SOL_IPV6, IPV6_ADD_MEMBERSHIP, 0x3000, sizeof m6}, 0, mem) ==
        R"(setsockopt(4<socket:[3677338]>, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff02::fb", &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}, 20) = 0)");
    const unsigned char loop = 0;
    mem.object(0x4000, loop);
    CHECK(line("setsockopt", {3, SOL_IP, IP_MULTICAST_LOOP, 0x4000, 1}, 0, mem) ==
          R"(setsockopt(3<socket:[3677337]>, SOL_IP, IP_MULTICAST_LOOP, "\0", 1) = 0)");
}
