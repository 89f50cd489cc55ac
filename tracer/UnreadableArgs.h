// Arguments the kernel read but the tracer could not (a path in memfd_secret memory, a
// PROT_NONE page the kernel can still fault in for itself...). Most calls are then attributed
// by what the kernel left at the exit (the fd it installed, the root or cwd the task now
// holds); where nothing at the exit tells what happened, the verdict has a blind spot.
#pragma once

#include <string>

#include "tracer/EventListener.h"
#include "tracer/Task.h"

namespace scratch::tracer {

/// The BlindSpot detail for the finished call `ev` of `task` whose unreadable arguments are
/// task.unreadableArgs; empty when the exit tells what the kernel did with them (a returned fd
/// resolved from /proc, a root or cwd change checked afterwards) or when the kernel could not
/// read them either (EFAULT).
std::string unreadableBlindSpot(const Task& task, const SyscallEvent& ev);

/// Tells unreadableBlindSpot's answer, when there is one, as a BlindSpot note.
void noteUnreadable(const Task& task, const SyscallEvent& ev, EventListener& listener);

}  // namespace scratch::tracer
