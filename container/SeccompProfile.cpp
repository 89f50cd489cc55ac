#include "container/SeccompProfile.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/Error.h"
#include "common/UniqueFd.h"

namespace scratch::container {
namespace {

uint32_t actionFor(const std::string& path, const std::string& name, int errnoRet) {
    if (name == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
    if (name == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(static_cast<uint16_t>(errnoRet));
    if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL;
    if (name == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
    if (name == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
    if (name == "SCMP_ACT_TRACE") return SCMP_ACT_TRACE(static_cast<uint16_t>(errnoRet));
    throw Error("--seccomp " + path + ": unsupported action " + name);
}

uint32_t archToken(const std::string& path, const std::string& name) {
    if (name == "SCMP_ARCH_X86_64") return SCMP_ARCH_X86_64;
    if (name == "SCMP_ARCH_X86") return SCMP_ARCH_X86;
    if (name == "SCMP_ARCH_X32") return SCMP_ARCH_X32;
    throw Error("--seccomp " + path + ": unsupported architecture " + name);
}

/// Owns a libseccomp filter context.
struct Filter {
    scmp_filter_ctx ctx;
    ~Filter() { seccomp_release(ctx); }
};

}  // namespace

std::vector<sock_filter> compileSeccompProfile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("--seccomp " + path + ": " + std::strerror(errno));
    nlohmann::json profile;
    try {
        profile = nlohmann::json::parse(in);
        const int defaultErrno = profile.value("defaultErrnoRet", 1);
        Filter filter{seccomp_init(
            actionFor(path, profile.at("defaultAction").get<std::string>(), defaultErrno))};
        if (filter.ctx == nullptr) throw Error("--seccomp " + path + ": seccomp_init failed");
        // The container init is root: no need for no_new_privs, which would also disarm
        // setuid binaries in the container.
        seccomp_attr_set(filter.ctx, SCMP_FLTATR_CTL_NNP, 0);
        for (const auto& arch : profile.value("architectures", nlohmann::json::array())) {
            const uint32_t token = archToken(path, arch.get<std::string>());
            if (token != SCMP_ARCH_X86_64) seccomp_arch_add(filter.ctx, token);
        }
        for (const auto& rule : profile.value("syscalls", nlohmann::json::array())) {
            if (rule.contains("args") && !rule["args"].empty()) {
                throw Error("--seccomp " + path + ": argument conditions are not supported");
            }
            const uint32_t action = actionFor(path, rule.at("action").get<std::string>(),
                                              rule.value("errnoRet", defaultErrno));
            for (const auto& name : rule.at("names")) {
                const int nr = seccomp_syscall_resolve_name(name.get<std::string>().c_str());
                if (nr == __NR_SCMP_ERROR) continue;  // unknown here: skipped, as runc does
                seccomp_rule_add(filter.ctx, action, nr, 0);
            }
        }
        // libseccomp 2.5 exports to an fd only: through a memfd into memory.
        const UniqueFd mem(::memfd_create("seccomp-profile", MFD_CLOEXEC));
        if (!mem || seccomp_export_bpf(filter.ctx, mem.get()) != 0) {
            throw Error("--seccomp " + path + ": could not compile the profile");
        }
        const off_t size = ::lseek(mem.get(), 0, SEEK_END);
        std::vector<sock_filter> program(static_cast<size_t>(size) / sizeof(sock_filter));
        if (::pread(mem.get(), program.data(), program.size() * sizeof(sock_filter), 0) !=
            static_cast<ssize_t>(program.size() * sizeof(sock_filter))) {
            throw Error("--seccomp " + path + ": could not read the compiled profile");
        }
        return program;
    } catch (const nlohmann::json::exception& e) {
        throw Error("--seccomp " + path + ": not an OCI seccomp profile: " + e.what());
    }
}

}  // namespace scratch::container
