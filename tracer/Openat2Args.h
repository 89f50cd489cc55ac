// openat2's struct open_how, read at the entry: the access comes from how.flags and its
// RESOLVE_ flags decide how the path is resolved (the exit resolves the installed fd anyway).
#pragma once

#include <cstdint>
#include <string_view>

#include "tracer/TraceeMemory.h"

namespace scratch::tracer {

/// What the entry needs of struct open_how.
struct Openat2Args {
    bool readable = false;  ///< false: the tracer could not read it (the kernel may have)
    uint64_t flags = 0;
    uint64_t resolve = 0;

    /// Reads open_how at `addr` (`size` bytes as the caller passed; at least the 24 of v0).
    static Openat2Args read(TraceeMemory& memory, uint64_t addr, uint64_t size);
    /// The access the open makes (read when unreadable: the exit asks fdinfo).
    uint8_t access() const;
    /// Whether a final symlink is followed: not with O_NOFOLLOW, RESOLVE_NO_SYMLINKS or
    /// O_CREAT|O_EXCL.
    bool followsFinal() const;
    /// RESOLVE_IN_ROOT: the dirfd is the root the path is resolved in ("/x" is dirfd/x).
    bool inRoot() const;
    /// The path to resolve from dirfd at the entry: with RESOLVE_IN_ROOT an absolute path is
    /// dirfd's ("/x" is dirfd/x). The exit resolves the fd the kernel installed anyway.
    std::string_view pathToResolve(std::string_view given) const;
};

}  // namespace scratch::tracer
