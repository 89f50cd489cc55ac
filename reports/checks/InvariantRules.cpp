// The IsolationChecker's rules for the notes the tracer makes when it checks its invariant
// against the kernel (tracer/TaskInvariant.h, tracer/CloneGuard.h): a root or cwd outside the
// container, a clone refused or a task that escaped the tracer. docs/isolation.md, "The
// kernel's view after every change".
#include <string>
#include <string_view>

#include "reports/JsonText.h"
#include "reports/checks/IsolationChecker.h"

namespace scratch::reports {
namespace {

constexpr FindingClass kClassEscaped = FindingClass::EscapedRoot;
constexpr FindingClass kClassUntraced = FindingClass::UntracedTask;

}  // namespace

void IsolationChecker::checkEscapedRoot(const tracer::TracerNote& note, std::vector<Finding>& out) {
    // With --root-mode none there is no root to escape from (the tracer does not check then).
    if (rootMode_ == RootMode::None) return;
    // Keyed by the host path like the rule on chroot's and chdir's own paths: the one that
    // comes first tells it, the other does not repeat it.
    const std::string key = note.host.empty() ? note.detail : note.host;
    if (!isNew(kClassEscaped, key, Severity::Leak)) return;
    const bool cwd = note.detail == "cwd";
    add(out, kClassEscaped, Severity::Leak, note.tid, note.nspid, note.seq, note.host,
        "the kernel says task " + std::to_string(note.tid) + "'s " +
            (cwd ? "working directory" : "root") + " is now " +
            displayText(note.host.empty() ? std::string("unknown") : note.host) +
            ", outside the container",
        rootMode_ == RootMode::Pivot
            ? "a directory fd from outside (received, inherited or from /proc) is a way out "
              "even after pivot_root: close host fds before the command runs, never pass "
              "directory fds in, and drop CAP_SYS_CHROOT"
            : "use --root-mode pivot (pivot_root + detached old root) and drop CAP_SYS_CHROOT");
}

void IsolationChecker::checkUntracedTask(const tracer::TracerNote& note,
                                         std::vector<Finding>& out) {
    // "prevented: ..." is a call the tracer refused; anything else is a task it lost.
    const std::string tidKey = std::to_string(note.tid);
    const bool prevented = note.detail.starts_with("prevented");
    const Severity severity = prevented ? Severity::Warning : Severity::Leak;
    if (!isNew(kClassUntraced, prevented ? tidKey : tidKey + ":" + note.detail, severity)) return;
    add(out, kClassUntraced, severity, note.tid, note.nspid, note.seq, {},
        prevented ? note.detail + " (task " + tidKey + ")"
                  : note.detail + ": what it did is not in the trace",
        prevented ? "nothing to do under scratch-trace; without a tracer, deny CLONE_UNTRACED "
                    "with seccomp"
                  : "deny CLONE_UNTRACED with seccomp (a filter on clone's flags, and clone3 "
                    "refused with ENOSYS), and keep PTRACE_O_TRACECLONE on every task");
}

}  // namespace scratch::reports
