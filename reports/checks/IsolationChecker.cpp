#include "reports/checks/IsolationChecker.h"

#include <sys/stat.h>

#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/checks/HostPeerRule.h"
#include "reports/checks/SensitiveObjects.h"

namespace scratch::reports {

namespace {

/// The tracer names an fd argument "fd N"; a path entry carries the fd the call returned for it.
bool usedThroughFd(const tracer::PathRef& ref) {
    return ref.fd >= 0 && ref.given.rfind("fd ", 0) == 0;
}

using tracer::Where;

constexpr FindingClass kClassHostProcfs = FindingClass::HostProcfs;
constexpr FindingClass kClassOutside = FindingClass::OutsideRootfs;
constexpr FindingClass kClassEscaped = FindingClass::EscapedRoot;
constexpr FindingClass kClassInheritedFd = FindingClass::InheritedFd;
constexpr FindingClass kClassMountProp = FindingClass::MountPropagation;
constexpr FindingClass kClassUntraced = FindingClass::UntracedTask;
constexpr FindingClass kClassSensitive = FindingClass::SensitiveInterface;

constexpr std::string_view kFixHostProcfs =
    "mount a fresh procfs for the container's PID namespace (--proc new) inside a new root";
constexpr std::string_view kFixEscaped =
    "use --root-mode pivot (pivot_root + detached old root) and drop CAP_SYS_CHROOT";
constexpr std::string_view kFixCloseFds =
    "close the runtime's fds before the command's execve (close_range(3, ~0U, 0), or open them "
    "O_CLOEXEC) so no host file or directory fd crosses into the container";

bool isHostWhere(Where where) { return where == Where::Host || where == Where::HostProcfs; }

/// " (failed: ENOENT)" for a failed call, "" otherwise.
std::string outcome(const tracer::SyscallEvent& event) {
    if (!event.finished) return " (unfinished)";
    if (event.err != 0) return " (failed: " + errnoName(event.err) + ")";
    return {};
}

std::string shown(const tracer::PathRef& ref) {
    return displayText(!ref.host.empty() ? ref.host
                                         : (!ref.resolved.empty() ? ref.resolved : ref.given));
}

}  // namespace

void IsolationChecker::start(const RunInfo& info) {
    ownCgroups_ = info.ownCgroups;
    rootMode_ = info.rootMode;
}

bool IsolationChecker::isNew(FindingClass klass, std::string_view key, Severity severity) {
    std::string full;
    full.reserve(1 + key.size());
    full.append(1, static_cast<char>(klass)).append(key);
    const auto [it, inserted] = seen_.try_emplace(std::move(full), severity);
    if (inserted) return true;
    if (severity > it->second) {
        it->second = severity;
        return true;
    }
    return false;
}

void IsolationChecker::add(std::vector<Finding>& out, FindingClass klass, Severity severity,
                           pid_t pid, pid_t nspid, uint64_t seq, std::string host,
                           std::string message, std::string fix) {
    Finding finding;
    finding.klass = klass;
    finding.severity = severity;
    finding.pid = pid;
    finding.nspid = nspid;
    finding.seq = seq;
    finding.host = std::move(host);
    finding.message = std::move(message);
    finding.fix = std::move(fix);
    out.push_back(std::move(finding));
}

void IsolationChecker::check(const tracer::SyscallEvent& event, std::vector<Finding>& out) {
    if (event.tid != lastTid_) {  // consecutive events mostly come from the same task
        lastTid_ = event.tid;
        tgidOf_[event.tid] = event.tgid;
    }
    if (event.phase != tracer::Phase::Workload) return;
    workloadStarted_ = true;
    const std::string_view name = event.name;
    const tracer::SyscallInfo* row = event.info();
    const tracer::CallFacts facts = row != nullptr ? row->facts : tracer::CallFacts{};
    const bool succeeded = event.finished && event.err == 0;
    // Only the rare calls below need it: not formatted for every event.
    const auto tgidKey = [&event] { return std::to_string(event.tgid); };

    // io_uring: the tracer decodes the rings (tracer/IoUringRings.h). The paths and fds of the
    // operations are this event's paths, checked below like any; what it could not see comes
    // as a BlindSpot note.

    if (facts.id == tracer::SpecialCall::Setns &&
        isNew(kClassSensitive, "setns:" + tgidKey(), Severity::Warning)) {
        add(out, kClassSensitive, Severity::Warning, event.tid, event.nspid, event.seq, {},
            "setns" + outcome(event) + ": the process tried to join another namespace",
            "drop CAP_SYS_ADMIN in the container and deny setns with seccomp");
    }

    const int modeArg = facts.id == tracer::SpecialCall::Mknod
                            ? tracer::argOfRole(*row, tracer::ArgRole::Mode)
                            : -1;
    if (modeArg >= 0) {
        const uint64_t mode = event.rawArgs[modeArg];
        if (S_ISCHR(mode) || S_ISBLK(mode)) {
            const std::string key = event.paths.empty() ? tgidKey() : shown(event.paths.front());
            if (isNew(kClassSensitive, "mknod:" + key, Severity::Warning)) {
                add(out, kClassSensitive, Severity::Warning, event.tid, event.nspid, event.seq,
                    event.paths.empty() ? std::string() : event.paths.front().host,
                    std::string(name) + outcome(event) + ": made a device node " + key,
                    "drop CAP_MKNOD (no device node can be made) and mount the container's "
                    "writable filesystems nodev");
            }
        }
    }

    // A file handle names an inode without a path: the root does not apply (the "shocker"
    // escape). The handle's mount fd decides where it lands.
    if (facts.flags & tracer::kFactByHandle) {
        const tracer::PathRef* hostRef = nullptr;
        for (const auto& ref : event.paths) {
            if (isHostWhere(ref.where)) hostRef = &ref;
        }
        const Severity severity =
            hostRef != nullptr && succeeded ? Severity::Leak : Severity::Warning;
        const std::string key = hostRef != nullptr ? hostRef->host : "handle:" + tgidKey();
        if (isNew(kClassSensitive, key, severity)) {
            add(out, kClassSensitive, severity, event.tid, event.nspid, event.seq,
                hostRef != nullptr ? hostRef->host : std::string(),
                std::string(name) + outcome(event) +
                    (hostRef != nullptr ? ": a file handle reached host object " + shown(*hostRef)
                                        : std::string(": opened a file by handle")),
                "drop CAP_DAC_READ_SEARCH in the container: file handles bypass its root");
        }
        return;  // the handle's own finding covers its paths; no second outside-rootfs
    }

    const bool movesCwd = facts.id == tracer::SpecialCall::Chdir;
    const bool movesRoot = movesCwd || facts.id == tracer::SpecialCall::Chroot ||
                           facts.id == tracer::SpecialCall::PivotRoot;
    for (const auto& ref : event.paths) {
        checkSensitive(event, ref, succeeded, out);
        // With --root-mode none there is no root to escape from: outside-rootfs covers it.
        if (movesRoot && succeeded && isHostWhere(ref.where) && rootMode_ != RootMode::None) {
            if (isNew(kClassEscaped, ref.host, Severity::Leak)) {
                add(out, kClassEscaped, Severity::Leak, event.tid, event.nspid, event.seq, ref.host,
                    std::string(name) + " moved the process's " +
                        (movesCwd ? "working directory" : "root") + " outside the rootfs, to " +
                        shown(ref),
                    escapedFix(ref));
            }
            continue;
        }
        checkPath(event, ref, succeeded, out);
    }
}

void IsolationChecker::checkPath(const tracer::SyscallEvent& event, const tracer::PathRef& ref,
                                 bool succeeded, std::vector<Finding>& out) {
    if (!isHostWhere(ref.where) || ref.stdio) return;
    // A failed access (ENOENT on a host path, EACCES) still shows the container can name host
    // objects, but nothing was reached: a warning. A successful one is a leak.
    const Severity severity = succeeded && ref.exists ? Severity::Leak : Severity::Warning;
    const std::string key = ref.host.empty() ? ref.resolved : ref.host;
    // Say how the process named it when that differs from where it landed ("../../etc").
    std::string via;
    if (usedThroughFd(ref)) {
        via = " through fd " + std::to_string(ref.fd);
    } else if (!ref.given.empty() && displayText(ref.given) != shown(ref)) {
        via = " (given as " + displayText(ref.given) + ")";
    }
    if (ref.where == Where::HostProcfs) {
        // One per process: ps reads hundreds of host /proc entries, and one finding says it.
        if (!isNew(kClassHostProcfs, "tgid:" + std::to_string(event.tgid), severity)) return;
        add(out, kClassHostProcfs, severity, event.tid, event.nspid, event.seq, ref.host,
            event.name + outcome(event) + (severity == Severity::Leak ? " reached" : " tried") +
                " the host's procfs at " + shown(ref) + via + ": the container sees host processes",
            std::string(kFixHostProcfs));
        return;
    }
    if (!isNew(kClassOutside, key, severity)) return;
    add(out, kClassOutside, severity, event.tid, event.nspid, event.seq, ref.host,
        event.name + outcome(event) + (severity == Severity::Leak ? " reached" : " tried") +
            " host path " + shown(ref) + via + ", outside the rootfs",
        outsideFix(ref));
}

std::string IsolationChecker::outsideFix(const tracer::PathRef& ref) const {
    // An fd the kernel installed at the call (tracer/ReceivedFds.h): its cause is where it came
    // from, not the root mode.
    if (ref.given.starts_with("<received fd")) {
        return "a process outside the container sent this host fd over a unix socket "
               "(SCM_RIGHTS): remove the socket the container shares with it (the socket file or "
               "the bind mount that brings it into the rootfs; --ns pid,mount,net for an abstract "
               "one)";
    }
    if (ref.given.starts_with("<returned fd")) {
        return "the call handed the container a host object directly (pidfd_getfd of a host "
               "process's fd, a file handle): drop CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH and "
               "keep the default seccomp profile";
    }
    if (usedThroughFd(ref)) return std::string(kFixCloseFds);
    if (rootMode_ == RootMode::None) {
        return "switch the root into the rootfs: --root-mode pivot (pivot_root + detached old "
               "root), or at least --root-mode chroot";
    }
    if (rootMode_ == RootMode::Chroot) {
        return "use --root-mode pivot: a chroot can be escaped (a second chroot, an fd held from "
               "outside), pivot_root with the old root detached cannot; drop CAP_SYS_CHROOT";
    }
    return "remove the bind mount or fd that exposes this host object to the container, and "
           "check that the old root was detached after pivot_root";
}

std::string IsolationChecker::escapedFix(const tracer::PathRef& ref) const {
    // fchdir to a host directory fd: the fd is the way out, whatever the root mode.
    if (usedThroughFd(ref)) return std::string(kFixCloseFds);
    if (rootMode_ == RootMode::Pivot) {
        return "remove the bind mount or fd that exposes this host directory to the container "
               "(pivot_root detached the old root; something else still reaches the host)";
    }
    return std::string(kFixEscaped);
}

void IsolationChecker::checkSensitive(const tracer::SyscallEvent& event, const tracer::PathRef& ref,
                                      bool succeeded, std::vector<Finding>& out) {
    const auto use = sensitiveUse(ref, succeeded, ownCgroups_);
    if (!use) return;
    const Severity severity = use->leak ? Severity::Leak : Severity::Warning;
    if (!isNew(kClassSensitive, use->key, severity)) return;
    add(out, kClassSensitive, severity, event.tid, event.nspid, event.seq, ref.host,
        event.name + outcome(event) + ": " + use->what, std::string(use->fix));
}

void IsolationChecker::check(const tracer::TracerNote& note, std::vector<Finding>& out) {
    using Kind = tracer::TracerNote::Kind;
    const std::string tidKey = std::to_string(note.tid);
    switch (note.kind) {
        case Kind::UntracedCloneBlocked:
            if (isNew(kClassUntraced, tidKey, Severity::Warning)) {
                add(out, kClassUntraced, Severity::Warning, note.tid, note.nspid, note.seq, {},
                    "prevented: CLONE_UNTRACED removed from a clone of pid " + tidKey +
                        (note.detail.empty() ? std::string() : " (" + note.detail + ")"),
                    "nothing to do under scratch-trace; without a tracer, deny CLONE_UNTRACED "
                    "with seccomp");
            }
            break;
        case Kind::TaskLost:
            if (isNew(kClassUntraced, tidKey, Severity::Leak)) {
                add(out, kClassUntraced, Severity::Leak, note.tid, note.nspid, note.seq, {},
                    "task " + tidKey + " left the tracer's sight" +
                        (note.detail.empty() ? std::string() : ": " + note.detail) +
                        "; what it did is not in the trace",
                    "keep PTRACE_O_TRACECLONE|TRACEFORK|TRACEVFORK and PTRACE_O_EXITKILL on "
                    "every task, and deny CLONE_UNTRACED with seccomp");
            }
            break;
        case Kind::InheritedFd: {
            const Severity severity = isHostWhere(note.where) ? Severity::Leak : Severity::Warning;
            const std::string key = std::to_string(note.fd) + ":" + note.host;
            if (isNew(kClassInheritedFd, key, severity)) {
                add(out, kClassInheritedFd, severity, note.tid, note.nspid, note.seq, note.host,
                    "fd " + std::to_string(note.fd) + " was open across the command's execve" +
                        (note.host.empty() ? std::string()
                                           : ": " + displayText(note.host) + " (" +
                                                 std::string(whereLabel(note.where)) + ")") +
                        (note.detail.empty() ? std::string() : " " + note.detail),
                    std::string(kFixCloseFds));
            }
            break;
        }
        case Kind::HostMountAdded:
            if (isNew(kClassMountProp, note.host.empty() ? note.detail : note.host,
                      Severity::Leak)) {
                add(out, kClassMountProp, Severity::Leak, note.tid, note.nspid, note.seq, note.host,
                    "a mount made in the container appeared in the host's mount table: " +
                        displayText(note.host.empty() ? note.detail : note.host),
                    "make the container's mount tree private before mounting (a new mount "
                    "namespace and mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE, NULL))");
            }
            break;
        case Kind::BlindSpot:
            checkBlindSpot(note, out);
            break;
        case Kind::EscapedRoot:
            checkEscapedRoot(note, out);
            break;
        case Kind::UntracedTask:
            checkUntracedTask(note, out);
            break;
        case Kind::HostPeer: {  // reports/checks/HostPeerRule.h
            HostPeerVerdict v = hostPeerVerdict(note);
            const Severity severity = v.leak ? Severity::Leak : Severity::Warning;
            if (isNew(v.klass, v.key, severity)) {
                add(out, v.klass, severity, note.tid, note.nspid, note.seq, note.host,
                    std::move(v.message), std::move(v.fix));
            }
            break;
        }
    }
}

}  // namespace scratch::reports
