#include "common/HostMountTable.h"

#include <cstdio>

#include "common/MountInfo.h"

namespace scratch {
namespace {

/// Escapes a field as the kernel writes it in mountinfo (space, tab, newline, backslash as
/// \ooo), so the line's first space-separated field is the whole mount point.
std::string escapeField(const std::string& field) {
    std::string out;
    for (const char c : field) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
            char code[5];
            std::snprintf(code, sizeof code, "\\%03o", static_cast<unsigned char>(c));
            out += code;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::multiset<std::string> readHostMounts() {
    std::multiset<std::string> mounts;
    for (const MountInfoEntry& e :
         readMountInfo("/proc/self/mountinfo").value_or(std::vector<MountInfoEntry>{})) {
        mounts.insert(escapeField(e.target) + " " + escapeField(e.fstype) + " " +
                      escapeField(e.source) + " " + escapeField(e.root));
    }
    return mounts;
}

}  // namespace scratch
