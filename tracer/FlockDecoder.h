// strace 6.1's rendering of fcntl's struct flock (F_SETLK, F_SETLKW, F_GETLK and the F_OFD_*
// forms): {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}, with l_pid after F_GETLK.
// A pure function over the struct's bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// The bytes of the x86_64 struct flock.
constexpr size_t kFlockSize = 32;

/// Which lock commands take a struct flock, and whether the kernel fills it (the getters).
enum class FlockUse : uint8_t { None, Given, Filled };
/// F_GETLK (5), F_SETLK (6), F_SETLKW (7), F_OFD_GETLK (36), F_OFD_SETLK (37), F_OFD_SETLKW (38).
FlockUse flockUse(uint64_t cmd);

/// {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}; `withPid` adds l_pid (a getter's
/// answer).
std::string flockText(std::string_view bytes, bool withPid);

}  // namespace scratch::tracer
