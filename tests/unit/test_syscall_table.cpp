// The syscall table against libseccomp: every row resolves, numbers map back to the right rows,
// and numbers nobody knows still get a (stable) row.
#include <fmt/format.h>
#include <linux/audit.h>
#include <seccomp.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <set>
#include <string>
#include <utility>

#include "tracer/EventNames.h"  // archName, accessNames
#include "tracer/Events.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

TEST_CASE("every row resolves to a number on its arch", "[syscalltable]") {
    for (const auto& info : allSyscalls()) {
        INFO(info.name);
        if (info.i386Only) {
            CHECK(syscallNumber(Arch::I386, info.name).has_value());
            CHECK_FALSE(syscallNumber(Arch::X86_64, info.name).has_value());
        } else {
            CHECK(syscallNumber(Arch::X86_64, info.name).has_value());
        }
        CHECK(info.nargs <= 6);
        for (size_t i = info.nargs; i < 6; ++i) CHECK(info.args[i] == ArgRole::None);
    }
}

TEST_CASE("names are unique and findSyscall finds each", "[syscalltable]") {
    std::set<std::string_view> seen;
    for (const auto& info : allSyscalls()) {
        INFO(info.name);
        CHECK(seen.insert(info.name).second);
        CHECK(findSyscall(info.name) == &info);
    }
    CHECK(findSyscall("no_such_syscall") == nullptr);
}

TEST_CASE("known numbers", "[syscalltable]") {
    CHECK(lookupSyscall(Arch::X86_64, 0).name == "read");
    CHECK(lookupSyscall(Arch::X86_64, 2).name == "open");
    CHECK(lookupSyscall(Arch::X86_64, 56).name == "clone");
    CHECK(lookupSyscall(Arch::X86_64, 59).name == "execve");
    CHECK(lookupSyscall(Arch::X86_64, 165).name == "mount");
    CHECK(lookupSyscall(Arch::X86_64, 257).name == "openat");
    CHECK(lookupSyscall(Arch::X86_64, 435).name == "clone3");
    CHECK(lookupSyscall(Arch::I386, 5).name == "open");
    CHECK(lookupSyscall(Arch::I386, 11).name == "execve");
    CHECK(lookupSyscall(Arch::I386, 102).name == "socketcall");
    CHECK(lookupSyscall(Arch::I386, 140).name == "_llseek");
    CHECK(lookupSyscall(Arch::I386, 192).name == "mmap2");
    CHECK(lookupSyscall(Arch::I386, 195).name == "stat64");
    CHECK(lookupSyscall(Arch::I386, 295).name == "openat");
    CHECK(lookupSyscall(Arch::I386, 300).name == "fstatat64");
    CHECK(syscallName(Arch::I386, 7) == "waitpid");
    // x32: the kernel reports AUDIT_ARCH_X86_64 with __X32_SYSCALL_BIT in nr.
    CHECK(lookupSyscall(Arch::X32, 0x40000000 + 257).name == "openat");
    CHECK(lookupSyscall(Arch::X86_64, 0x40000000 + 257).name == "openat");
    CHECK(lookupSyscall(Arch::X86_64, 0x40000000 + 520).name == "execve");
    CHECK(effectiveArch(Arch::X86_64, 0x40000000 + 1) == Arch::X32);
    CHECK(effectiveArch(Arch::X86_64, 1) == Arch::X86_64);
}

TEST_CASE("every number libseccomp names maps to a row of that name", "[syscalltable]") {
    const std::pair<Arch, uint32_t> arches[] = {{Arch::X86_64, SCMP_ARCH_X86_64},
                                                {Arch::I386, SCMP_ARCH_X86}};
    for (const auto& [arch, token] : arches) {
        for (int nr = 0; nr < 1024; ++nr) {
            char* name = seccomp_syscall_resolve_num_arch(token, nr);
            const SyscallInfo& info = lookupSyscall(arch, nr);
            if (name != nullptr) {
                INFO(archName(arch) << " " << nr << " " << name);
                CHECK(info.name == name);
                std::free(name);
            } else {
                CHECK(info.name == fmt::format("syscall_{:#x}", nr));
            }
        }
    }
}

TEST_CASE("unknown numbers get a stable row named as strace names them", "[syscalltable]") {
    const SyscallInfo& a = lookupSyscall(Arch::X86_64, 1000);
    CHECK(a.name == "syscall_0x3e8");
    CHECK(a.nargs == 6);
    CHECK(a.args[0] == ArgRole::Hex);
    CHECK(&lookupSyscall(Arch::X86_64, 1000) == &a);

    const SyscallInfo& far = lookupSyscall(Arch::X86_64, 123456);
    CHECK(far.name == "syscall_0x1e240");
    CHECK(&lookupSyscall(Arch::X86_64, 123456) == &far);
    CHECK(lookupSyscall(Arch::X86_64, 654321).name == "syscall_0x9fbf1");
    CHECK(far.name == "syscall_0x1e240");  // earlier rows survive later insertions

    CHECK(lookupSyscall(Arch::X86_64, -1).name == "syscall_0xffffffffffffffff");
    CHECK(lookupSyscall(Arch::Unknown, 3).name == "syscall_0x3");
    CHECK(syscallName(Arch::I386, 999) == "syscall_0x3e7");
}

TEST_CASE("classes and access kinds", "[syscalltable]") {
    const auto* openat = findSyscall("openat");
    REQUIRE(openat != nullptr);
    CHECK((openat->classes & kClassFile));
    CHECK((openat->classes & kClassDesc));
    CHECK(openat->ret == RetRole::Fd);
    CHECK(openat->args[0] == ArgRole::DirFd);
    CHECK(openat->args[1] == ArgRole::Path);

    CHECK((findSyscall("mount")->classes & kClassMount));
    CHECK((findSyscall("umount2")->classes & kClassMount));
    CHECK((findSyscall("pivot_root")->classes & kClassMount));
    CHECK((findSyscall("fsopen")->classes & kClassMount));
    CHECK((findSyscall("unshare")->classes & kClassNamespace));
    CHECK((findSyscall("setns")->classes & kClassNamespace));
    CHECK((findSyscall("clone")->classes & kClassProcess));
    CHECK((findSyscall("newfstatat")->classes & kClassStat));
    CHECK((findSyscall("stat64")->classes & kClassStat));
    CHECK((findSyscall("socket")->classes & kClassNetwork));
    CHECK((findSyscall("mmap")->classes & kClassMemory));
    CHECK((findSyscall("kill")->classes & kClassSignal));
    CHECK((findSyscall("setuid")->classes & kClassCreds));
    CHECK((findSyscall("clock_gettime")->classes & kClassClock));
    CHECK((findSyscall("semget")->classes & kClassIpc));
    CHECK_FALSE((findSyscall("read")->classes & kClassFile));

    CHECK(findSyscall("execve")->access == kAccessExec);
    CHECK(findSyscall("getdents64")->access == kAccessList);
    CHECK(findSyscall("unlink")->access == kAccessDelete);
    CHECK(findSyscall("rmdir")->access == kAccessDelete);
    CHECK(findSyscall("mkdir")->access == kAccessCreate);
    CHECK(findSyscall("stat")->access == kAccessStat);
    CHECK(findSyscall("exit_group")->ret == RetRole::NoReturn);
    CHECK(findSyscall("mmap")->ret == RetRole::Hex);
}

TEST_CASE("arch helpers", "[syscalltable]") {
    CHECK(archFromAudit(AUDIT_ARCH_X86_64) == Arch::X86_64);
    CHECK(archFromAudit(AUDIT_ARCH_I386) == Arch::I386);
    CHECK(archFromAudit(0x12345) == Arch::Unknown);
    CHECK(archName(Arch::X86_64) == "x86_64");
    CHECK(archName(Arch::I386) == "i386");
    CHECK(archName(Arch::X32) == "x32");
    CHECK(archName(Arch::Unknown) == "unknown");
    CHECK(syscallNumber(Arch::X86_64, "openat") == 257);
    CHECK(syscallNumber(Arch::I386, "openat") == 295);
    CHECK_FALSE(syscallNumber(Arch::X86_64, "stat64").has_value());
    CHECK_FALSE(syscallNumber(Arch::Unknown, "read").has_value());
    CHECK(accessNames(kAccessRead | kAccessWrite) == "read,write");
    CHECK(accessNames(kAccessNone).empty());
    CHECK(accessNames(kAccessList | kAccessExec) == "exec,list");
}

TEST_CASE("a role that reads another argument finds it in its row", "[syscalltable]") {
    // The renderer of such a role looks the other argument up by its role (argOfRole): a row
    // without it would show the argument shaped by a zero.
    const std::pair<ArgRole, ArgRole> needs[] = {
        {ArgRole::FcntlArg, ArgRole::Fcntl},           {ArgRole::FutexArg, ArgRole::FutexOp},
        {ArgRole::PrctlArg, ArgRole::Prctl},           {ArgRole::MountFsType, ArgRole::MountFlags},
        {ArgRole::MountData, ArgRole::MountFlags},     {ArgRole::OpenMode, ArgRole::OpenFlags},
        {ArgRole::MqAttr, ArgRole::OpenFlags},         {ArgRole::WaitId, ArgRole::WaitIdType},
        {ArgRole::OffsetHigh, ArgRole::OffsetLowHigh},
    };
    for (const auto& info : allSyscalls()) {
        INFO(info.name);
        for (const auto& [role, needed] : needs) {
            if (argOfRole(info, role) >= 0) CHECK(argOfRole(info, needed) >= 0);
        }
        if (info.ret == RetRole::FcntlRet) CHECK(argOfRole(info, ArgRole::Fcntl) >= 0);
        if (info.ret == RetRole::PrctlRet) CHECK(argOfRole(info, ArgRole::Prctl) >= 0);
        // A sigset's size is the call's last argument.
        if (argOfRole(info, ArgRole::SigmaskIn) >= 0 || argOfRole(info, ArgRole::SigmaskOut) >= 0) {
            CHECK(info.args[info.nargs - 1] == ArgRole::Uint);
        }
    }
    CHECK(argOfRole(*findSyscall("openat"), ArgRole::OpenFlags) == 2);
    CHECK(argOfRole(*findSyscall("openat"), ArgRole::Fd) == -1);
}

TEST_CASE("AT_* flag roles", "[syscalltable]") {
    CHECK(isAtFlagsRole(ArgRole::AtFlags));
    CHECK(isAtFlagsRole(findSyscall("statx")->args[2]));
    CHECK(isAtFlagsRole(findSyscall("faccessat2")->args[3]));
    CHECK_FALSE(isAtFlagsRole(ArgRole::OpenFlags));
}

TEST_CASE("i386's own shapes of shared names are what an i386 stop gets", "[syscalltable]") {
    CHECK(i386Shapes().size() >= 5);
    for (const SyscallInfo& shape : i386Shapes()) {
        INFO(shape.name);
        // A name x86_64 has too, whose table row stays the x86_64 shape.
        const SyscallInfo* shared = findSyscall(shape.name);
        REQUIRE(shared != nullptr);
        CHECK(shared != &shape);
        CHECK(syscallNumber(Arch::X86_64, shape.name).has_value());
        const auto nr = syscallNumber(Arch::I386, shape.name);
        REQUIRE(nr.has_value());
        CHECK(&lookupSyscall(Arch::I386, *nr) == &shape);
        CHECK_FALSE(tableRowIndex(shape).has_value());
        CHECK(shape.classes == shared->classes);
        for (size_t i = shape.nargs; i < 6; ++i) CHECK(shape.args[i] == ArgRole::None);
    }
    // An event names such a row by arch and number, as it names a generic one.
    SyscallEvent ev;
    ev.arch = Arch::I386;
    ev.nr = 82;
    ev.setInfo(&lookupSyscall(Arch::I386, 82));
    CHECK(ev.info() == &lookupSyscall(Arch::I386, 82));
    CHECK(lookupSyscall(Arch::I386, 82).args[0] == ArgRole::OldSelectArgs);
    CHECK(lookupSyscall(Arch::I386, 80).args[1] == ArgRole::Groups16Out);
    CHECK(lookupSyscall(Arch::X86_64, 23).args[4] == ArgRole::TimevalIn);  // x86_64's select
}
