// -e trace= and -e status= parsing and per-event decisions.
#include <catch2/catch.hpp>
#include <cerrno>

#include "common/Error.h"
#include "reports/TraceFilter.h"
#include "tracer/SyscallTable.h"

using scratch::reports::TraceFilter;
using scratch::tracer::SyscallEvent;

namespace {
SyscallEvent event(const std::string& name, int err = 0, bool finished = true) {
    SyscallEvent e;
    e.name = name;
    e.setInfo(scratch::tracer::findSyscall(name));
    e.err = err;
    e.finished = finished;
    return e;
}

TraceFilter filter(std::initializer_list<const char*> expressions) {
    TraceFilter f;
    for (const char* e : expressions) f.parse(e);
    return f;
}
}  // namespace

TEST_CASE("default filter shows everything", "[reports][filter]") {
    TraceFilter f;
    CHECK(f.showsEverything());
    CHECK(f.shows(event("openat")));
    CHECK(f.shows(event("syscall_0x3e7")));
}

TEST_CASE("names, lists and negation", "[reports][filter]") {
    auto f = filter({"trace=openat,close"});
    CHECK(f.shows(event("openat")));
    CHECK(f.shows(event("close")));
    CHECK_FALSE(f.shows(event("read")));
    CHECK_FALSE(f.shows(event("syscall_0x3e7")));
    CHECK_FALSE(f.showsEverything());

    auto bare = filter({"openat"});  // strace: -e openat == -e trace=openat
    CHECK(bare.shows(event("openat")));
    CHECK_FALSE(bare.shows(event("read")));

    auto neg = filter({"trace=!openat,close"});
    CHECK_FALSE(neg.shows(event("openat")));
    CHECK_FALSE(neg.shows(event("close")));
    CHECK(neg.shows(event("read")));
    CHECK(neg.shows(event("syscall_0x3e7")));

    // info may be missing (nullptr): the name decides.
    SyscallEvent noInfo = event("openat");
    noInfo.setInfo(nullptr);
    CHECK(f.shows(noInfo));

    CHECK(filter({"trace=all"}).showsEverything());
    CHECK_FALSE(filter({"trace=none"}).shows(event("openat")));
    CHECK(filter({"trace=?nosuchcall,read"}).shows(event("read")));
    auto re = filter({"trace=/^open"});
    CHECK(re.shows(event("openat")));
    CHECK(re.shows(event("open")));
    CHECK_FALSE(re.shows(event("read")));
}

TEST_CASE("classes", "[reports][filter]") {
    auto file = filter({"trace=%file"});
    CHECK(file.shows(event("openat")));
    CHECK(file.shows(event("execve")));
    CHECK_FALSE(file.shows(event("read")));
    auto desc = filter({"trace=%desc"});
    CHECK(desc.shows(event("read")));
    CHECK(desc.shows(event("close")));
    auto process = filter({"trace=%process"});
    CHECK(process.shows(event("clone")));
    CHECK(process.shows(event("execve")));
    CHECK_FALSE(process.shows(event("openat")));
    auto mount = filter({"trace=%mount"});
    CHECK(mount.shows(event("mount")));
    CHECK_FALSE(mount.shows(event("openat")));
    auto mixed = filter({"trace=!%file,read"});
    CHECK_FALSE(mixed.shows(event("openat")));
    CHECK_FALSE(mixed.shows(event("read")));
    CHECK(mixed.shows(event("close")));
    CHECK(filter({"trace=%stat"}).shows(event("newfstatat")));
    CHECK(filter({"trace=%memory"}).shows(event("mmap")));
    CHECK(filter({"trace=%network"}).shows(event("socket")));
    CHECK(filter({"trace=%signal"}).shows(event("rt_sigaction")));
}

TEST_CASE("status", "[reports][filter]") {
    auto failed = filter({"status=failed"});
    CHECK(failed.shows(event("openat", ENOENT)));
    CHECK_FALSE(failed.shows(event("openat")));
    CHECK_FALSE(failed.shows(event("openat", 0, false)));
    auto ok = filter({"status=successful"});
    CHECK(ok.shows(event("openat")));
    CHECK_FALSE(ok.shows(event("openat", ENOENT)));
    auto both = filter({"trace=openat", "status=failed"});
    CHECK(both.shows(event("openat", ENOENT)));
    CHECK_FALSE(both.shows(event("read", ENOENT)));
    CHECK(filter({"status=!failed"}).shows(event("read")));
}

TEST_CASE("bad expressions are usage errors", "[reports][filter]") {
    const auto usage = [](const char* expr) {
        TraceFilter f;
        try {
            f.parse(expr);
        } catch (const scratch::Error& e) {
            return e.exitCode() == scratch::kExitUsage;
        }
        return false;
    };
    CHECK(usage("trace=nosuchcall"));
    CHECK(usage("trace=%nosuchclass"));
    CHECK(usage("trace=open,,close"));
    CHECK(usage("trace="));
    CHECK(usage("status=sometimes"));
    CHECK(usage("verbose=all"));
    CHECK(usage("trace=/[unclosed"));
}
