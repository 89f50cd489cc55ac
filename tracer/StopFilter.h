// The seccomp stop filter of a filtered session (SessionOptions::stopOnly): the launcher loads a
// seccomp-bpf program that returns SECCOMP_RET_TRACE for the chosen syscalls and allows the rest,
// so unselected syscalls run without any ptrace stop. Loaded by the launcher itself (a filter
// applies to its installer and is inherited by everything it starts), so the load is traced.
#pragma once

#include <string>
#include <vector>

namespace scratch::tracer {

/// One built filter, released on destruction (in the tracer; the launcher loads and exits).
class StopFilter {
  public:
    /// SECCOMP_RET_TRACE for `names` (unknown names are skipped), allow for the rest, on every
    /// x86 ABI a 64-bit process can use. Throws scratch::Error when libseccomp cannot start.
    explicit StopFilter(const std::vector<std::string>& names);
    ~StopFilter();
    StopFilter(const StopFilter&) = delete;
    StopFilter& operator=(const StopFilter&) = delete;

    /// In the launcher, after fork: loads the filter; false when the kernel refused it.
    bool load() const;

    /// Whether a PTRACE_EVENT_SECCOMP's message is this filter's: otherwise the workload's own
    /// filter returned SECCOMP_RET_TRACE (which, untraced, fails the call with ENOSYS).
    static bool isOurs(unsigned long eventMessage);

  private:
    void* ctx_ = nullptr;  ///< scmp_filter_ctx
};

/// The syscalls a filtered session must still stop at to stay correct: to follow tasks, keep
/// roots, cwds and mounts right, and let the isolation checks see roots, mounts, namespaces,
/// peers and blind spots.
std::vector<std::string> requiredStops();

}  // namespace scratch::tracer
