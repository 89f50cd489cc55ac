// The blind-spot rules of IsolationChecker: what the tracer could not see. Kept apart from the
// path rules so the io_uring decoding (issue 19) replaces one small function.
#include <string>

#include "reports/Names.h"
#include "reports/RunSummary.h"
#include "reports/checks/IsolationChecker.h"

namespace scratch::reports {

namespace {

constexpr std::string_view kFixIoUring =
    "deny io_uring_setup in the container (seccomp), or set the sysctl "
    "kernel.io_uring_disabled=2 on the host";
constexpr std::string_view kFixSecretMem =
    "deny memfd_secret in the container (seccomp): the tracer cannot read secret memory, so "
    "arguments kept there cannot be checked";
constexpr std::string_view kFixUnseen =
    "deny the mechanism named above in the container (seccomp), so that everything the verdict "
    "depends on can be seen";

/// The fix for a blind spot, chosen by the mechanism the tracer's own note names.
std::string_view blindSpotFix(std::string_view reason) {
    if (reason.find("io_uring") != std::string_view::npos) return kFixIoUring;
    if (reason.find("secret") != std::string_view::npos) return kFixSecretMem;
    return kFixUnseen;
}

}  // namespace

pid_t IsolationChecker::processOf(pid_t tid) const {
    const auto it = tgidOf_.find(tid);
    return it == tgidOf_.end() || it->second <= 0 ? tid : it->second;
}

void IsolationChecker::checkBlindSpot(const tracer::TracerNote& note, std::vector<Finding>& out) {
    // The runtime's own setup (its mounts, its chroot) is the isolation being built: what the
    // tracer could not read of it is not a blind spot of the workload's verdict.
    if (!workloadStarted_) return;
    const std::string reason = note.detail.empty() ? "unspecified" : note.detail;
    const std::string key = reason + '\0' + std::to_string(processOf(note.tid));
    if (!isNew(RunSummary::kBlindSpotClass, key, Severity::Warning)) return;
    add(out, RunSummary::kBlindSpotClass, Severity::Warning, note.tid, note.nspid, note.seq,
        note.host, "not seen by the tracer: " + reason, std::string(blindSpotFix(reason)));
}

}  // namespace scratch::reports
