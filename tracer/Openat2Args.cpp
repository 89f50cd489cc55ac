#include "tracer/Openat2Args.h"

#include <fcntl.h>
#include <linux/openat2.h>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"

namespace scratch::tracer {

Openat2Args Openat2Args::read(TraceeMemory& memory, uint64_t addr, uint64_t size) {
    Openat2Args args;
    open_how how{};
    if (addr == 0 || size < sizeof how) return args;  // the kernel fails these (EFAULT/EINVAL)
    if (memory.read(addr, &how, sizeof how) != sizeof how) return args;
    args.readable = true;
    args.flags = how.flags;
    args.resolve = how.resolve;
    return args;
}

uint8_t Openat2Args::access() const {
    return readable ? openAccess(flags) : static_cast<uint8_t>(kAccessRead);
}

bool Openat2Args::followsFinal() const {
    if (flags & O_NOFOLLOW) return false;
    if ((flags & O_CREAT) && (flags & O_EXCL)) return false;
    return !(resolve & RESOLVE_NO_SYMLINKS);
}

bool Openat2Args::inRoot() const { return (resolve & RESOLVE_IN_ROOT) != 0; }

std::string_view Openat2Args::pathToResolve(std::string_view given) const {
    if (!inRoot() || !given.starts_with('/')) return given;
    const size_t skip = given.find_first_not_of('/');
    return skip == std::string_view::npos ? std::string_view(".") : given.substr(skip);
}

}  // namespace scratch::tracer
