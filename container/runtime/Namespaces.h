// The namespaces a container can be given: their names on the command line and in reports,
// their CLONE_NEW* flags, and their /proc/PID/ns link names. One table, so the three never
// drift apart.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scratch::container {

/// One kind of namespace.
struct NamespaceKind {
    const char* name;      ///< as in --ns and in reports: pid, mount, uts, ...
    const char* procName;  ///< the link in /proc/PID/ns (mount is "mnt")
    uint64_t cloneFlag;    ///< CLONE_NEW*
};

/// Every kind, in the order reports list them.
extern const NamespaceKind kNamespaceKinds[8];

/// pid and mount: the container is built on them (its own /proc, its own mount table for the
/// root switch), so --ns cannot drop them.
uint64_t requiredNamespaceFlags();

/// The flags of a --ns list ("pid,mount,net"). Names are case-insensitive; "mnt" is accepted
/// for mount. Throws scratch::Error (2) naming an unknown or empty entry, or the required
/// namespaces that are missing.
uint64_t parseNamespaceList(std::string_view list);

/// The names of the namespaces in flags, in table order.
std::vector<std::string> namespaceNamesOf(uint64_t flags);

/// "CLONE_NEWNS|CLONE_NEWPID|..." for messages, in table order.
std::string cloneFlagsText(uint64_t flags);

}  // namespace scratch::container
