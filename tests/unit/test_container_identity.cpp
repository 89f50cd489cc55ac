// The pure logic behind --cap-add/--cap-drop, --user and --env: capability names and the
// default set, passwd/group lookups, environment overrides. No root needed.
#include <linux/capability.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "common/Error.h"
#include "container/EnvOverrides.h"
#include "container/privileges/Capabilities.h"
#include "container/privileges/UserLookup.h"

using namespace scratch;
using namespace scratch::container;

namespace {

int exitCodeOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return e.exitCode();
    }
    return -1;
}

constexpr unsigned kLast = CAP_LAST_CAP;

}  // namespace

TEST_CASE("capability names: with or without CAP_, any case", "[container][caps]") {
    CHECK(parseCapName("CHOWN") == 0U);
    CHECK(parseCapName("cap_chown") == 0U);
    CHECK(parseCapName("Cap_Sys_Admin") == static_cast<unsigned>(CAP_SYS_ADMIN));
    CHECK(parseCapName("net_bind_service") == static_cast<unsigned>(CAP_NET_BIND_SERVICE));
    CHECK(parseCapName("CHECKPOINT_RESTORE") == static_cast<unsigned>(CAP_CHECKPOINT_RESTORE));
    CHECK_FALSE(parseCapName("CAP_").has_value());
    CHECK_FALSE(parseCapName("").has_value());
    CHECK_FALSE(parseCapName("SYS_ADMINX").has_value());
    CHECK_FALSE(parseCapName("ALL").has_value());  // ALL is an option value, not a capability
    // Every name maps back to its own number.
    for (unsigned cap = 0; cap < namedCapCount(); ++cap) {
        INFO(cap);
        CHECK(parseCapName(capName(cap)) == cap);
    }
    CHECK(capName(namedCapCount()).empty());
}

TEST_CASE("the default set is Docker's 14 without MKNOD", "[container][caps]") {
    const CapMask def = defaultCapabilities();
    CHECK(__builtin_popcountll(def) == 13);
    // Docker's documented mask (CapBnd of `docker run`, 0xa80425fb) less CAP_MKNOD (bit 27).
    CHECK(def == 0x00000000a00425fbULL);
    CHECK((def & capBit(CAP_MKNOD)) == 0);
    CHECK((def & capBit(CAP_SYS_CHROOT)) != 0);
    CHECK((def & capBit(CAP_SYS_ADMIN)) == 0);
    CHECK((def & capBit(CAP_SYS_PTRACE)) == 0);
    CHECK(capListText(capBit(0) | capBit(CAP_KILL)) == "CHOWN,KILL");
    CHECK(capListText(capBit(63)) == "CAP_63");
}

TEST_CASE("--cap-add and --cap-drop change the default set", "[container][caps]") {
    const CapMask def = defaultCapabilities();
    const CapMask all = allCapabilities(kLast);
    CHECK(all == (CapMask{1} << (kLast + 1)) - 1);
    CHECK(allCapabilities(63) == ~CapMask{0});

    CHECK(chooseCapabilities({}, {}, kLast).set == def);
    CHECK(chooseCapabilities({"ALL"}, {}, kLast).set == all);
    CHECK(chooseCapabilities({"all"}, {"SYS_ADMIN"}, kLast).set == (all & ~capBit(CAP_SYS_ADMIN)));
    CHECK(chooseCapabilities({}, {"ALL"}, kLast).set == 0);
    const CapChoice onlyChown = chooseCapabilities({"cap_chown"}, {"ALL"}, kLast);
    CHECK(onlyChown.set == capBit(CAP_CHOWN));
    CHECK(onlyChown.added == capBit(CAP_CHOWN));
    const CapChoice admin = chooseCapabilities({"SYS_ADMIN"}, {"NET_RAW"}, kLast);
    CHECK(admin.set == ((def | capBit(CAP_SYS_ADMIN)) & ~capBit(CAP_NET_RAW)));
    CHECK(admin.added == capBit(CAP_SYS_ADMIN));
    // A capability beyond the running kernel's last is not given.
    CHECK(chooseCapabilities({"CHECKPOINT_RESTORE"}, {}, 37).set == def);

    // Only what scratch-trace itself holds can be handed on (here: no CAP_SYS_RESOURCE).
    const CapMask held = all & ~capBit(CAP_SYS_RESOURCE);
    CHECK(chooseCapabilities({"ALL"}, {}, kLast, held).set == held);
    CHECK(chooseCapabilities({}, {}, kLast, held).set == def);
    CHECK(exitCodeOf([&] { chooseCapabilities({"SYS_RESOURCE"}, {}, kLast, held); }) ==
          kExitFailure);

    CHECK(exitCodeOf([] { chooseCapabilities({"SYS_ADMN"}, {}, kLast); }) == kExitUsage);
    CHECK(exitCodeOf([] { chooseCapabilities({}, {"bogus"}, kLast); }) == kExitUsage);
    try {
        chooseCapabilities({}, {"bogus"}, kLast);
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("--cap-drop bogus") != std::string::npos);
    }
}

TEST_CASE("numeric ids", "[container][user]") {
    CHECK(parseNumericId("0") == 0U);
    CHECK(parseNumericId("1000") == 1000U);
    CHECK(parseNumericId("4294967294") == 4294967294U);
    CHECK_FALSE(parseNumericId("4294967295").has_value());  // (uid_t)-1 means "unchanged"
    CHECK_FALSE(parseNumericId("99999999999").has_value());
    CHECK_FALSE(parseNumericId("-1").has_value());
    CHECK_FALSE(parseNumericId("").has_value());
    CHECK_FALSE(parseNumericId("10a").has_value());
}

TEST_CASE("--user resolved from the rootfs' passwd and group", "[container][user]") {
    const std::string passwd =
        "root:x:0:0:root:/root:/bin/sh\n"
        "# a comment\n"
        "broken line\n"
        "alice:x:1000:1000:Alice:/home/alice:/bin/sh\n"
        "bob:x:1001:100::/home/bob:/bin/sh";  // no final newline
    const std::string group =
        "root:x:0:\n"
        "users:x:100:alice\n"
        "alice:x:1000:\n"
        "wheel:x:10:bob,alice\n"
        "staff:x:50:bob\n";
    const std::string label = "the rootfs /r";

    const UserIdentity alice = resolveUser("alice", passwd, group, label);
    CHECK(alice.uid == 1000U);
    CHECK(alice.gid == 1000U);
    CHECK(alice.home == "/home/alice");
    CHECK(alice.groups == std::vector<gid_t>{100, 10});

    const UserIdentity byUid = resolveUser("1001", passwd, group, label);
    CHECK(byUid.uid == 1001U);
    CHECK(byUid.gid == 100U);
    CHECK(byUid.groups == std::vector<gid_t>{10, 50});

    const UserIdentity bobStaff = resolveUser("bob:staff", passwd, group, label);
    CHECK(bobStaff.gid == 50U);
    CHECK(bobStaff.groups == std::vector<gid_t>{10});  // the primary is not repeated

    // A number without an entry: its own number as group, no supplementary groups.
    const UserIdentity anon = resolveUser("1234", passwd, group, label);
    CHECK(anon.uid == 1234U);
    CHECK(anon.gid == 1234U);
    CHECK(anon.groups.empty());
    CHECK(anon.home.empty());
    const UserIdentity anonGroup = resolveUser("1234:77", "", "", label);
    CHECK(anonGroup.gid == 77U);

    CHECK(exitCodeOf([&] { resolveUser("carol", passwd, group, label); }) == kExitFailure);
    CHECK(exitCodeOf([&] { resolveUser("alice:nogroup", passwd, group, label); }) == kExitFailure);
    CHECK(exitCodeOf([&] { resolveUser("", passwd, group, label); }) == kExitUsage);
    CHECK(exitCodeOf([&] { resolveUser("1000:", passwd, group, label); }) == kExitUsage);
    CHECK(exitCodeOf([&] { resolveUser(":1000", passwd, group, label); }) == kExitUsage);
    CHECK(exitCodeOf([&] { resolveUser("1:2:3", passwd, group, label); }) == kExitUsage);
    CHECK(exitCodeOf([&] { resolveUser("4294967295", passwd, group, label); }) == kExitUsage);
    CHECK(exitCodeOf([&] { resolveUser("1000:-5", passwd, group, label); }) == kExitUsage);
}

TEST_CASE("--env sets, replaces, copies from the host and removes", "[container][env]") {
    const std::map<std::string, std::string> host = {{"HOSTVAR", "from host"}, {"PATH", "/host"}};
    const HostEnvLookup lookup = [&](const std::string& key) -> const char* {
        const auto it = host.find(key);
        return it == host.end() ? nullptr : it->second.c_str();
    };
    std::vector<std::string> env = {"PATH=/bin", "HOME=/root", "TERM=xterm"};
    const size_t count = applyEnvOverrides(
        env, {"PATH=/opt/bin:/bin", "FOO=a=b", "HOSTVAR", "TERM", "EMPTY=", "FOO=c"}, lookup);
    CHECK(count == 5);
    CHECK(env == std::vector<std::string>{"PATH=/opt/bin:/bin", "HOME=/root", "FOO=c",
                                          "HOSTVAR=from host", "EMPTY="});

    std::vector<std::string> none;
    CHECK(applyEnvOverrides(none, {"A=1"}, lookup) == 1);
    CHECK(none == std::vector<std::string>{"A=1"});
    CHECK(exitCodeOf([&] { applyEnvOverrides(none, {"=value"}, lookup); }) == kExitUsage);
    CHECK(exitCodeOf([&] { applyEnvOverrides(none, {""}, lookup); }) == kExitUsage);
}
