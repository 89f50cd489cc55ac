#include "reports/documents/SeccompProfile.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/Error.h"

namespace scratch::reports {

namespace {

const char* scmpArch(tracer::Arch arch) {
    switch (arch) {
        case tracer::Arch::X86_64:
            return "SCMP_ARCH_X86_64";
        case tracer::Arch::I386:
            return "SCMP_ARCH_X86";
        case tracer::Arch::X32:
            return "SCMP_ARCH_X32";
        case tracer::Arch::Unknown:
            break;
    }
    return nullptr;
}

}  // namespace

SeccompProfile::SeccompProfile(Output out) : out_(std::move(out)) {}

void SeccompProfile::onSyscall(const tracer::SyscallEvent& event) {
    const bool startsWorkload = firstExecSeq_ != 0 && event.seq == firstExecSeq_;
    if (event.phase != tracer::Phase::Workload && !startsWorkload) return;
    if (startsWorkload) sawExecCall_ = true;
    const char* arch = scmpArch(event.arch);
    if (arch == nullptr) return;
    if (event.name.rfind("syscall_", 0) == 0) {
        unnamed_.insert(event.name);
        return;
    }
    byArch_[arch].insert(event.name);
}

void SeccompProfile::onProcess(const tracer::ProcessEvent& event) {
    if (event.kind == tracer::ProcessEvent::Kind::Exec && event.phase == tracer::Phase::Workload &&
        firstExecSeq_ == 0) {
        firstExecSeq_ = event.seq;
    }
}

std::string SeccompProfile::render() const {
    std::set<std::string> names;
    auto architectures = nlohmann::ordered_json::array();
    for (const auto& [arch, list] : byArch_) {
        architectures.push_back(arch);
        names.insert(list.begin(), list.end());
    }
    // x86_64 first, as runtimes list the native arch first.
    std::sort(architectures.begin(), architectures.end(), [](const auto& a, const auto& b) {
        return (a == "SCMP_ARCH_X86_64") > (b == "SCMP_ARCH_X86_64") ||
               ((a == "SCMP_ARCH_X86_64") == (b == "SCMP_ARCH_X86_64") && a < b);
    });
    if (architectures.empty()) architectures.push_back("SCMP_ARCH_X86_64");
    // The execve that starts the command runs under the filter even when the trace did not
    // record it (a replay of a filtered trace).
    if (firstExecSeq_ != 0 && !sawExecCall_) names.insert("execve");
    nlohmann::ordered_json profile;
    profile["defaultAction"] = "SCMP_ACT_ERRNO";
    profile["defaultErrnoRet"] = 1;
    profile["architectures"] = architectures;
    auto rules = nlohmann::ordered_json::array();
    if (!names.empty()) {
        rules.push_back({{"names", names}, {"action", "SCMP_ACT_ALLOW"}});
    }
    profile["syscalls"] = rules;
    return profile.dump(2) + "\n";
}

void SeccompProfile::onFinish(const RunEnd& end, const RunSummary& summary) {
    (void)end;
    (void)summary;
    out_.write(render());
    if (!out_.flush()) {
        throw Error(std::string("writing the seccomp profile: ") + std::strerror(out_.error()));
    }
}

}  // namespace scratch::reports
