// The pure ioctl and flock renderers (tracer/IoctlDecoder.h, tracer/FlockDecoder.h) against
// what strace 6.1 printed on this machine for tests/progs/struct_calls.c; the device ioctls
// (tracer/IoctlStructs.h) through the whole decoder, live and deferred, against what it printed
// for tests/progs/ioctl_calls.c.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <string>

#include "support/DecodedLine.h"
#include "support/FakeMemory.h"
#include "tracer/FlockDecoder.h"
#include "tracer/IoctlDecoder.h"
#include "tracer/IoctlStructs.h"

using namespace scratch::tracer;

namespace {

template <typename T>
std::string bytesOf(const T& value) {
    std::string bytes(sizeof value, '\0');
    std::memcpy(bytes.data(), &value, sizeof value);
    return bytes;
}

using scratch::testing::FakeMemory;

const FdNamer kNames = [](int fd) -> const std::string* {
    static const std::string sock = "socket:[4172810]";
    static const std::string pipe = "pipe:[4172815]";
    static const std::string pts = "/dev/pts/0";
    static const std::string loop = "/dev/loop0";
    static const std::string ctl = "/dev/loop-control";
    static const std::string backing = "/tmp/ioctl_calls.backing";
    switch (fd) {
        case 3:
            return &sock;
        case 4:
            return &pipe;
        case 5:
            return &ctl;
        case 6:
            return &loop;
        case 7:
            return &backing;
        case 8:
            return &pts;
        default:
            return nullptr;
    }
};

/// The ioctl line, live and (checked to be the same) deferred.
std::string line(std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem,
                 FakeMemory* atExit = nullptr) {
    return scratch::testing::decodedLine("ioctl", raw, ret, mem, kNames, atExit);
}

ifreq namedIfreq(const char* name) {
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    return ifr;
}

}  // namespace

TEST_CASE("ioctl requests as strace names them", "[decoder][ioctl]") {
    CHECK(ioctlRequestText(0x5401) == "TCGETS");
    CHECK(ioctlRequestText(0x5402) == "SNDCTL_TMR_START or TCSETS");
    CHECK(ioctlRequestText(0x5403) == "SNDCTL_TMR_STOP or TCSETSW");
    CHECK(ioctlRequestText(0xb701) == "NS_GET_USERNS");
    CHECK(ioctlRequestText(0xb704) == "NS_GET_OWNER_UID");
    // Unknown: the _IOC fields, as strace prints them.
    CHECK(ioctlRequestText(0xb803) == "_IOC(_IOC_NONE, 0xb8, 0x3, 0)");
    CHECK(ioctlRequestText(0xc0045401) == "_IOC(_IOC_READ|_IOC_WRITE, 0x54, 0x1, 0x4)");
    CHECK(ioctlArgShape(0x5451) == IoctlArgShape::None);  // FIOCLEX: no argument
    CHECK(ioctlArgShape(0x541b) == IoctlArgShape::IntOut);
    CHECK(ioctlArgShape(0x1234) == IoctlArgShape::Hex);
    CHECK(ioctlReturnShape(0xb701) == IoctlReturnShape::Fd);
    CHECK(ioctlReturnShape(0xb703) == IoctlReturnShape::NsType);
    CHECK(nsTypeReturnText(0x40000000) == "1073741824 (CLONE_NEWNET)");
}

TEST_CASE("termios and winsize as strace abbreviates them", "[decoder][ioctl]") {
    struct termios t {};
    t.c_iflag = ICRNL | IXON;
    t.c_oflag = OPOST | ONLCR;
    t.c_cflag = B38400 | CS8 | CREAD;
    t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN | ECHOCTL | ECHOKE;
    // The kernel's struct termios is glibc's first 36 bytes minus the speeds.
    CHECK(termiosText(bytesOf(t).substr(0, kTermiosSize)) ==
          "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
          "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
          "...}");
    struct winsize w {};
    w.ws_row = 24;
    w.ws_col = 80;
    CHECK(winsizeText(bytesOf(w)) == "{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}");
}

TEST_CASE("struct flock as strace prints it", "[decoder][fcntl]") {
    struct flock lk {};
    lk.l_type = F_WRLCK;
    lk.l_whence = SEEK_SET;
    lk.l_len = 10;
    CHECK(flockText(bytesOf(lk), false) ==
          "{l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}");
    lk.l_type = F_UNLCK;
    CHECK(flockText(bytesOf(lk), true) ==
          "{l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=10, l_pid=0}");
    CHECK(flockUse(F_GETLK) == FlockUse::Filled);
    CHECK(flockUse(F_SETLKW) == FlockUse::Given);
    CHECK(flockUse(F_OFD_SETLK) == FlockUse::Given);
    CHECK(flockUse(F_GETFD) == FlockUse::None);
}

TEST_CASE("network interface ioctls on a socket as strace prints them", "[decoder][ioctl]") {
    constexpr uint64_t p = 0x7ffc1000;
    FakeMemory entry;
    FakeMemory exit;
    ifreq ifr = namedIfreq("lo");
    entry.object(p, ifr);
    ifr.ifr_ifindex = 1;
    exit.object(p, ifr);
    CHECK(line({3, SIOCGIFINDEX, p}, 0, entry, &exit) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFINDEX, {ifr_name=\"lo\", ifr_ifindex=1}) = 0");
    // Failed: what the entry knew.
    FakeMemory none;
    none.object(p, namedIfreq("nosuch0"));
    CHECK(line({3, SIOCGIFINDEX, p}, -ENODEV, none) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFINDEX, {ifr_name=\"nosuch0\"}) = -1 ENODEV (No such "
          "device)");
    CHECK(line({3, SIOCGIFFLAGS, p}, -ENODEV, none) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFFLAGS, {ifr_name=\"nosuch0\"}) = -1 ENODEV (No such "
          "device)");
    // SIOCGIFNAME: the index given, the name filled.
    ifreq byIndex{};
    byIndex.ifr_ifindex = 1;
    FakeMemory indexOnly;
    indexOnly.object(p, byIndex);
    CHECK(line({3, SIOCGIFNAME, p}, 0, indexOnly, &exit) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFNAME, {ifr_ifindex=1, ifr_name=\"lo\"}) = 0");
    ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
    FakeMemory flags;
    flags.object(p, ifr);
    CHECK(line({3, SIOCGIFFLAGS, p}, 0, entry, &flags) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFFLAGS, {ifr_name=\"lo\", "
          "ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}) = 0");
    // SIOCS*: the whole struct at the entry.
    CHECK(line({3, SIOCSIFFLAGS, p}, 0, flags) ==
          "ioctl(3<socket:[4172810]>, SIOCSIFFLAGS, {ifr_name=\"lo\", "
          "ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}) = 0");
    ifr.ifr_mtu = 65536;
    FakeMemory mtu;
    mtu.object(p, ifr);
    CHECK(line({3, SIOCGIFMTU, p}, 0, entry, &mtu) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFMTU, {ifr_name=\"lo\", ifr_mtu=65536}) = 0");
    ifr.ifr_qlen = 1000;
    mtu.object(p, ifr);
    CHECK(line({3, SIOCGIFTXQLEN, p}, 0, entry, &mtu) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFTXQLEN, {ifr_name=\"lo\", ifr_qlen=1000}) = 0");
    std::memset(&ifr.ifr_hwaddr, 0, sizeof ifr.ifr_hwaddr);
    ifr.ifr_hwaddr.sa_family = 772;  // ARPHRD_LOOPBACK
    FakeMemory hw;
    hw.object(p, ifr);
    CHECK(line({3, SIOCGIFHWADDR, p}, 0, entry, &hw) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFHWADDR, {ifr_name=\"lo\", "
          "ifr_hwaddr={sa_family=ARPHRD_LOOPBACK, sa_data=00:00:00:00:00:00}}) = 0");
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(0x7f000001);
    std::memcpy(&ifr.ifr_addr, &in, sizeof in);
    FakeMemory addr;
    addr.object(p, ifr);
    CHECK(line({3, SIOCGIFADDR, p}, 0, entry, &addr) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFADDR, {ifr_name=\"lo\", ifr_addr={sa_family=AF_INET, "
          "sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}}) = 0");
    in.sin_addr.s_addr = htonl(0xff000000);
    std::memcpy(&ifr.ifr_netmask, &in, sizeof in);
    addr.object(p, ifr);
    CHECK(line({3, SIOCGIFNETMASK, p}, 0, entry, &addr) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFNETMASK, {ifr_name=\"lo\", "
          "ifr_netmask={sa_family=AF_INET, sin_port=htons(0), "
          "sin_addr=inet_addr(\"255.0.0.0\")}}) = 0");
    // SIOCGIFCONF (ifconfig -a): the length before and after, the array the kernel filled.
    ifreq entries[2] = {namedIfreq("lo"), namedIfreq("eth0")};
    sockaddr_in lo{};
    lo.sin_family = AF_INET;
    lo.sin_addr.s_addr = htonl(0x7f000001);
    std::memcpy(&entries[0].ifr_addr, &lo, sizeof lo);
    lo.sin_addr.s_addr = htonl(0xc0000202);
    std::memcpy(&entries[1].ifr_addr, &lo, sizeof lo);
    FakeMemory confIn;
    FakeMemory confOut;
    ifconf conf{};
    conf.ifc_len = 8 * sizeof(ifreq);
    conf.ifc_req = reinterpret_cast<ifreq*>(0x9000);
    confIn.object(0xa000, conf);
    conf.ifc_len = 2 * sizeof(ifreq);
    confOut.object(0xa000, conf);
    confOut.object(0x9000, entries);
    CHECK(line({3, SIOCGIFCONF, 0xa000}, 0, confIn, &confOut) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFCONF, {ifc_len=320 /* 8 * sizeof(struct ifreq) */ => "
          "80 /* 2 * sizeof(struct ifreq) */, ifc_buf=[{ifr_name=\"lo\", "
          "ifr_addr={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}}, "
          "{ifr_name=\"eth0\", ifr_addr={sa_family=AF_INET, sin_port=htons(0), "
          "sin_addr=inet_addr(\"192.0.2.2\")}}]}) = 0");
    conf.ifc_req = nullptr;
    FakeMemory confNull;
    confNull.object(0xa000, conf);
    CHECK(line({3, SIOCGIFCONF, 0xa000}, 0, confNull) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFCONF, {ifc_len=80 /* 2 * sizeof(struct ifreq) */, "
          "ifc_buf=NULL}) = 0");
    // SIOCGIFMAP (ifconfig): struct ifmap with its longs.
    std::memset(&ifr.ifr_map, 0, sizeof ifr.ifr_map);
    ifr.ifr_map.mem_start = 0xd000;
    ifr.ifr_map.irq = 11;
    FakeMemory map;
    map.object(p, ifr);
    CHECK(line({3, SIOCGIFMAP, p}, 0, entry, &map) ==
          "ioctl(3<socket:[4172810]>, SIOCGIFMAP, {ifr_name=\"lo\", ifr_map={mem_start=0xd000, "
          "mem_end=0, base_addr=0, irq=11, dma=0, port=0}}) = 0");
    const uint64_t one = entry.object(0x5000, int32_t{1});
    CHECK(line({3, FIONBIO, one}, 0, entry) == "ioctl(3<socket:[4172810]>, FIONBIO, [1]) = 0");
    CHECK(line({3, FIOASYNC, one}, 0, entry) == "ioctl(3<socket:[4172810]>, FIOASYNC, [1]) = 0");
}

TEST_CASE("tty requests, pipes and their constants as strace prints them", "[decoder][ioctl]") {
    FakeMemory mem;
    const uint64_t five = mem.object(0x5000, int32_t{5});
    CHECK(line({4, FIONREAD, five}, 0, mem) == "ioctl(4<pipe:[4172815]>, FIONREAD, [5]) = 0");
    CHECK(line({8, TCFLSH, TCIFLUSH}, 0, mem) == "ioctl(8</dev/pts/0>, TCFLSH, TCIFLUSH) = 0");
    CHECK(line({8, TCFLSH, TCIOFLUSH}, 0, mem) == "ioctl(8</dev/pts/0>, TCFLSH, TCIOFLUSH) = 0");
    CHECK(line({8, TCXONC, TCOON}, 0, mem) == "ioctl(8</dev/pts/0>, TCXONC, TCOON) = 0");
    CHECK(line({8, TCSBRK, 1}, 0, mem) == "ioctl(8</dev/pts/0>, TCSBRK, 1) = 0");
    CHECK(line({8, TIOCSCTTY, 0}, 0, mem) == "ioctl(8</dev/pts/0>, TIOCSCTTY, 0) = 0");
    CHECK(line({8, TIOCNOTTY, 0}, -ENOTTY, mem) ==
          "ioctl(8</dev/pts/0>, TIOCNOTTY) = -1 ENOTTY (Inappropriate ioctl for device)");
    const uint64_t pid = mem.object(0x6000, int32_t{23766});
    CHECK(line({8, TIOCSPGRP, pid}, 0, mem) == "ioctl(8</dev/pts/0>, TIOCSPGRP, [23766]) = 0");
    CHECK(line({8, TIOCGPGRP, pid}, 0, mem) == "ioctl(8</dev/pts/0>, TIOCGPGRP, [23766]) = 0");
    CHECK(line({8, TIOCGSID, pid}, 0, mem) == "ioctl(8</dev/pts/0>, TIOCGSID, [23766]) = 0");
    CHECK(line({8, TIOCGPGRP, 0x7ffca0bb46cc}, -ENOTTY, mem) ==
          "ioctl(8</dev/pts/0>, TIOCGPGRP, 0x7ffca0bb46cc) = -1 ENOTTY (Inappropriate ioctl for "
          "device)");
}

TEST_CASE("loop and block device ioctls as strace prints them", "[decoder][ioctl]") {
    FakeMemory mem;
    CHECK(line({5, LOOP_CTL_GET_FREE, 0}, 0, mem) ==
          "ioctl(5</dev/loop-control>, LOOP_CTL_GET_FREE) = 0");
    CHECK(line({6, LOOP_SET_FD, 7}, 0, mem) ==
          "ioctl(6</dev/loop0>, LOOP_SET_FD, 7</tmp/ioctl_calls.backing>) = 0");
    loop_info64 info{};
    FakeMemory empty;
    const uint64_t p = empty.object(0x7000, info);
    CHECK(line({6, LOOP_GET_STATUS64, p}, 0, mem, &empty) ==
          "ioctl(6</dev/loop0>, LOOP_GET_STATUS64, {lo_offset=0, lo_number=0, lo_flags=0, "
          "lo_file_name=\"\", ...}) = 0");
    info.lo_flags = LO_FLAGS_AUTOCLEAR;
    std::strcpy(reinterpret_cast<char*>(info.lo_file_name), "ioctl_calls");
    mem.object(p, info);
    CHECK(line({6, LOOP_SET_STATUS64, p}, 0, mem) ==
          "ioctl(6</dev/loop0>, LOOP_SET_STATUS64, {lo_offset=0, lo_number=0, "
          "lo_flags=LO_FLAGS_AUTOCLEAR, lo_file_name=\"ioctl_calls\", ...}) = 0");
    // LOOP_CONFIGURE (losetup): the backing fd, the block size, the loop_info64.
    loop_config config{};
    config.fd = 7;
    std::strcpy(reinterpret_cast<char*>(config.info.lo_file_name), "/tmp/ioc/backing");
    const uint64_t c = mem.object(0xb000, config);
    CHECK(line({6, LOOP_CONFIGURE, c}, 0, mem) ==
          "ioctl(6</dev/loop0>, LOOP_CONFIGURE, {fd=7</tmp/ioctl_calls.backing>, block_size=0, "
          "info={lo_offset=0, lo_number=0, lo_flags=0, lo_file_name=\"/tmp/ioc/backing\", "
          "...}}) = 0");
    CHECK(line({6, LOOP_GET_STATUS64, 0x7ffe9f55da30}, -ENXIO, mem) ==
          "ioctl(6</dev/loop0>, LOOP_GET_STATUS64, 0x7ffe9f55da30) = -1 ENXIO (No such device or "
          "address)");
    const uint64_t size = mem.object(0x8000, uint64_t{1048576});
    CHECK(line({6, BLKGETSIZE64, size}, 0, mem) ==
          "ioctl(6</dev/loop0>, BLKGETSIZE64, [1048576]) = 0");
    const uint64_t ssz = mem.object(0x9000, int32_t{512});
    CHECK(line({6, BLKSSZGET, ssz}, 0, mem) == "ioctl(6</dev/loop0>, BLKSSZGET, [512]) = 0");
    const uint64_t ro = mem.object(0xa000, int32_t{0});
    CHECK(line({6, BLKROGET, ro}, 0, mem) == "ioctl(6</dev/loop0>, BLKROGET, [0]) = 0");
    CHECK(line({6, LOOP_CLR_FD, 0}, 0, mem) == "ioctl(6</dev/loop0>, LOOP_CLR_FD) = 0");
}
