#include "container/privileges/SeccompProfile.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/Error.h"
#include "common/UniqueFd.h"

namespace scratch::container {
namespace {

using nlohmann::json;

/// The Go name Docker's profile format uses for this machine's architecture in
/// includes/excludes.arches.
constexpr std::string_view kNativeArch = "amd64";

uint32_t actionFor(const std::string& label, const std::string& name, int errnoRet) {
    if (name == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
    if (name == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(static_cast<uint16_t>(errnoRet));
    if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL;
    if (name == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
    if (name == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
    if (name == "SCMP_ACT_TRACE") return SCMP_ACT_TRACE(static_cast<uint16_t>(errnoRet));
    throw Error("--seccomp " + label + ": unsupported action " + name);
}

uint32_t archToken(const std::string& label, const std::string& name) {
    if (name == "SCMP_ARCH_X86_64") return SCMP_ARCH_X86_64;
    if (name == "SCMP_ARCH_X86") return SCMP_ARCH_X86;
    if (name == "SCMP_ARCH_X32") return SCMP_ARCH_X32;
    throw Error("--seccomp " + label + ": unsupported architecture " + name);
}

scmp_compare compareFor(const std::string& label, const std::string& op) {
    if (op == "SCMP_CMP_NE") return SCMP_CMP_NE;
    if (op == "SCMP_CMP_LT") return SCMP_CMP_LT;
    if (op == "SCMP_CMP_LE") return SCMP_CMP_LE;
    if (op == "SCMP_CMP_EQ") return SCMP_CMP_EQ;
    if (op == "SCMP_CMP_GE") return SCMP_CMP_GE;
    if (op == "SCMP_CMP_GT") return SCMP_CMP_GT;
    if (op == "SCMP_CMP_MASKED_EQ") return SCMP_CMP_MASKED_EQ;
    throw Error("--seccomp " + label + ": unsupported operator " + op);
}

/// The running kernel's "major.minor" as one comparable number (5.10 -> 5010).
unsigned versionNumber(const std::string& text) {
    unsigned major = 0;
    unsigned minor = 0;
    if (std::sscanf(text.c_str(), "%u.%u", &major, &minor) < 1) return 0;
    return major * 1000 + minor;
}

unsigned runningKernelVersion() {
    utsname name{};
    return ::uname(&name) == 0 ? versionNumber(name.release) : 0;
}

bool grants(CapMask capabilities, const std::string& capName) {
    const std::optional<unsigned> cap = parseCapName(capName);
    return cap && (capabilities & capBit(*cap)) != 0;
}

bool namesNativeArch(const json& arches) {
    for (const json& arch : arches) {
        if (arch.is_string() && arch.get<std::string>() == kNativeArch) return true;
    }
    return false;
}

/// Docker's rule for "includes" and "excludes": a rule applies when every included capability
/// is granted, the native architecture is among the included ones (when any are named) and the
/// kernel is at least minKernel; and when no excluded capability is granted and the native
/// architecture is not excluded.
bool ruleApplies(const json& rule, CapMask capabilities, unsigned kernel) {
    if (const auto inc = rule.find("includes"); inc != rule.end() && inc->is_object()) {
        for (const json& cap : inc->value("caps", json::array())) {
            if (!grants(capabilities, cap.get<std::string>())) return false;
        }
        if (const json arches = inc->value("arches", json::array());
            !arches.empty() && !namesNativeArch(arches)) {
            return false;
        }
        if (const std::string min = inc->value("minKernel", std::string()); !min.empty()) {
            if (kernel < versionNumber(min)) return false;
        }
    }
    if (const auto exc = rule.find("excludes"); exc != rule.end() && exc->is_object()) {
        for (const json& cap : exc->value("caps", json::array())) {
            if (grants(capabilities, cap.get<std::string>())) return false;
        }
        if (namesNativeArch(exc->value("arches", json::array()))) return false;
    }
    return true;
}

/// The architectures to filter for: "architectures" (OCI), or the x86_64 entry of Docker's
/// "archMap" with its sub-architectures.
std::vector<uint32_t> architectures(const json& profile, const std::string& label) {
    std::vector<uint32_t> out;
    for (const json& arch : profile.value("architectures", json::array())) {
        out.push_back(archToken(label, arch.get<std::string>()));
    }
    for (const json& entry : profile.value("archMap", json::array())) {
        if (entry.value("architecture", std::string()) != "SCMP_ARCH_X86_64") continue;
        out.push_back(SCMP_ARCH_X86_64);
        const json subs = entry.value("subArchitectures", json::array());
        for (const json& sub : subs.is_array() ? subs : json::array()) {
            out.push_back(archToken(label, sub.get<std::string>()));
        }
    }
    return out;
}

std::vector<scmp_arg_cmp> conditionsOf(const json& rule, const std::string& label) {
    std::vector<scmp_arg_cmp> out;
    const json args = rule.value("args", json::array());
    for (const json& arg : args.is_array() ? args : json::array()) {
        const auto index = arg.at("index").get<unsigned>();
        if (index > 5) throw Error("--seccomp " + label + ": argument index above 5");
        out.push_back(scmp_arg_cmp{index, compareFor(label, arg.at("op").get<std::string>()),
                                   arg.value("value", uint64_t{0}),
                                   arg.value("valueTwo", uint64_t{0})});
    }
    return out;
}

/// runc's rule: conditions on distinct arguments are ANDed in one rule; when two name the
/// same argument (a value that must be one of several), each is a rule of its own.
void addRule(scmp_filter_ctx ctx, uint32_t action, int nr, const std::vector<scmp_arg_cmp>& conds) {
    bool sameArgTwice = false;
    for (size_t i = 0; i < conds.size(); ++i) {
        for (size_t j = i + 1; j < conds.size(); ++j) sameArgTwice |= conds[i].arg == conds[j].arg;
    }
    if (!sameArgTwice) {
        // A rule whose action is the default one is refused by libseccomp: nothing to add.
        seccomp_rule_add_array(ctx, action, nr, static_cast<unsigned>(conds.size()),
                               conds.empty() ? nullptr : conds.data());
        return;
    }
    for (const scmp_arg_cmp& cond : conds) seccomp_rule_add_array(ctx, action, nr, 1, &cond);
}

/// Owns a libseccomp filter context.
struct Filter {
    scmp_filter_ctx ctx;
    ~Filter() { seccomp_release(ctx); }
};

std::vector<sock_filter> exportProgram(scmp_filter_ctx ctx, const std::string& label) {
    // libseccomp 2.5 exports to an fd only: through a memfd into memory.
    const UniqueFd mem(::memfd_create("seccomp-profile", MFD_CLOEXEC));
    if (!mem || seccomp_export_bpf(ctx, mem.get()) != 0) {
        throw Error("--seccomp " + label + ": could not compile the profile");
    }
    const off_t size = ::lseek(mem.get(), 0, SEEK_END);
    std::vector<sock_filter> program(static_cast<size_t>(size) / sizeof(sock_filter));
    if (::pread(mem.get(), program.data(), program.size() * sizeof(sock_filter), 0) !=
        static_cast<ssize_t>(program.size() * sizeof(sock_filter))) {
        throw Error("--seccomp " + label + ": could not read the compiled profile");
    }
    return program;
}

}  // namespace

std::vector<sock_filter> compileSeccompText(std::string_view text, const std::string& label,
                                            CapMask capabilities) {
    try {
        const json profile = json::parse(text);
        const int defaultErrno = profile.value("defaultErrnoRet", 1);
        Filter filter{seccomp_init(
            actionFor(label, profile.at("defaultAction").get<std::string>(), defaultErrno))};
        if (filter.ctx == nullptr) throw Error("--seccomp " + label + ": seccomp_init failed");
        // The init sets no_new_privs itself when it should (--allow-new-privs leaves it off).
        seccomp_attr_set(filter.ctx, SCMP_FLTATR_CTL_NNP, 0);
        // A binary tree of syscall numbers: a long allow list costs a few comparisons per call.
        seccomp_attr_set(filter.ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
        for (const uint32_t arch : architectures(profile, label)) {
            if (arch != SCMP_ARCH_X86_64) seccomp_arch_add(filter.ctx, arch);
        }
        const unsigned kernel = runningKernelVersion();
        for (const json& rule : profile.value("syscalls", json::array())) {
            if (!ruleApplies(rule, capabilities, kernel)) continue;
            const uint32_t action = actionFor(label, rule.at("action").get<std::string>(),
                                              rule.value("errnoRet", defaultErrno));
            const std::vector<scmp_arg_cmp> conds = conditionsOf(rule, label);
            for (const json& name : rule.at("names")) {
                const int nr = seccomp_syscall_resolve_name(name.get<std::string>().c_str());
                if (nr == __NR_SCMP_ERROR) continue;  // unknown here: skipped, as runc does
                addRule(filter.ctx, action, nr, conds);
            }
        }
        return exportProgram(filter.ctx, label);
    } catch (const nlohmann::json::exception& e) {
        throw Error("--seccomp " + label + ": not an OCI seccomp profile: " + e.what());
    }
}

std::vector<sock_filter> compileSeccompProfile(const std::string& path, CapMask capabilities) {
    std::ifstream in(path);
    if (!in) throw Error("--seccomp " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return compileSeccompText(text.str(), path, capabilities);
}

}  // namespace scratch::container
