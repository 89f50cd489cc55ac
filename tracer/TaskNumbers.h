// A new task's numbers: its thread group id on the host and, inside a PID namespace other
// than the tracer's, its tid and tgid as that namespace numbers them (what the container's
// own ps shows).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <utility>

#include "common/UniqueFd.h"

namespace scratch::tracer {
using scratch::UniqueFd;

/// A task's numbers, host and container: tid and tgid on the host and, in its innermost PID
/// namespace, nstid and nstgid (0 when that namespace is the tracer's own). Paths through
/// /proc/self are resolved with them.
struct TaskIds {
    pid_t tid = 0;
    pid_t tgid = 0;
    pid_t nstid = 0;
    pid_t nstgid = 0;
};

/// Asks the kernel for a task's numbers once per task, when the tracer first sees it.
///
/// Since Linux 6.11 a PID namespace's nsfs file translates numbers (NS_GET_PID_IN_PIDNS):
/// one stat of /proc/TID/ns/pid says which namespace the task is in and an ioctl on that
/// namespace (its fd kept open) gives the number there, about a quarter of what reading
/// /proc/TID/status costs (the kernel formats some 60 lines for it). On older kernels, and
/// whenever an ioctl is refused, the status file is read as before.
class TaskNumbersReader {
  public:
    TaskNumbersReader();

    /// Fills `out` for task `tid`. False when the task is gone (or /proc cannot say).
    bool read(pid_t tid, TaskIds& out);

    /// The same from /proc/TID/status: Tgid and the last numbers of NSpid and NStgid.
    static bool readStatus(pid_t tid, TaskIds& out);

  private:
    /// The namespace's fd, opened through `tid` the first time it is met; -1 on failure.
    int namespaceFd(pid_t tid, std::pair<uint64_t, uint64_t> id);

    std::pair<uint64_t, uint64_t> ownNamespace_{};  ///< (dev, ino) of the tracer's
    UniqueFd ownNamespaceFd_;
    /// Open fds of the namespaces met, by (dev, ino): a run meets a handful.
    std::map<std::pair<uint64_t, uint64_t>, UniqueFd> namespaces_;
    bool ioctlsWork_ = true;  ///< cleared at the first refusal: every later task reads status
};

}  // namespace scratch::tracer
