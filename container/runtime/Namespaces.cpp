#include "container/runtime/Namespaces.h"

#include <sched.h>

#include <cctype>
#include <string>

#include "common/Error.h"
#include "container/rootfs/PathInRoot.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080  // glibc < 2.36 lacks it; the kernel has had it since 5.6
#endif

namespace scratch::container {

const NamespaceKind kNamespaceKinds[8] = {
    {"pid", "pid", CLONE_NEWPID},          {"mount", "mnt", CLONE_NEWNS},
    {"uts", "uts", CLONE_NEWUTS},          {"ipc", "ipc", CLONE_NEWIPC},
    {"net", "net", CLONE_NEWNET},          {"user", "user", CLONE_NEWUSER},
    {"cgroup", "cgroup", CLONE_NEWCGROUP}, {"time", "time", CLONE_NEWTIME},
};

uint64_t requiredNamespaceFlags() { return CLONE_NEWPID | CLONE_NEWNS; }

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

uint64_t parseNamespaceList(std::string_view list) {
    uint64_t flags = 0;
    size_t start = 0;
    for (;;) {
        const size_t comma = list.find(',', start);
        const std::string name =
            lower(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (name.empty()) {
            throw Error("--ns " + printablePath(std::string(list)) +
                            ": empty entry (a comma-separated list of pid, mount, uts, ipc, "
                            "net, user, cgroup, time)",
                        kExitUsage);
        }
        bool known = false;
        for (const NamespaceKind& kind : kNamespaceKinds) {
            if (name == kind.name || name == kind.procName) {
                flags |= kind.cloneFlag;
                known = true;
            }
        }
        if (!known) {
            throw Error("--ns: unknown namespace " + printablePath(name) +
                            " (known: pid, mount, uts, ipc, net, user, cgroup, time)",
                        kExitUsage);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    const uint64_t missing = requiredNamespaceFlags() & ~flags;
    if (missing != 0) {
        std::string names;
        for (const std::string& name : namespaceNamesOf(missing)) {
            names += (names.empty() ? "" : " and ") + name;
        }
        throw Error("--ns must include " + names +
                        ": the container's /proc and root switch are built on the pid and "
                        "mount namespaces",
                    kExitUsage);
    }
    return flags;
}

std::vector<std::string> namespaceNamesOf(uint64_t flags) {
    std::vector<std::string> names;
    for (const NamespaceKind& kind : kNamespaceKinds) {
        if ((flags & kind.cloneFlag) != 0) names.emplace_back(kind.name);
    }
    return names;
}

std::string cloneFlagsText(uint64_t flags) {
    static constexpr const char* kFlagNames[8] = {
        "CLONE_NEWPID", "CLONE_NEWNS",   "CLONE_NEWUTS",    "CLONE_NEWIPC",
        "CLONE_NEWNET", "CLONE_NEWUSER", "CLONE_NEWCGROUP", "CLONE_NEWTIME",
    };
    std::string out;
    for (size_t i = 0; i < 8; ++i) {
        if ((flags & kNamespaceKinds[i].cloneFlag) == 0) continue;
        if (!out.empty()) out += '|';
        out += kFlagNames[i];
    }
    return out;
}

}  // namespace scratch::container
