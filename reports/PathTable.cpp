#include "reports/PathTable.h"

#include <algorithm>

namespace scratch::reports {

void PathTable::add(const tracer::SyscallEvent& event) {
    const bool succeeded = event.finished && event.err == 0;
    for (const auto& ref : event.paths) {
        add(ref, event.name, event.tgid, event.seq, succeeded, event.phase);
    }
}

void PathTable::add(const tracer::PathRef& ref, std::string_view syscall, pid_t tgid, uint64_t seq,
                    bool succeeded, tracer::Phase phase) {
    const std::string& key =
        !ref.host.empty() ? ref.host : (!ref.resolved.empty() ? ref.resolved : ref.given);
    if (key.empty()) return;
    PathEntry* found = nullptr;
    for (const Recent& recent : recent_.slots) {
        if (recent.key != nullptr && *recent.key == key) {
            found = recent.entry;
            break;
        }
    }
    if (found == nullptr) {
        auto it = entries_.find(key);
        if (it == entries_.end()) {
            it = entries_.emplace(key, PathEntry{}).first;
            PathEntry& fresh = it->second;
            fresh.host = ref.host;
            fresh.resolved = ref.resolved.empty() ? ref.given : ref.resolved;
            fresh.where = ref.where;
            fresh.firstSeq = seq;
        }
        found = &it->second;
        recent_.slots[recent_.next] = Recent{&it->first, found};
        recent_.next = (recent_.next + 1) % recent_.slots.size();
    }
    PathEntry& entry = *found;
    // The same object can be seen as Unknown once (task vanished) and attributed later.
    if (entry.where == tracer::Where::Unknown) entry.where = ref.where;
    entry.access |= ref.access;
    if (entry.lastSyscall != syscall) {
        auto name = entry.syscalls.find(syscall);
        if (name == entry.syscalls.end()) name = entry.syscalls.emplace(syscall).first;
        entry.lastSyscall.assign(syscall);
    }
    if (entry.lastTgid != tgid || tgid == 0) {
        entry.tgids.insert(tgid);
        entry.lastTgid = tgid;
    }
    ++entry.uses;
    entry.reached = entry.reached || (succeeded && ref.exists);
    entry.workload = entry.workload || phase == tracer::Phase::Workload;
    // A replayed trace has no stdio flag: fd 0-2 given as such are the streams handed over.
    entry.stdio =
        entry.stdio || ref.stdio || (ref.fd >= 0 && ref.fd <= 2 && ref.given.rfind("fd ", 0) == 0);
}

std::string containerPathText(const PathEntry& entry) {
    std::string out = entry.resolved.empty() ? entry.host : entry.resolved;
    if (entry.stdio) out += " (standard stream)";
    return out;
}

std::string hostPathBeside(const PathEntry& entry) {
    return entry.host == entry.resolved ? std::string() : entry.host;
}

int PathTable::whereRank(tracer::Where where) {
    switch (where) {
        case tracer::Where::HostProcfs:
            return 0;
        case tracer::Where::Host:
            return 1;
        case tracer::Where::Unknown:
            return 2;
        case tracer::Where::ContainerMount:
            return 3;
        case tracer::Where::ContainerProcfs:
            return 4;
        case tracer::Where::Rootfs:
            return 5;
        case tracer::Where::Anonymous:
            return 6;
    }
    return 7;
}

std::vector<const PathEntry*> PathTable::sorted() const {
    std::vector<const PathEntry*> out;
    out.reserve(entries_.size());
    for (const auto& [key, entry] : entries_) out.push_back(&entry);
    std::sort(out.begin(), out.end(), [](const PathEntry* a, const PathEntry* b) {
        const int ra = whereRank(a->where);
        const int rb = whereRank(b->where);
        if (ra != rb) return ra < rb;
        const std::string& ka = a->host.empty() ? a->resolved : a->host;
        const std::string& kb = b->host.empty() ? b->resolved : b->host;
        return ka < kb;
    });
    return out;
}

const PathEntry* PathTable::find(std::string_view key) const {
    const auto it = entries_.find(std::string(key));
    return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace scratch::reports
