#include "tracer/UnreadableArgs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "tracer/ArgDecoder.h"

namespace scratch::tracer {
namespace {

/// What the memory at `addr` of task `tid` is, from /proc/TID/maps: secretmem (memfd_secret,
/// which process_vm_readv never reads), another mapping, or nothing mapped.
std::string memoryKind(pid_t tid, uint64_t addr) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/maps", tid);
    FILE* maps = fopen(path, "re");
    if (maps == nullptr) return "memory the tracer cannot read";
    std::string kind = "memory the tracer cannot read";  // not mapped, or the task is gone
    char line[512];
    while (fgets(line, sizeof line, maps) != nullptr) {
        uint64_t from = 0;
        uint64_t to = 0;
        if (sscanf(line, "%" SCNx64 "-%" SCNx64, &from, &to) != 2) continue;
        if (addr < from || addr >= to) continue;
        kind = std::strstr(line, "secretmem") != nullptr
                   ? "memfd_secret memory, which the tracer cannot read"
                   : "memory the tracer cannot read";
        break;
    }
    fclose(maps);
    return kind;
}

}  // namespace

std::string unreadableBlindSpot(const Task& task, const SyscallEvent& ev) {
    const SyscallInfo* info = ev.info();
    if (task.unreadableArgs == 0 || info == nullptr || !ev.finished) return {};
    if (ev.err == EFAULT) return {};  // the kernel could not read it either
    const bool succeeded = ev.err == 0;
    // The installed fd was resolved from /proc at the exit: the open is attributed.
    if (succeeded && info->ret == RetRole::Fd) return {};
    // The root and cwd were asked for after the change (tracer/TaskInvariant.h).
    if (succeeded && (task.callFacts.flags & kFactMovesRoots)) return {};
    std::string detail = ev.name + ": ";
    int firstArg = -1;
    for (int i = 0; i < info->nargs && i < 8; ++i) {
        if (!(task.unreadableArgs & (1U << i))) continue;
        detail += firstArg < 0 ? "argument " : ", ";
        detail += std::to_string(i + 1);
        if (firstArg < 0) firstArg = i;
    }
    detail += " is in " + memoryKind(task.tid, ev.rawArgs[firstArg < 0 ? 0 : firstArg]);
    detail += succeeded ? "; the kernel read it and the call succeeded: what it reached is unknown"
                        : "; the kernel read it and the call failed with " + errnoName(ev.err) +
                              ": what it tried to reach is unknown";
    return detail;
}

void noteUnreadable(const Task& task, const SyscallEvent& ev, EventListener& listener) {
    std::string detail = unreadableBlindSpot(task, ev);
    if (detail.empty()) return;
    TracerNote note{TracerNote::Kind::BlindSpot};
    note.tid = task.tid;
    note.nspid = task.nstid;
    note.seq = ev.seq;
    note.detail = std::move(detail);
    listener.onNote(note);
}

}  // namespace scratch::tracer
