// strace 6.1's rendering of ioctl: the request's name (TCGETS, "SNDCTL_TMR_START or TCSETS"
// where strace's table has two, NS_GET_USERNS, _IOC(...) for the rest), its argument by
// request (termios, winsize, [int], nothing for FIOCLEX or NS_GET_*), and what the return is
// for the namespace requests (an fd, "1073741824 (CLONE_NEWNET)"). Pure functions over the
// request, the argument's bytes and the return value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// How an ioctl's third argument is shown.
enum class IoctlArgShape : uint8_t {
    None,          ///< not shown at all (FIOCLEX, NS_GET_USERNS)
    Hex,           ///< a number or address, as strace shows unknown requests
    IntIn,         ///< [N] read at the entry (TIOCSPGRP, TIOCSPTLCK)
    IntOut,        ///< [N] read at the exit (FIONREAD, TIOCGPGRP, TIOCGPTN, NS_GET_OWNER_UID)
    TermiosIn,     ///< struct termios given to the kernel (TCSETS*)
    TermiosOut,    ///< struct termios the kernel fills (TCGETS)
    WinsizeIn,     ///< struct winsize given (TIOCSWINSZ)
    WinsizeOut,    ///< struct winsize filled (TIOCGWINSZ)
    Decimal,       ///< a number in decimal (TCSBRK, TIOCSCTTY, LOOP_CTL_ADD)
    TtyConstant,   ///< TCFLSH's TCIFLUSH, TCXONC's TCOON (tracer/IoctlStructs.h)
    Fd,            ///< an fd, named as strace -y names it (LOOP_SET_FD)
    Int64Out,      ///< [N] of 64 bits read at the exit (BLKGETSIZE64)
    IfreqGiven,    ///< struct ifreq given whole (SIOCSIFFLAGS)
    IfreqFilled,   ///< struct ifreq named at the entry, its field filled (SIOCGIFFLAGS)
    IfreqByIndex,  ///< struct ifreq by index, its name filled (SIOCGIFNAME)
    LoopInfoIn,    ///< struct loop_info64 given (LOOP_SET_STATUS64)
    LoopInfoOut,   ///< struct loop_info64 filled (LOOP_GET_STATUS64)
    Ifconf,        ///< struct ifconf and its array of ifreq (SIOCGIFCONF)
    LoopConfig,    ///< struct loop_config: an fd, a block size, a loop_info64 (LOOP_CONFIGURE)
};

/// How the return of an ioctl is shown.
enum class IoctlReturnShape : uint8_t { Int, Fd, NsType };

/// The bytes of the kernel's struct termios and struct winsize.
constexpr size_t kTermiosSize = 36;
constexpr size_t kWinsizeSize = 8;

/// "TCGETS", "SNDCTL_TMR_START or TCSETS", "NS_GET_USERNS", "_IOC(_IOC_NONE, 0xb8, 0x3, 0)".
std::string ioctlRequestText(uint64_t request);
/// The argument's shape for a request.
IoctlArgShape ioctlArgShape(uint64_t request);
/// The return's shape for a request.
IoctlReturnShape ioctlReturnShape(uint64_t request);
/// {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD,
/// c_lflag=ISIG|ICANON|..., ...}
std::string termiosText(std::string_view bytes);
/// {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}
std::string winsizeText(std::string_view bytes);
/// NS_GET_NSTYPE's return: "1073741824 (CLONE_NEWNET)".
std::string nsTypeReturnText(int64_t ret);

}  // namespace scratch::tracer
