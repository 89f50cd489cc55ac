// The mount-propagation check: a mount the container made must never appear in the host's
// mount table. The container's mounts are the tracer's business (it traced every mount call),
// and the answer is the kernel's (the table itself, after the run), so the tracer makes the
// note like any other, and it reaches the checks on the one channel the events take.
#pragma once

#include <set>
#include <string>

#include "tracer/EventListener.h"

namespace scratch::tracer {

/// The host's mount table when the run started; report() says what it gained since.
class HostMountWatch {
  public:
    /// Reads the table now (nothing when `enabled` is false: report() then says nothing).
    explicit HostMountWatch(bool enabled);
    /// One HostMountAdded note per mount in the table now that was not there at construction
    /// (a multiset: a second mount of the same thing on one place counts too).
    void report(EventListener& listener) const;

  private:
    bool enabled_;
    std::multiset<std::string> before_;
};

}  // namespace scratch::tracer
