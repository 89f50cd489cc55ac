// strace 6.1's rendering of the credential calls' structs: capget/capset's header and data
// ({effective=1<<CAP_CHOWN|..., permitted=..., inheritable=0}) and the gid arrays of
// getgroups/setgroups. Pure functions over the bytes the kernel reads or fills.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

constexpr size_t kCapHeaderSize = 8;
/// Two __user_cap_data_struct (versions 2 and 3); version 1 has one.
constexpr size_t kCapDataSize = 24;

/// "CAP_CHOWN" for 0; "" past the last capability strace knows.
std::string_view capabilityName(unsigned cap);
/// {version=_LINUX_CAPABILITY_VERSION_3, pid=0}
std::string capHeaderText(std::string_view bytes);
/// The version field of a cap header (how many data structs follow).
uint32_t capHeaderVersion(std::string_view bytes);
/// {effective=1<<CAP_CHOWN|1<<CAP_KILL, permitted=..., inheritable=0}; `version` decides one
/// or two data structs.
std::string capDataText(std::string_view bytes, uint32_t version);
/// [0, 4, 27]: `count` gid_t in `bytes` (at most `maxShown`, then "..."; `bytes` need only
/// hold those shown), each `width` bytes (i386's 16-bit getgroups/setgroups: 2); the all-ones
/// id is -1 as strace prints it.
std::string groupsText(std::string_view bytes, size_t count, size_t maxShown = 32,
                       size_t width = 4);
/// One uid/gid of `width` bytes as strace prints it: -1 for the all-ones id, else unsigned.
std::string idText(uint32_t id, size_t width);

}  // namespace scratch::tracer
