#include "tracer/UnreadableArgs.h"

#include <cerrno>

#include "tracer/ArgDecoder.h"

namespace scratch::tracer {

std::string unreadableBlindSpot(const Task& task, const SyscallEvent& ev) {
    if (task.unreadableArgs == 0 || ev.info == nullptr || !ev.finished) return {};
    if (ev.err == EFAULT) return {};  // the kernel could not read it either
    const bool succeeded = ev.err == 0;
    // The installed fd was resolved from /proc at the exit: the open is attributed.
    if (succeeded && ev.info->ret == RetRole::Fd) return {};
    // The root and cwd were asked for after the change (tracer/TaskInvariant.h).
    if (succeeded && (task.kind.flags & kKindMovesRoots)) return {};
    std::string detail = ev.name + ": ";
    bool first = true;
    for (int i = 0; i < ev.info->nargs && i < 8; ++i) {
        if (!(task.unreadableArgs & (1U << i))) continue;
        detail += first ? "argument " : ", ";
        detail += std::to_string(i + 1);
        first = false;
    }
    detail += succeeded ? " could not be read by the tracer; the kernel used it and the call "
                          "succeeded, reaching an object the trace cannot name"
                        : " could not be read by the tracer; the kernel read it and the call "
                          "failed with " +
                              errnoName(ev.err) + ": what it tried to reach is unknown";
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
