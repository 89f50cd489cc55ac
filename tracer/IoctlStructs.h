// strace 6.1's rendering of the structs and constants of the device ioctls: the network
// interface requests on sockets (SIOCGIFINDEX, SIOCGIFFLAGS, ...: struct ifreq with the name and
// the one field the request uses), the loop devices' struct loop_info64, and the small constants
// of the tty requests (TCFLSH's TCIFLUSH, TCXONC's TCOON). Pure functions over the
// request and the struct's bytes, so a capture renders the same later as at the stop.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tracer/IoctlDecoder.h"

namespace scratch::tracer {

/// The bytes of struct ifreq: 40 on x86_64, 32 on i386 (its union's struct ifmap has longs);
/// ifreqText tells the two layouts apart by the size of the bytes it is given.
constexpr size_t kIfreqSize = 40;
constexpr size_t kIfreq32Size = 32;

/// Which part of an ifreq the kernel reads and which it fills.
enum class IfreqUse : uint8_t {
    Given,    ///< SIOCS*: the whole struct at the entry
    Filled,   ///< SIOCG*: ifr_name at the entry, the field after a successful call
    ByIndex,  ///< SIOCGIFNAME: ifr_ifindex at the entry, ifr_name after
};

/// Whether an argument shape is a struct ifreq.
constexpr bool ioctlArgIsIfreq(IoctlArgShape shape) {
    return shape == IoctlArgShape::IfreqGiven || shape == IoctlArgShape::IfreqFilled ||
           shape == IoctlArgShape::IfreqByIndex;
}
/// The ifreq use of an ifreq shape.
constexpr IfreqUse ifreqUse(IoctlArgShape shape) {
    if (shape == IoctlArgShape::IfreqGiven) return IfreqUse::Given;
    return shape == IoctlArgShape::IfreqByIndex ? IfreqUse::ByIndex : IfreqUse::Filled;
}

/// {ifr_name="lo", ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}; `complete` false gives what the
/// entry knows ({ifr_name="lo"}), which stays when the call fails. `bytes` holds kIfreqSize
/// bytes, or kIfreq32Size for an i386 tracee.
std::string ifreqText(uint64_t request, IfreqUse use, std::string_view bytes, bool complete);

class TraceeMemory;

/// SIOCGIFCONF's struct ifconf at the entry: "{ifc_len=1200 /* 30 * sizeof(struct ifreq) */}",
/// the address when unreadable. `i386` picks the 32-bit layouts.
std::string ifconfEntryText(TraceeMemory& mem, uint64_t p, bool i386);
/// After a successful SIOCGIFCONF, `out` (the entry's text) becomes the whole struct:
/// {ifc_len=1200 /* 30 * sizeof(struct ifreq) */ => 80 /* 2 * sizeof(struct ifreq) */,
/// ifc_buf=[{ifr_name="lo", ifr_addr={...}}, ...]}, at most `maxElems` entries then "...".
void ifconfExitText(TraceeMemory& mem, uint64_t p, bool i386, size_t maxElems, std::string& out);

/// The bytes of struct loop_info64.
constexpr size_t kLoopInfo64Size = 232;

/// {lo_offset=0, lo_number=0, lo_flags=LO_FLAGS_AUTOCLEAR, lo_file_name="/tmp/x", ...}
std::string loopInfo64Text(std::string_view bytes);

/// The bytes of struct loop_config up to its loop_info64's end (the reserved words unshown).
constexpr size_t kLoopConfigSize = 8 + kLoopInfo64Size;

/// LOOP_CONFIGURE's {fd=3</tmp/x>, block_size=0, info={lo_offset=0, ...}}, the fd's text given.
std::string loopConfigText(std::string_view bytes, std::string_view fdText);

/// TCFLSH's and TCXONC's argument by name ("TCIFLUSH", "TCOON"), else decimal.
std::string ttyConstantText(uint64_t request, uint64_t arg);

}  // namespace scratch::tracer
