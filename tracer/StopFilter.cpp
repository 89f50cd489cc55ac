#include "tracer/StopFilter.h"

#include <seccomp.h>
#include <unistd.h>

#include "common/Error.h"
#include "tracer/SyscallTable.h"

namespace scratch::tracer {
namespace {
/// SECCOMP_RET_DATA of the tracer's own stop filter, to tell its stops from a workload's.
constexpr unsigned long kStopFilterData = 0x5354;  // "ST"
}  // namespace

StopFilter::StopFilter(const std::vector<std::string>& names) {
    // libseccomp maps each name to each arch's number.
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == nullptr) throw Error("seccomp_init failed");
    seccomp_arch_add(ctx, SCMP_ARCH_X86);
    seccomp_arch_add(ctx, SCMP_ARCH_X32);
    // Root needs no no_new_privs (which would also disarm setuid binaries in the container).
    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, geteuid() == 0 ? 0 : 1);
    for (const std::string& name : names) {
        const int nr = seccomp_syscall_resolve_name(name.c_str());
        if (nr == __NR_SCMP_ERROR) continue;
        seccomp_rule_add(ctx, SCMP_ACT_TRACE(kStopFilterData), nr, 0);
    }
    ctx_ = ctx;
}

StopFilter::~StopFilter() {
    if (ctx_ != nullptr) seccomp_release(static_cast<scmp_filter_ctx>(ctx_));
}

bool StopFilter::load() const { return seccomp_load(static_cast<scmp_filter_ctx>(ctx_)) == 0; }

bool StopFilter::isOurs(unsigned long eventMessage) { return eventMessage == kStopFilterData; }

std::vector<std::string> requiredStops() {
    std::vector<std::string> names;
    for (const SyscallInfo& row : allSyscalls()) {
        if (row.facts.flags & kFactAlwaysStops) names.emplace_back(row.name);
    }
    return names;
}

}  // namespace scratch::tracer
