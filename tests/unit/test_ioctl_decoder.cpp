// The pure ioctl and flock renderers (tracer/IoctlDecoder.h, tracer/FlockDecoder.h) against
// what strace 6.1 printed on this machine for tests/progs/struct_calls.c.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "tracer/FlockDecoder.h"
#include "tracer/IoctlDecoder.h"

using namespace scratch::tracer;

namespace {

template <typename T>
std::string bytesOf(const T& value) {
    std::string bytes(sizeof value, '\0');
    std::memcpy(bytes.data(), &value, sizeof value);
    return bytes;
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
