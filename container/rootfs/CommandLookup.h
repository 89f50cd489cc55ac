// Finding the command the container will exec, the way the kernel will find it after the root
// switch: PATH search in the container's environment, symlinks resolved inside the root.
#pragma once

#include <filesystem>
#include <string>

namespace scratch::container {

/// Where a lookup happens and how to name it in messages.
struct LookupRoot {
    int fd = -1;        ///< an O_PATH fd of the new root; AT_FDCWD: the host's own root and cwd
    std::string label;  ///< "the rootfs /abs/dir" or "the host": ends every message
};

/// The command, found.
struct ResolvedCommand {
    std::string execPath;            ///< what to pass to execve inside the root
    std::filesystem::path hostPath;  ///< the file the kernel reached, as a host path
};

/// Resolves command0 (argv[0] as the user gave it) inside root. With no slash in it, searches
/// pathVar (the PATH of the container's environment) like execvp. Throws scratch::Error:
/// 127 not found / broken symlink; 126 not a regular file, not executable, or its ELF loader
/// (PT_INTERP) or #! interpreter missing from the root.
ResolvedCommand lookupCommand(const LookupRoot& root, const std::string& command0,
                              const std::string& pathVar);

}  // namespace scratch::container
