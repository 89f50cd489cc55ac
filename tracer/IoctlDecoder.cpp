#include "tracer/IoctlDecoder.h"

#include <fmt/format.h>

#include <cstring>
#include <iterator>

#include "tracer/FlagNames.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

struct Request {
    uint32_t code;
    std::string_view name;
    IoctlArgShape arg;
    IoctlReturnShape ret = IoctlReturnShape::Int;
};

using S = IoctlArgShape;
using R = IoctlReturnShape;

/// The requests real programs make; names as strace 6.1 prints them (with its "X or Y" where
/// its table has two requests of one code).
constexpr Request kRequests[] = {
    {0x5401, "TCGETS", S::TermiosOut},
    {0x5402, "SNDCTL_TMR_START or TCSETS", S::TermiosIn},
    {0x5403, "SNDCTL_TMR_STOP or TCSETSW", S::TermiosIn},
    {0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF", S::TermiosIn},
    {0x5409, "TCSBRK", S::Decimal},
    {0x540a, "TCXONC", S::TtyConstant},
    {0x540b, "TCFLSH", S::TtyConstant},
    {0x540c, "TIOCEXCL", S::None},
    {0x540d, "TIOCNXCL", S::None},
    {0x540e, "TIOCSCTTY", S::Decimal},
    {0x540f, "TIOCGPGRP", S::IntOut},
    {0x5410, "TIOCSPGRP", S::IntIn},
    {0x5411, "TIOCOUTQ", S::IntOut},
    {0x5413, "TIOCGWINSZ", S::WinsizeOut},
    {0x5414, "TIOCSWINSZ", S::WinsizeIn},
    {0x541b, "FIONREAD", S::IntOut},
    {0x5421, "FIONBIO", S::IntIn},
    {0x5422, "TIOCNOTTY", S::None},
    {0x5429, "TIOCGSID", S::IntOut},
    {0x5450, "FIONCLEX", S::None},
    {0x5451, "FIOCLEX", S::None},
    {0x5452, "FIOASYNC", S::IntIn},
    {0x125e, "BLKROGET", S::IntOut},
    {0x125f, "BLKRRPART", S::None},
    {0x1261, "BLKFLSBUF", S::None},
    {0x1268, "BLKSSZGET", S::IntOut},
    {0x1278, "BLKIOMIN", S::IntOut},
    {0x1279, "BLKIOOPT", S::IntOut},
    {0x127a, "BLKALIGNOFF", S::IntOut},
    {0x127b, "BLKPBSZGET", S::IntOut},
    {0x4c00, "LOOP_SET_FD", S::Fd},
    {0x4c01, "LOOP_CLR_FD", S::None},
    {0x4c02, "LOOP_SET_STATUS", S::Hex},
    {0x4c03, "LOOP_GET_STATUS", S::Hex},
    {0x4c04, "LOOP_SET_STATUS64", S::LoopInfoIn},
    {0x4c05, "LOOP_GET_STATUS64", S::LoopInfoOut},
    {0x4c06, "LOOP_CHANGE_FD", S::Fd},
    {0x4c07, "LOOP_SET_CAPACITY", S::None},
    {0x4c08, "LOOP_SET_DIRECT_IO", S::Decimal},
    {0x4c09, "LOOP_SET_BLOCK_SIZE", S::Decimal},
    {0x4c0a, "LOOP_CONFIGURE", S::LoopConfig},
    {0x4c80, "LOOP_CTL_ADD", S::Decimal},
    {0x4c81, "LOOP_CTL_REMOVE", S::Decimal},
    {0x4c82, "LOOP_CTL_GET_FREE", S::None},
    {0x8910, "SIOCGIFNAME", S::IfreqByIndex},
    {0x8912, "SIOCGIFCONF", S::Ifconf},
    {0x8913, "SIOCGIFFLAGS", S::IfreqFilled},
    {0x8914, "SIOCSIFFLAGS", S::IfreqGiven},
    {0x8915, "SIOCGIFADDR", S::IfreqFilled},
    {0x8916, "SIOCSIFADDR", S::IfreqGiven},
    {0x8917, "SIOCGIFDSTADDR", S::IfreqFilled},
    {0x8918, "SIOCSIFDSTADDR", S::IfreqGiven},
    {0x8919, "SIOCGIFBRDADDR", S::IfreqFilled},
    {0x891a, "SIOCSIFBRDADDR", S::IfreqGiven},
    {0x891b, "SIOCGIFNETMASK", S::IfreqFilled},
    {0x891c, "SIOCSIFNETMASK", S::IfreqGiven},
    {0x891d, "SIOCGIFMETRIC", S::IfreqFilled},
    {0x891e, "SIOCSIFMETRIC", S::IfreqGiven},
    {0x8921, "SIOCGIFMTU", S::IfreqFilled},
    {0x8922, "SIOCSIFMTU", S::IfreqGiven},
    {0x8923, "SIOCSIFNAME", S::IfreqGiven},
    {0x8924, "SIOCSIFHWADDR", S::IfreqGiven},
    {0x8927, "SIOCGIFHWADDR", S::IfreqFilled},
    {0x8933, "SIOCGIFINDEX", S::IfreqFilled},
    {0x8942, "SIOCGIFTXQLEN", S::IfreqFilled},
    {0x8943, "SIOCSIFTXQLEN", S::IfreqGiven},
    {0x8970, "SIOCGIFMAP", S::IfreqFilled},
    {0x8971, "SIOCSIFMAP", S::IfreqGiven},
    {0xb701, "NS_GET_USERNS", S::None, R::Fd},
    {0xb702, "NS_GET_PARENT", S::None, R::Fd},
    {0xb703, "NS_GET_NSTYPE", S::None, R::NsType},
    {0xb704, "NS_GET_OWNER_UID", S::IntOut},
    {0x40045431, "TIOCSPTLCK", S::IntIn},
    {0x80045430, "TIOCGPTN", S::IntOut},
    {0x80045432, "TIOCGDEV", S::IntOut},
    {0x80045440, "TIOCGPKT", S::IntOut},
    {0x80041272, "BLKGETSIZE64", S::Int64Out},  // i386's size_t
    {0x80081272, "BLKGETSIZE64", S::Int64Out},
    {0x80045438, "TIOCGPTLCK", S::IntOut},
};

const Request* find(uint64_t request) {
    const auto code = static_cast<uint32_t>(request);
    for (const Request& r : kRequests) {
        if (r.code == code) return &r;
    }
    return nullptr;
}

constexpr FlagName kIflags[] = {
    {01, "IGNBRK"},  {02, "BRKINT"},   {04, "IGNPAR"},    {010, "PARMRK"},     {020, "INPCK"},
    {040, "ISTRIP"}, {0100, "INLCR"},  {0200, "IGNCR"},   {0400, "ICRNL"},     {01000, "IUCLC"},
    {02000, "IXON"}, {04000, "IXANY"}, {010000, "IXOFF"}, {020000, "IMAXBEL"}, {040000, "IUTF8"},
};
constexpr FlagName kOflags[] = {
    {01, "OPOST"},  {02, "OLCUC"},   {04, "ONLCR"},   {010, "OCRNL"},
    {020, "ONOCR"}, {040, "ONLRET"}, {0100, "OFILL"}, {0200, "OFDEL"},
};
constexpr FlagName kCflags[] = {
    {0100, "CSTOPB"}, {0200, "CREAD"},   {0400, "PARENB"},         {01000, "PARODD"},
    {02000, "HUPCL"}, {04000, "CLOCAL"}, {010000000000, "CMSPAR"}, {020000000000, "CRTSCTS"},
};
/// strace's xlat order (not ascending: IEXTEN comes before ECHOCTL).
constexpr FlagName kLflags[] = {
    {01, "ISIG"},        {02, "ICANON"},     {04, "XCASE"},      {010, "ECHO"},
    {020, "ECHOE"},      {040, "ECHOK"},     {0100, "ECHONL"},   {0200, "NOFLSH"},
    {0100000, "IEXTEN"}, {01000, "ECHOCTL"}, {02000, "ECHOPRT"}, {04000, "ECHOKE"},
    {010000, "FLUSHO"},  {040000, "PENDIN"}, {0400, "TOSTOP"},   {0200000, "EXTPROC"},
};
constexpr std::string_view kBauds[] = {
    "B0",   "B50",   "B75",   "B110",  "B134",  "B150",  "B200",   "B300",
    "B600", "B1200", "B1800", "B2400", "B4800", "B9600", "B19200", "B38400",
};
constexpr std::string_view kHighBauds[] = {
    "BOTHER",   "B57600",   "B115200",  "B230400",  "B460800",  "B500000",  "B576000",  "B921600",
    "B1000000", "B1152000", "B1500000", "B2000000", "B2500000", "B3000000", "B3500000", "B4000000",
};

std::string baudText(uint32_t cflag) {
    const uint32_t b = cflag & 010017;
    if (b & 010000) return std::string(kHighBauds[b & 017]);
    return std::string(kBauds[b & 017]);
}

}  // namespace

std::string ioctlRequestText(uint64_t request) {
    if (const Request* r = find(request)) return std::string(r->name);
    const auto code = static_cast<uint32_t>(request);
    static constexpr std::string_view kDirs[] = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
                                                 "_IOC_READ|_IOC_WRITE"};
    const auto hex = [](uint32_t v) { return v == 0 ? std::string("0") : fmt::format("{:#x}", v); };
    return fmt::format("_IOC({}, {}, {}, {})", kDirs[code >> 30], hex((code >> 8) & 0xff),
                       hex(code & 0xff), hex((code >> 16) & 0x3fff));
}

IoctlArgShape ioctlArgShape(uint64_t request) {
    const Request* r = find(request);
    return r != nullptr ? r->arg : IoctlArgShape::Hex;
}

IoctlReturnShape ioctlReturnShape(uint64_t request) {
    const Request* r = find(request);
    return r != nullptr ? r->ret : IoctlReturnShape::Int;
}

std::string termiosText(std::string_view bytes) {
    const auto iflag = field<uint32_t>(bytes, 0);
    const auto oflag = field<uint32_t>(bytes, 4);
    const auto cflag = field<uint32_t>(bytes, 8);
    const auto lflag = field<uint32_t>(bytes, 12);
    std::string out = "{c_iflag=";
    appendFlags(out, iflag, kIflags, "0");
    // The delay fields first, each by its value, then the output flags.
    out +=
        fmt::format(", c_oflag=NL{}|CR{}|TAB{}|BS{}|VT{}|FF{}", (oflag >> 8) & 1, (oflag >> 9) & 3,
                    (oflag >> 11) & 3, (oflag >> 13) & 1, (oflag >> 14) & 1, (oflag >> 15) & 1);
    if (const uint32_t rest = oflag & 0377) {
        out += '|';
        appendFlags(out, rest, kOflags);
    }
    out += ", c_cflag=" + baudText(cflag);
    static constexpr std::string_view kSizes[] = {"CS5", "CS6", "CS7", "CS8"};
    out += '|';
    out += kSizes[(cflag >> 4) & 3];
    if (const uint32_t rest = cflag & ~(010017U | 060U | 002003600000U)) {
        out += '|';
        appendFlags(out, rest, kCflags);
    }
    out += ", c_lflag=";
    appendFlags(out, lflag, kLflags, "0");
    out += ", ...}";
    return out;
}

std::string winsizeText(std::string_view bytes) {
    return fmt::format("{{ws_row={}, ws_col={}, ws_xpixel={}, ws_ypixel={}}}",
                       field<uint16_t>(bytes, 0), field<uint16_t>(bytes, 2),
                       field<uint16_t>(bytes, 4), field<uint16_t>(bytes, 6));
}

std::string nsTypeReturnText(int64_t ret) {
    std::string name;
    appendFlags(name, static_cast<uint64_t>(ret) & 0xffffffffU, nsFlagNames());
    return fmt::format("{} ({})", ret, name);
}

}  // namespace scratch::tracer
