// The default seccomp profile and the profile compiler: the embedded copy is the shipped file,
// Docker's format (includes, excludes, args, archMap) compiles, and what it cannot honour is
// one clear error. What the filter does to real syscalls: tests/root/test_container_defaults.
#include <linux/capability.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/Error.h"
#include "container/privileges/Capabilities.h"
#include "container/privileges/SeccompProfile.h"

using namespace scratch;
using namespace scratch::container;

namespace {

std::string messageOf(const std::string& text) {
    try {
        compileSeccompText(text, "t.json", defaultCapabilities());
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the embedded default profile is container/profiles/default.json",
          "[container][seccomp]") {
    std::ifstream in(std::string(SCRATCH_SOURCE_DIR) + "/container/profiles/default.json");
    REQUIRE(in);
    std::ostringstream file;
    file << in.rdbuf();
    CHECK(defaultSeccompProfileText() == file.str());

    const auto profile = nlohmann::json::parse(defaultSeccompProfileText());
    CHECK(profile.at("defaultAction") == "SCMP_ACT_ERRNO");
    CHECK(profile.at("defaultErrnoRet") == 1);
    // Nothing the issue names is allowed unconditionally.
    for (const auto& rule : profile.at("syscalls")) {
        if (rule.at("action") != "SCMP_ACT_ALLOW" || rule.contains("includes")) continue;
        for (const auto& name : rule.at("names")) {
            INFO(name);
            for (const char* refused :
                 {"io_uring_setup", "io_uring_enter", "io_uring_register", "keyctl", "add_key",
                  "request_key", "bpf", "perf_event_open", "userfaultfd", "kexec_load",
                  "kexec_file_load", "init_module", "finit_module", "delete_module",
                  "open_by_handle_at", "clone3", "mount", "unshare", "setns"}) {
                CHECK(name != refused);
            }
        }
    }
}

TEST_CASE("the default profile compiles, longer with more capabilities", "[container][seccomp]") {
    const auto def =
        compileSeccompText(defaultSeccompProfileText(), "default", defaultCapabilities());
    const auto all =
        compileSeccompText(defaultSeccompProfileText(), "default", allCapabilities(CAP_LAST_CAP));
    CHECK_FALSE(def.empty());
    CHECK(def.size() < 4096);  // BPF_MAXINSNS
    CHECK(all.size() != def.size());
}

TEST_CASE("Docker's profile format: includes, excludes, args, archMap", "[container][seccomp]") {
    const std::string docker = R"({
      "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
      "archMap": [{"architecture": "SCMP_ARCH_X86_64",
                   "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
                  {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
      "syscalls": [
        {"names": ["read", "write", "execve", "exit_group", "no_such_syscall"],
         "action": "SCMP_ACT_ALLOW"},
        {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}],
         "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"},
                  {"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
        {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
        {"names": ["s390_runtime_instr"], "action": "SCMP_ACT_ALLOW",
         "includes": {"arches": ["s390x"]}},
        {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
        {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
      ]})";
    CHECK_FALSE(compileSeccompText(docker, "docker.json", defaultCapabilities()).empty());
    // With CAP_SYS_ADMIN: mount unconditionally, clone without its argument check.
    CHECK(compileSeccompText(docker, "docker.json", defaultCapabilities()).size() !=
          compileSeccompText(docker, "docker.json", allCapabilities(CAP_LAST_CAP)).size());
}

TEST_CASE("what a profile cannot say is one error naming it", "[container][seccomp]") {
    CHECK(messageOf(R"({"defaultAction": "SCMP_ACT_NOPE"})") ==
          "--seccomp t.json: unsupported action SCMP_ACT_NOPE");
    CHECK(messageOf(R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"],
          "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_ODD"}]}]})") ==
          "--seccomp t.json: unsupported operator SCMP_CMP_ODD");
    CHECK(messageOf(R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"],
          "action": "SCMP_ACT_ERRNO", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]})") ==
          "--seccomp t.json: argument index above 5");
    CHECK(messageOf("{").rfind("--seccomp t.json: not an OCI seccomp profile", 0) == 0);
    CHECK(messageOf(R"({"defaultAction": "SCMP_ACT_ALLOW",
          "architectures": ["SCMP_ARCH_MIPS"]})") ==
          "--seccomp t.json: unsupported architecture SCMP_ARCH_MIPS");
}
