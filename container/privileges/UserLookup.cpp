#include "container/privileges/UserLookup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/Error.h"
#include "container/rootfs/PathInRoot.h"

namespace scratch::container {
namespace {

/// "a FIFO", "a directory", ... for a message.
const char* fileTypeName(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/// The colon-separated fields of one line.
std::vector<std::string_view> fieldsOf(std::string_view line) {
    std::vector<std::string_view> fields;
    size_t start = 0;
    for (;;) {
        const size_t colon = line.find(':', start);
        if (colon == std::string_view::npos) {
            fields.push_back(line.substr(start));
            return fields;
        }
        fields.push_back(line.substr(start, colon - start));
        start = colon + 1;
    }
}

/// Calls visit(fields) for every non-empty, non-comment line of a passwd or group file.
template <typename Visit>
void forEachLine(std::string_view text, Visit visit) {
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line.front() == '#') continue;
        if (visit(fieldsOf(line))) return;
    }
}

/// A value meant as a number (starts with a digit or '-') that is not a valid id.
bool badNumber(const std::string& text) {
    return !text.empty() && ((text.front() >= '0' && text.front() <= '9') || text.front() == '-') &&
           !parseNumericId(text).has_value();
}

}  // namespace

std::optional<uint32_t> parseNumericId(std::string_view text) {
    if (text.empty() || text.size() > 10) return std::nullopt;
    uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (value >= 0xffffffffULL) return std::nullopt;
    return static_cast<uint32_t>(value);
}

std::optional<PasswdEntry> findPasswdEntry(std::string_view passwdText, std::string_view user) {
    const std::optional<uint32_t> wantedUid = parseNumericId(user);
    std::optional<PasswdEntry> found;
    forEachLine(passwdText, [&](const std::vector<std::string_view>& f) {
        if (f.size() < 7) return false;
        const std::optional<uint32_t> uid = parseNumericId(f[2]);
        const std::optional<uint32_t> gid = parseNumericId(f[3]);
        if (!uid || !gid) return false;
        if (wantedUid ? *uid != *wantedUid : f[0] != user) return false;
        found = PasswdEntry{std::string(f[0]), *uid, *gid, std::string(f[5])};
        return true;
    });
    return found;
}

std::optional<gid_t> findGroupId(std::string_view groupText, std::string_view group) {
    if (const std::optional<uint32_t> gid = parseNumericId(group)) return *gid;
    std::optional<gid_t> found;
    forEachLine(groupText, [&](const std::vector<std::string_view>& f) {
        if (f.size() < 3 || f[0] != group) return false;
        const std::optional<uint32_t> gid = parseNumericId(f[2]);
        if (!gid) return false;
        found = *gid;
        return true;
    });
    return found;
}

std::vector<gid_t> supplementaryGroups(std::string_view groupText, std::string_view userName,
                                       gid_t primaryGid) {
    std::vector<gid_t> groups;
    forEachLine(groupText, [&](const std::vector<std::string_view>& f) {
        if (f.size() < 4) return false;
        const std::optional<uint32_t> gid = parseNumericId(f[2]);
        if (!gid || *gid == primaryGid) return false;
        const std::vector<std::string_view> members = [&] {
            std::vector<std::string_view> out;
            size_t start = 0;
            const std::string_view list = f[3];
            while (start <= list.size()) {
                size_t comma = list.find(',', start);
                if (comma == std::string_view::npos) comma = list.size();
                out.push_back(list.substr(start, comma - start));
                start = comma + 1;
            }
            return out;
        }();
        if (std::find(members.begin(), members.end(), userName) != members.end() &&
            std::find(groups.begin(), groups.end(), *gid) == groups.end()) {
            groups.push_back(*gid);
        }
        return false;
    });
    return groups;
}

UserIdentity resolveUser(const std::string& user, std::string_view passwdText,
                         std::string_view groupText, const std::string& rootLabel) {
    const std::string shown = "--user " + printablePath(user);
    const size_t colon = user.find(':');
    const std::string userPart = user.substr(0, colon);
    const std::string groupPart =
        colon == std::string::npos ? std::string() : user.substr(colon + 1);
    if (userPart.empty() || (colon != std::string::npos && groupPart.empty()) ||
        groupPart.find(':') != std::string::npos) {
        throw Error(shown + ": expected UID[:GID] or NAME[:GROUP]", kExitUsage);
    }
    const bool numericUser = parseNumericId(userPart).has_value();
    if (badNumber(userPart)) {
        throw Error(shown + ": a UID is a number from 0 to 4294967294", kExitUsage);
    }
    if (badNumber(groupPart)) {
        throw Error(shown + ": a GID is a number from 0 to 4294967294", kExitUsage);
    }

    UserIdentity identity;
    const std::optional<PasswdEntry> entry = findPasswdEntry(passwdText, userPart);
    if (entry) {
        identity.uid = entry->uid;
        identity.gid = entry->gid;
        identity.home = entry->home;
        identity.groups = supplementaryGroups(groupText, entry->name, entry->gid);
    } else if (numericUser) {
        identity.uid = *parseNumericId(userPart);
        identity.gid = identity.uid;
    } else {
        throw Error(
            shown + ": no user " + printablePath(userPart) + " in /etc/passwd of " + rootLabel,
            kExitFailure);
    }
    if (!groupPart.empty()) {
        const std::optional<gid_t> gid = findGroupId(groupText, groupPart);
        if (!gid) {
            throw Error(
                shown + ": no group " + printablePath(groupPart) + " in /etc/group of " + rootLabel,
                kExitFailure);
        }
        identity.gid = *gid;
        std::erase(identity.groups, *gid);
    }
    return identity;
}

std::string readFileInRoot(int rootFd, const std::string& path, const std::string& rootLabel) {
    // O_NOFOLLOW: a symlink in place of the file is refused, wherever it points. O_NONBLOCK: a
    // FIFO planted there must not hang the run (its open returns at once). Only a regular
    // file, by fstat of the fd itself, is read: never a FIFO, a device or a socket.
    const InRootLookup file = openInRoot(rootFd, path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    const std::string where = printablePath(path) + " of " + rootLabel;
    if (!file.fd) {
        if (file.error == ENOENT || file.error == ENOTDIR) return {};
        if (file.error == ELOOP) {
            throw Error(where + " is a symlink: refused (only a regular file is read)",
                        kExitFailure);
        }
        throw Error(where + ": " + std::strerror(file.error), kExitFailure);
    }
    struct stat st {};
    if (::fstat(file.fd.get(), &st) != 0) throw Error(where + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) {
        throw Error(where + " is not a regular file (" + fileTypeName(st.st_mode) + "): refused",
                    kExitFailure);
    }
    constexpr size_t kMaxBytes = 4U << 20U;
    std::string text;
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(file.fd.get(), buf, sizeof buf);
        if (n <= 0 || text.size() + static_cast<size_t>(n) > kMaxBytes) break;
        text.append(buf, static_cast<size_t>(n));
    }
    return text;
}

}  // namespace scratch::container
