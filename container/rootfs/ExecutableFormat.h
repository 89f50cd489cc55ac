// What execve will need besides the file itself: an ELF's program interpreter (PT_INTERP, the
// dynamic loader) or a script's #! interpreter. Both are looked up by the kernel inside the
// new root, so a rootfs that lacks them fails at execve with a misleading ENOENT.
#pragma once

#include <string>

namespace scratch::container {

/// The format of an executable file, as far as execve cares.
struct ExecutableFormat {
    enum class Kind { Elf, Script, Other };
    Kind kind = Kind::Other;
    std::string interpreter;  ///< PT_INTERP of an ELF (empty: static), or the #! program
};

/// Reads the header of the open regular file fd (readable, position irrelevant: pread).
/// Never throws; an unreadable or truncated file is Kind::Other.
ExecutableFormat inspectExecutable(int fd);

}  // namespace scratch::container
