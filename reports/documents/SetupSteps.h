// The runtime's setup told as the seed article tells it: each step that builds the container
// (clone with the namespaces, mount private, chroot/pivot_root, mount proc, execve) with a
// one-line explanation, for the Markdown report a docs page can paste.
#pragma once

#include <string>
#include <vector>

#include "tracer/Events.h"

namespace scratch::reports {

/// One explained setup syscall.
struct SetupStep {
    std::string line;     ///< its log line
    std::string meaning;  ///< what it does for the container, one sentence
};

/// What a setup syscall does for the container, from its table row's kind and its log line; ""
/// when it is not one of the steps the article explains (a setup's prctl, close_range, ... are
/// only counted).
std::string setupStepMeaning(tracer::SpecialCall id, const std::string& line);

/// Keeps the explained steps of the setup phase (at most `cap`).
class SetupSteps {
  public:
    void onSyscall(const tracer::SyscallEvent& event, const std::string& line);
    const std::vector<SetupStep>& steps() const { return steps_; }

  private:
    static constexpr size_t kCap = 64;
    std::vector<SetupStep> steps_;
};

}  // namespace scratch::reports
