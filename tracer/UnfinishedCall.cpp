// A call a task never returns from: it died in it (exit_group, SIGKILL, a thread reaped by
// another's execve) or was replaced by an execve made by another of its threads. strace prints
// such a call with `= ?`, and so does the log.
#include "tracer/Session.h"
#include "tracer/Task.h"

namespace scratch::tracer {

void Session::endUnfinished(Task& task) {
    SyscallEvent& ev = task.event;
    ev.finished = false;
    ev.noReturn = true;
    ev.durationNs = now() - ev.tsNs;
    ev.retText.assign(1, '?');  // not = "?": g++ 12 -Wrestrict false positive
    renderUnlessListenerDoes(ev);
    listener_.onSyscall(ev);
    task.inSyscall = false;
}

}  // namespace scratch::tracer
