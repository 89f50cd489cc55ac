// --user UID[:GID] or NAME[:GROUP]: who the command runs as, looked up in the container's own
// /etc/passwd and /etc/group (never the host's: the names belong to the rootfs).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::container {

/// The identity the init switches to right before execve.
struct UserIdentity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;  ///< supplementary groups (setgroups); may be empty
    std::string home;           ///< the passwd entry's home directory, "" when none was found
};

/// One line of /etc/passwd, the fields scratch-trace uses.
struct PasswdEntry {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string home;
};

/// A decimal id 0..4294967294 (-1 is "no change" to the kernel); nullopt for anything else.
std::optional<uint32_t> parseNumericId(std::string_view text);

/// The passwd entry (in passwd file text) named `user`, or with that number when user is
/// numeric. Malformed lines are skipped, as getpwnam does.
std::optional<PasswdEntry> findPasswdEntry(std::string_view passwdText, std::string_view user);

/// The gid of group `group` (a name, or a number that is returned as it is).
std::optional<gid_t> findGroupId(std::string_view groupText, std::string_view group);

/// The groups of /etc/group that list userName as a member, without primaryGid, file order.
std::vector<gid_t> supplementaryGroups(std::string_view groupText, std::string_view userName,
                                       gid_t primaryGid);

/// Resolves a --user value from the given passwd and group file texts (empty when the rootfs
/// has none). Rules: a number needs no entry; a name must have one. GID defaults to the passwd
/// entry's group, else to the UID's own number (not 0 as Docker does: group 0 often owns
/// writable files). Supplementary groups come from /etc/group for a user found in passwd.
/// Throws scratch::Error: a malformed value is a usage error (2), an unknown name 125.
UserIdentity resolveUser(const std::string& user, std::string_view passwdText,
                         std::string_view groupText, const std::string& rootLabel);

/// Reads path (e.g. "/etc/passwd") inside the root rootFd (AT_FDCWD: the host), up to 4 MiB of a
/// regular file; "" when it is missing. The rootfs is not trusted: anything there but a
/// regular file (a symlink, wherever it points; a FIFO, which would block a read; a device)
/// is refused with one line naming rootLabel (scratch::Error, 125).
std::string readFileInRoot(int rootFd, const std::string& path, const std::string& rootLabel);

}  // namespace scratch::container
