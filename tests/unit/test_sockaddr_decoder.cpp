// Socket addresses through a fake tracee memory, against what strace 6.1 printed for the same
// calls (`strace -e trace=%network` on a program making them), and the deferred decoding of the
// socket calls replaying exactly what the decoder read at the stops.
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/DecodeCapture.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

/// Tracee memory made of a few mapped regions (writable between the stops, as the kernel does).
class FakeMemory final : public TraceeMemory {
  public:
    template <typename T>
    uint64_t object(uint64_t addr, const T& value, size_t size = sizeof(T)) {
        std::string bytes(size, '\0');
        std::memcpy(bytes.data(), &value, std::min(size, sizeof value));
        regions_[addr] = bytes;
        return addr;
    }
    size_t read(uint64_t addr, void* out, size_t len) override {
        for (const auto& [base, bytes] : regions_) {
            if (addr >= base && addr < base + bytes.size()) {
                const size_t n = std::min(len, bytes.size() - (addr - base));
                std::memcpy(out, bytes.data() + (addr - base), n);
                return n;
            }
        }
        return 0;
    }
    bool readString(uint64_t /*addr*/, size_t /*maxLen*/, std::string& /*out*/,
                    bool* /*truncated*/) override {
        return false;
    }

  private:
    std::map<uint64_t, std::string> regions_;
};

sockaddr_un unixPath(const char* path) {
    sockaddr_un u{};
    u.sun_family = AF_UNIX;
    std::strncpy(u.sun_path, path, sizeof u.sun_path - 1);
    return u;
}

sockaddr_in inet4(const char* ip, uint16_t port) {
    sockaddr_in i{};
    i.sin_family = AF_INET;
    i.sin_port = htons(port);
    inet_pton(AF_INET, ip, &i.sin_addr);
    return i;
}

std::vector<std::string> entry(std::string_view name, const uint64_t args[6], FakeMemory& mem) {
    std::vector<std::string> out;
    decodeEntry(*findSyscall(name), args, mem, nullptr, DecodeOptions{}, out);
    return out;
}

std::string joined(const std::vector<std::string>& args) {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i) out += (i > 0 ? ", " : "") + args[i];
    return out;
}

/// Decoding at the stops and from a capture must give the same text.
void checkDeferred(std::string_view name, const uint64_t args[6], int64_t ret, FakeMemory& atEntry,
                   FakeMemory& atExit, const std::string& expected) {
    const SyscallInfo& info = *findSyscall(name);
    REQUIRE(deferrable(info));
    SyscallEvent ev;
    ev.setInfo(&info);
    ev.name = std::string(name);
    for (int i = 0; i < 6; ++i) ev.rawArgs[i] = args[i];
    ev.ret = ret;
    ev.decodeDeferred = true;
    captureEntry(info, args, atEntry, nullptr, DecodeOptions{}, ev.decodeCapture);
    captureExit(info, args, ret, atExit, nullptr, DecodeOptions{}, ev.decodeCapture);
    completeDecoding(ev, DecodeOptions{});
    CHECK(joined(ev.args) == expected);
}

}  // namespace

TEST_CASE("sockaddr of each family as strace 6.1 prints it", "[sockaddr]") {
    FakeMemory mem;
    const auto u = unixPath("/run/x.sock");
    uint64_t args[6] = {3, mem.object(0x1000, u), sizeof u};
    CHECK(joined(entry("connect", args, mem)) ==
          R"(3, {sa_family=AF_UNIX, sun_path="/run/x.sock"}, 110)");

    sockaddr_un abstract{};
    abstract.sun_family = AF_UNIX;
    std::memcpy(abstract.sun_path, "\0name", 5);
    args[1] = mem.object(0x2000, abstract);
    args[2] = 7;
    CHECK(joined(entry("connect", args, mem)) == R"(3, {sa_family=AF_UNIX, sun_path=@"name"}, 7)");

    args[1] = mem.object(0x3000, inet4("127.0.0.1", 80));
    args[2] = sizeof(sockaddr_in);
    CHECK(joined(entry("connect", args, mem)) ==
          R"(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16)");

    sockaddr_in6 i6{};
    i6.sin6_family = AF_INET6;
    i6.sin6_port = htons(80);
    i6.sin6_addr = in6addr_loopback;
    args[1] = mem.object(0x4000, i6);
    args[2] = sizeof i6;
    CHECK(joined(entry("connect", args, mem)) ==
          R"(3, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), )"
          R"(inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28)");

    sockaddr_nl nl{};
    nl.nl_family = AF_NETLINK;
    args[1] = mem.object(0x5000, nl);
    args[2] = sizeof nl;
    CHECK(joined(entry("bind", args, mem)) ==
          "3, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12");

    // sendto: the address is its fifth argument.
    const uint64_t data = mem.object(0x6000, std::array<char, 2>{'h', 'i'});
    const uint64_t sendArgs[6] = {9, data, 2, 0, 0x1000, sizeof u};
    CHECK(joined(entry("sendto", sendArgs, mem)) ==
          R"(9, "hi", 2, 0, {sa_family=AF_UNIX, sun_path="/run/x.sock"}, 110)");
}

TEST_CASE("a sockaddr that cannot be read shows its address", "[sockaddr]") {
    FakeMemory mem;
    const uint64_t args[6] = {3, 0xdead0000, 16};
    CHECK(joined(entry("connect", args, mem)) == "3, 0xdead0000, 16");
    const uint64_t null[6] = {3, 0, 0};
    CHECK(joined(entry("connect", null, mem)) == "3, NULL, 0");
}

TEST_CASE("out-sockaddrs are shown at the exit with the length before and after", "[sockaddr]") {
    FakeMemory atEntry;
    FakeMemory atExit;
    const uint32_t before = 128;
    atEntry.object(0x7000, before);
    sockaddr_nl nl{};
    nl.nl_family = AF_NETLINK;
    nl.nl_pid = 13757;
    atExit.object(0x8000, nl, 128);
    const uint32_t after = sizeof nl;
    atExit.object(0x7000, after);
    const uint64_t args[6] = {6, 0x8000, 0x7000};
    std::vector<std::string> out = entry("getsockname", args, atEntry);
    CHECK(joined(out) == "6, 0x8000, [128]");
    decodeExit(*findSyscall("getsockname"), args, 0, atExit, nullptr, DecodeOptions{}, out);
    CHECK(joined(out) ==
          "6, {sa_family=AF_NETLINK, nl_pid=13757, nl_groups=00000000}, [128 => 12]");
    checkDeferred("getsockname", args, 0, atEntry, atExit,
                  "6, {sa_family=AF_NETLINK, nl_pid=13757, nl_groups=00000000}, [128 => 12]");

    // An unnamed unix socket (socketpair): only the family.
    sockaddr_un unnamed{};
    unnamed.sun_family = AF_UNIX;
    atExit.object(0x8000, unnamed, 128);
    const uint32_t two = 2;
    atExit.object(0x7000, two);
    checkDeferred("getsockname", args, 0, atEntry, atExit, "6, {sa_family=AF_UNIX}, [128 => 2]");

    // A failed call keeps the address and the entry length.
    checkDeferred("getpeername", args, -ENOTCONN, atEntry, atExit, "6, 0x8000, [128]");

    // recvfrom on a stream socket: no address comes back.
    const uint32_t zero = 0;
    atExit.object(0x7000, zero);
    atExit.object(0x9000, std::array<char, 1>{'x'});
    const uint64_t recv[6] = {8, 0x9000, 8, 0, 0x8000, 0x7000};
    checkDeferred("recvfrom", recv, 1, atEntry, atExit, R"(8, "x", 8, 0, 0x8000, [128 => 0])");
    // As strace printed a failed non-blocking one.
    const uint64_t again[6] = {8, 0x9000, 8, 0x40, 0x8000, 0x7000};
    checkDeferred("recvfrom", again, -EAGAIN, atEntry, atExit,
                  "8, 0x9000, 8, MSG_DONTWAIT, 0x8000, [128]");

    // accept with NULL address and length.
    const uint64_t acc[6] = {3, 0, 0};
    checkDeferred("accept", acc, 4, atEntry, atExit, "3, NULL, NULL");
}

TEST_CASE("sendmsg shows its msghdr", "[sockaddr]") {
    FakeMemory mem;
    const auto dest = inet4("127.0.0.1", 80);
    mem.object(0x1000, dest);
    mem.object(0x2000, std::array<char, 5>{'h', 'e', 'l', 'l', 'o'});
    const uint64_t iov[2] = {0x2000, 5};
    mem.object(0x3000, iov);
    uint64_t hdr[7] = {0x1000, sizeof dest, 0x3000, 1, 0, 0, 0};
    mem.object(0x4000, hdr);
    const uint64_t args[6] = {11, 0x4000, 0};
    const std::string expected =
        R"(11, {msg_name={sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, )"
        R"(msg_namelen=16, msg_iov=[{iov_base="hello", iov_len=5}], msg_iovlen=1, )"
        R"(msg_controllen=0, msg_flags=0}, 0)";
    CHECK(joined(entry("sendmsg", args, mem)) == expected);
    checkDeferred("sendmsg", args, 5, mem, mem, expected);
}

TEST_CASE("unix addresses are told apart and shown short", "[sockaddr]") {
    const auto u = unixPath("/run/x.sock");
    std::string name;
    const std::string_view bytes(reinterpret_cast<const char*>(&u), sizeof u);
    CHECK(unixAddress(bytes, name) == UnixAddrKind::Path);
    CHECK(name == "/run/x.sock");
    CHECK(addressText(bytes) == "/run/x.sock");
    const std::string abstract("\x01\x00\x00name", 7);
    CHECK(unixAddress(abstract, name) == UnixAddrKind::Abstract);
    CHECK(name == "name");
    CHECK(addressText(abstract) == "@name");
    CHECK(unixAddress(std::string("\x01\x00", 2), name) == UnixAddrKind::Unnamed);
    const auto i = inet4("127.0.0.1", 8080);
    const std::string_view ib(reinterpret_cast<const char*>(&i), sizeof i);
    CHECK(unixAddress(ib, name) == UnixAddrKind::NotUnix);
    CHECK(addressText(ib) == "127.0.0.1:8080");
}
