#include "reports/documents/FindingGroups.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

#include "reports/JsonText.h"
#include "reports/PathTable.h"

namespace scratch::reports {

namespace {

/// The order of PRODUCT.md's classes by how directly they show the isolation broke.
constexpr std::array<FindingClass, 10> kClassOrder = {
    FindingClass::HostProcfs,  FindingClass::EscapedRoot,     FindingClass::OutsideRootfs,
    FindingClass::HostService, FindingClass::SharedNamespace, FindingClass::SensitiveInterface,
    FindingClass::InheritedFd, FindingClass::UntracedTask,    FindingClass::MountPropagation,
    FindingClass::BlindSpot};

constexpr std::array<std::string_view, 8> kNamespaceOrder = {"pid", "mount", "uts",    "ipc",
                                                             "net", "user",  "cgroup", "time"};

/// Leaks first, then warnings, then info.
int severityRank(Severity severity) {
    return severity == Severity::Leak ? 0 : severity == Severity::Warning ? 1 : 2;
}

/// The pid of a host path /proc/PID/..., or 0.
pid_t procPid(std::string_view path) {
    if (path.substr(0, 6) != "/proc/") return 0;
    path.remove_prefix(6);
    pid_t pid = 0;
    size_t digits = 0;
    while (digits < path.size() && std::isdigit(static_cast<unsigned char>(path[digits])) != 0 &&
           digits < 9) {
        pid = pid * 10 + (path[digits] - '0');
        ++digits;
    }
    if (digits == 0 || (digits < path.size() && path[digits] != '/')) return 0;
    return pid;
}

/// The strongest host-procfs evidence: the workload's reached /proc/PID/... file of the lowest
/// host pid (pid 1 is the host's init: nothing shows the host better), its stat when read, and
/// how many host processes the workload looked at.
std::string procfsEvidence(const RunSummary& summary, const HostProcessName& nameOf) {
    const PathEntry* best = nullptr;
    pid_t bestPid = 0;
    const auto score = [](const PathEntry& entry) {
        const std::string_view path = entry.host;
        const size_t slash = path.find('/', 6);
        if (slash == std::string_view::npos) return 0;  // the directory itself
        return path.substr(slash) == "/stat" ? 2 : 1;
    };
    std::set<pid_t> pids;
    for (const PathEntry* entry : summary.paths.sorted()) {
        if (entry->where != tracer::Where::HostProcfs || !entry->workload || !entry->reached) {
            continue;
        }
        const pid_t pid = procPid(entry->host);
        if (pid <= 0) continue;
        pids.insert(pid);
        if (best == nullptr || pid < bestPid || (pid == bestPid && score(*entry) > score(*best))) {
            best = entry;
            bestPid = pid;
        }
    }
    if (best == nullptr) return {};
    std::string out = fmt::format("host pid {}'s {}", bestPid, displayText(best->host));
    if (nameOf) {
        const std::string name = nameOf(bestPid);
        if (!name.empty()) out += fmt::format(" (host process \"{}\")", displayText(name));
    }
    if (pids.size() > 1) {
        out += fmt::format(", and the /proc of {} other host process{}", pids.size() - 1,
                           pids.size() == 2 ? "" : "es");
    }
    return out;
}

/// A word for a shell command line: quoted when it holds anything but plain characters.
std::string shellWord(const std::string& word) {
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) != 0 ||
               std::string_view("-_./,=:+@%").find(ch) != std::string_view::npos;
    });
    if (plain) return word;
    std::string out = "'";
    for (const char ch : word) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
}

/// The names after each "--ns " in a fix text.
void namespacesIn(std::string_view fix, std::set<std::string>& into) {
    for (size_t at = fix.find("--ns "); at != std::string_view::npos;
         at = fix.find("--ns ", at + 5)) {
        size_t end = at + 5;
        while (end < fix.size() &&
               (std::isalpha(static_cast<unsigned char>(fix[end])) != 0 || fix[end] == ',')) {
            ++end;
        }
        std::string_view list = fix.substr(at + 5, end - at - 5);
        while (!list.empty()) {
            const size_t comma = list.find(',');
            into.emplace(list.substr(0, comma));
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
    }
}

/// The CAP_X names a fix tells to drop ("drop CAP_MKNOD and CAP_SYS_ADMIN").
void capabilitiesIn(std::string_view fix, std::set<std::string>& into) {
    if (fix.find("drop CAP_") == std::string_view::npos) return;
    for (size_t at = fix.find("CAP_"); at != std::string_view::npos;
         at = fix.find("CAP_", at + 4)) {
        size_t end = at + 4;
        while (end < fix.size() &&
               (std::isupper(static_cast<unsigned char>(fix[end])) != 0 || fix[end] == '_')) {
            ++end;
        }
        if (end > at + 4) into.emplace(fix.substr(at + 4, end - at - 4));
    }
}

std::string rerunCommand(const RunInfo& info, const std::vector<FindingGroup>& groups,
                         std::string& note) {
    RootMode rootMode = info.rootMode;
    ProcMode procMode = info.procMode;
    std::set<std::string> namespaces(info.namespaces.begin(), info.namespaces.end());
    const size_t namespacesBefore = namespaces.size();
    std::set<std::string> caps;
    bool changed = false;
    for (const FindingGroup& group : groups) {
        if (group.severity == Severity::Info) continue;
        const FindingClass k = group.klass;
        if (k == FindingClass::HostProcfs) {
            procMode = ProcMode::New;
            if (rootMode == RootMode::None) rootMode = RootMode::Pivot;
        }
        if (k == FindingClass::EscapedRoot || k == FindingClass::OutsideRootfs ||
            k == FindingClass::MountPropagation) {
            rootMode = RootMode::Pivot;
        }
        if (k == FindingClass::HostService || k == FindingClass::SharedNamespace) {
            namespaces.insert({"pid", "mount", "net"});
        }
        if (k == FindingClass::InheritedFd) note = "and without --keep-fd";
        namespacesIn(group.fix, namespaces);
        capabilitiesIn(group.fix, caps);
    }
    changed = rootMode != info.rootMode || procMode != info.procMode ||
              namespaces.size() != namespacesBefore || !caps.empty() || !note.empty();
    if (!changed) return {};
    std::string ns;
    for (const std::string_view name : kNamespaceOrder) {
        if (namespaces.count(std::string(name)) > 0)
            ns += (ns.empty() ? "" : ",") + std::string(name);
    }
    for (const std::string& name : namespaces) {
        if (std::find(kNamespaceOrder.begin(), kNamespaceOrder.end(), name) ==
            kNamespaceOrder.end()) {
            ns += (ns.empty() ? "" : ",") + name;
        }
    }
    std::string out = fmt::format("scratch-trace run --root-mode {} --proc {}",
                                  rootModeName(rootMode), procModeName(procMode));
    if (!ns.empty()) out += " --ns " + ns;
    for (const std::string& cap : caps) out += " --cap-drop " + cap;
    out += " " + shellWord(info.rootfs.empty() ? std::string("ROOTFS") : info.rootfs);
    for (const std::string& word : info.command) out += " " + shellWord(word);
    return out;
}

}  // namespace

std::string hostProcessNameFromProc(pid_t pid) {
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(comm, name);
    return name;
}

int findingClassRank(FindingClass klass) {
    const auto found = std::find(kClassOrder.begin(), kClassOrder.end(), klass);
    return static_cast<int>(found - kClassOrder.begin());
}

FindingSummary summarizeFindings(const RunInfo& info, const RunSummary& summary,
                                 const HostProcessName& nameOf) {
    FindingSummary byClass;
    std::map<std::pair<FindingClass, Severity>, size_t> index;  // (class, severity) -> group
    for (const Finding& finding : summary.findings()) {
        const auto key = std::make_pair(finding.klass, finding.severity);
        auto [at, added] = index.emplace(key, byClass.groups.size());
        if (added) {
            FindingGroup group;
            group.klass = finding.klass;
            group.severity = finding.severity;
            group.fix = finding.fix;
            group.evidence = displayText(finding.message);
            byClass.groups.push_back(std::move(group));
        }
        ++byClass.groups[at->second].count;
    }
    // Findings beyond the per-class cap: the verdict counts every leak per class; what is left of
    // the class's omitted findings was not a leak.
    for (const auto& [name, omitted] : summary.omitted()) {
        const auto klass = findingClassFromName(name);
        if (!klass) continue;
        uint64_t leaks = 0;
        const auto found = summary.leaksByClass().find(name);
        if (found != summary.leaksByClass().end()) leaks = found->second;
        uint64_t left = omitted;
        for (FindingGroup& group : byClass.groups) {
            if (group.klass == *klass && group.severity == Severity::Leak && leaks > group.count) {
                const uint64_t more = std::min(left, leaks - group.count);
                group.count += more;
                left -= more;
            }
        }
        for (FindingGroup& group : byClass.groups) {
            if (group.klass == *klass && group.severity != Severity::Leak && left > 0) {
                group.count += left;
                left = 0;
            }
        }
    }
    for (FindingGroup& group : byClass.groups) {
        if (group.klass != FindingClass::HostProcfs) continue;
        std::string strongest = procfsEvidence(summary, nameOf);
        if (!strongest.empty()) group.evidence = "read " + strongest;
    }
    std::stable_sort(byClass.groups.begin(), byClass.groups.end(),
                     [](const FindingGroup& a, const FindingGroup& b) {
                         const int sa = severityRank(a.severity);
                         const int sb = severityRank(b.severity);
                         if (sa != sb) return sa < sb;
                         const int ca = findingClassRank(a.klass);
                         const int cb = findingClassRank(b.klass);
                         if (ca != cb) return ca < cb;
                         return a.klass < b.klass;
                     });
    for (size_t i = 0; i < byClass.groups.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (byClass.groups[j].fix == byClass.groups[i].fix) byClass.groups[i].fixAbove = true;
        }
    }
    byClass.rerun = rerunCommand(info, byClass.groups, byClass.rerunNote);
    return byClass;
}

}  // namespace scratch::reports
