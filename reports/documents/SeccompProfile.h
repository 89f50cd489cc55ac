// A seccomp profile for the workload, in the OCI runtime-spec's "seccomp" object that runc, crun
// and podman take (linux.seccomp in config.json, or podman's --security-opt seccomp=FILE):
// everything the workload phase called is allowed, anything else fails with EPERM.
#pragma once

#include <map>
#include <set>
#include <string>

#include "reports/Output.h"
#include "reports/Sink.h"

namespace scratch::reports {

/// Collects (arch, syscall name) of the workload phase and writes the profile at finish.
/// The runtime's setup syscalls are not in it: runc and crun install the filter just before the
/// command's execve, so that execve is added (it runs under the filter); nothing earlier does.
class SeccompProfile : public Sink {
  public:
    explicit SeccompProfile(Output out);

    void onSyscall(const tracer::SyscallEvent& event) override;
    void onProcess(const tracer::ProcessEvent& event) override;
    void onFinish(const RunEnd& end, const RunSummary& summary) override;

    /// The profile as JSON text (pretty-printed, ends with a newline).
    std::string render() const;
    /// Names per SCMP_ARCH_* value, for tests and docs.
    const std::map<std::string, std::set<std::string>>& byArch() const { return byArch_; }
    /// Workload syscalls the table had no name for (syscall_N): they cannot be listed by name.
    const std::set<std::string>& unnamed() const { return unnamed_; }

  private:
    Output out_;
    std::map<std::string, std::set<std::string>> byArch_;
    std::set<std::string> unnamed_;
    uint64_t firstExecSeq_ = 0;  ///< the execve that started the workload
    bool sawExecCall_ = false;
};

}  // namespace scratch::reports
