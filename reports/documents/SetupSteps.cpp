#include "reports/documents/SetupSteps.h"

namespace scratch::reports {

namespace {

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

std::string setupStepMeaning(tracer::SpecialCall id, const std::string& line) {
    using Id = tracer::SpecialCall;
    if (id == Id::Clone || id == Id::Clone3 || id == Id::Unshare) {
        if (!has(line, "CLONE_NEW")) return {};
        return "starts the container's first process in new namespaces (CLONE_NEWPID: its own "
               "pid 1; CLONE_NEWNS: its own mount table)";
    }
    if (id == Id::Mount) {
        if (has(line, "MS_PRIVATE") || has(line, "MS_SLAVE")) {
            return "makes every mount private, so nothing the container mounts propagates back "
                   "to the host";
        }
        if (has(line, "\"proc\"")) {
            return "mounts a fresh procfs: /proc now shows the container's PID namespace, not "
                   "the host's";
        }
        if (has(line, "MS_BIND")) return "binds a directory or file into the container's tree";
        return "mounts a filesystem the container needs";
    }
    if (id == Id::Chroot) return "changes the root directory to the rootfs (the article's way)";
    if (id == Id::PivotRoot) {
        return "swaps the root for the rootfs so the old root can be detached (stronger than "
               "chroot)";
    }
    if (id == Id::Umount2)
        return "detaches the old root: the host's tree is gone from the container";
    if (id == Id::Sethostname) return "sets the container's hostname in its UTS namespace";
    if (id == Id::Execve) return "runs the command: from here on it is the workload";
    return {};
}

void SetupSteps::onSyscall(const tracer::SyscallEvent& event, const std::string& line) {
    if (event.phase != tracer::Phase::Setup || steps_.size() >= kCap) return;
    const tracer::SyscallInfo* row = event.info();
    if (row == nullptr) return;
    std::string meaning = setupStepMeaning(row->facts.id, line);
    if (meaning.empty()) return;
    steps_.push_back(SetupStep{line, std::move(meaning)});
}

}  // namespace scratch::reports
