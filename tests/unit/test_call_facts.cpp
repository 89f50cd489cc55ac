// The special-call facts written on the table rows (SyscallInfo::facts, tracer/CallFacts.h):
// each special call is recognised from its real table row, so a row that lost its fact cannot
// silently disable fd tracking, cache invalidation, symlink handling or a check.
#include <catch2/catch.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "tracer/CallFacts.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {
CallFacts factsOf(std::string_view name) {
    const SyscallInfo* row = findSyscall(name);
    INFO(name);
    REQUIRE(row != nullptr);
    return row->facts;
}
}  // namespace

TEST_CASE("the rows of the calls the session tracks carry their id", "[call-facts]") {
    CHECK(factsOf("open").id == SpecialCall::Open);
    CHECK(factsOf("openat").id == SpecialCall::Openat);
    CHECK(factsOf("openat2").id == SpecialCall::Openat2);
    CHECK(factsOf("creat").id == SpecialCall::Creat);
    CHECK(factsOf("linkat").id == SpecialCall::Linkat);
    CHECK(factsOf("name_to_handle_at").id == SpecialCall::NameToHandleAt);
    CHECK(factsOf("umount2").id == SpecialCall::Umount2);
    CHECK(factsOf("sendfile").id == SpecialCall::Sendfile);
    for (const auto* name : {"splice", "copy_file_range", "tee"}) {
        CHECK(factsOf(name).id == SpecialCall::SpliceLike);
    }
    CHECK(factsOf("fcntl").id == SpecialCall::Fcntl);
    CHECK(factsOf("dup").id == SpecialCall::Dup);
    CHECK(factsOf("dup2").id == SpecialCall::Dup2);
    CHECK(factsOf("dup3").id == SpecialCall::Dup2);
    CHECK(factsOf("close").id == SpecialCall::Close);
    CHECK(factsOf("close_range").id == SpecialCall::CloseRange);
    CHECK(factsOf("pipe").id == SpecialCall::Pipe);
    CHECK(factsOf("pipe2").id == SpecialCall::Pipe);
    CHECK(factsOf("socketpair").id == SpecialCall::Socketpair);
    CHECK(factsOf("symlink").id == SpecialCall::Symlink);
    CHECK(factsOf("symlinkat").id == SpecialCall::Symlink);
    CHECK(factsOf("mount").id == SpecialCall::Mount);
    CHECK(factsOf("fsopen").id == SpecialCall::Fsopen);
    CHECK(factsOf("fsmount").id == SpecialCall::Fsmount);
    CHECK(factsOf("clone").id == SpecialCall::Clone);
    CHECK(factsOf("clone3").id == SpecialCall::Clone3);
    CHECK(factsOf("execve").id == SpecialCall::Execve);
    CHECK(factsOf("execveat").id == SpecialCall::Execveat);
    for (const auto* name : {"chdir", "fchdir"}) CHECK(factsOf(name).id == SpecialCall::Chdir);
    CHECK(factsOf("chroot").id == SpecialCall::Chroot);
    CHECK(factsOf("pivot_root").id == SpecialCall::PivotRoot);
    CHECK(factsOf("setns").id == SpecialCall::Setns);
    for (const auto* name : {"mknod", "mknodat"}) CHECK(factsOf(name).id == SpecialCall::Mknod);
    CHECK(factsOf("sethostname").id == SpecialCall::Sethostname);
    for (const auto* name : {"open_by_handle_at", "pidfd_getfd", "memfd_create", "memfd_secret"}) {
        CHECK(factsOf(name).id == SpecialCall::FdFromKernel);
    }
    CHECK((factsOf("open_by_handle_at").flags & kFactByHandle) != 0);
    CHECK((factsOf("pidfd_getfd").flags & kFactByHandle) == 0);
    CHECK(factsOf("read").id == SpecialCall::Other);
    CHECK(factsOf("read").flags == 0);
    CHECK(callFacts(*findSyscall("dup3")).id == SpecialCall::Dup2);  // the accessor reads the row
}

TEST_CASE("every id but Other names a row, and the i386 names share the x86_64 ones' facts",
          "[call-facts]") {
    // A row for each id: an id no row carries is a check that can never run.
    std::vector<bool> seen(static_cast<size_t>(SpecialCall::Sethostname) + 1, false);
    for (const SyscallInfo& row : allSyscalls()) seen[static_cast<size_t>(row.facts.id)] = true;
    for (size_t id = 1; id < seen.size(); ++id) {
        INFO("SpecialCall " << id);
        CHECK(seen[id]);
    }
    const std::pair<const char*, const char*> pairs[] = {{"fcntl", "fcntl64"},
                                                         {"sendfile", "sendfile64"},
                                                         {"lstat", "lstat64"},
                                                         {"lchown", "lchown32"},
                                                         {"recvmmsg", "recvmmsg_time64"}};
    for (const auto& [name64, name32] : pairs) {
        INFO(name32);
        CHECK(factsOf(name32).id == factsOf(name64).id);
        CHECK(factsOf(name32).flags == factsOf(name64).flags);
    }
    CHECK((factsOf("umount").flags & kFactChangesMounts) != 0);
}

TEST_CASE("flags: final symlink, names, roots and mounts", "[call-facts]") {
    for (const auto* name :
         {"lstat",     "readlink",   "readlinkat",  "unlink",  "unlinkat",  "rmdir",
          "rename",    "renameat",   "renameat2",   "symlink", "symlinkat", "mkdir",
          "mkdirat",   "mknod",      "mknodat",     "link",    "lchown",    "lgetxattr",
          "lsetxattr", "llistxattr", "lremovexattr"}) {
        INFO(name);
        CHECK((factsOf(name).flags & kFactNoFollowFinal) != 0);
    }
    for (const auto* name : {"stat", "newfstatat", "openat", "linkat", "execve", "chdir"}) {
        INFO(name);
        CHECK((factsOf(name).flags & kFactNoFollowFinal) == 0);
    }
    for (const auto* name :
         {"rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "symlink", "symlinkat",
          "link", "linkat", "mkdir", "mkdirat", "mknod", "mknodat", "creat", "openat2"}) {
        INFO(name);
        CHECK((factsOf(name).flags & kFactChangesNames) != 0);
    }
    // open/openat change names only with O_CREAT: decided from the flags, not the row.
    CHECK((factsOf("openat").flags & kFactChangesNames) == 0);
    for (const auto* name : {"chdir", "fchdir", "chroot", "pivot_root", "setns", "unshare"}) {
        INFO(name);
        CHECK((factsOf(name).flags & kFactMovesRoots) != 0);
    }
    for (const auto* name : {"mount", "umount2", "move_mount", "fsmount", "mount_setattr"}) {
        INFO(name);
        CHECK((factsOf(name).flags & kFactChangesMounts) != 0);
    }
}

TEST_CASE("a number the table does not know is Other", "[call-facts]") {
    const SyscallInfo& row = lookupSyscall(Arch::X86_64, 4000);
    CHECK(row.facts.id == SpecialCall::Other);
    CHECK(row.facts.flags == 0);
}

TEST_CASE("a filtered session still stops at every call that keeps its state right",
          "[call-facts]") {
    // The seccomp stop filter (-e) is built from the rows' kFactAlwaysStops bit: a call that
    // follows tasks, moves a root, cwd or mount, or whose result a check attributes must have it.
    for (const SyscallInfo& row : allSyscalls()) {
        if (row.i386Only) continue;  // the filter resolves names on the tracer's own arch
        const CallFacts facts = row.facts;
        const bool followsTasks =
            facts.id == SpecialCall::Clone || facts.id == SpecialCall::Clone3 ||
            facts.id == SpecialCall::Fork || facts.id == SpecialCall::Vfork ||
            facts.id == SpecialCall::Execve || facts.id == SpecialCall::Execveat;
        const bool checked =
            facts.id == SpecialCall::Connect || facts.id == SpecialCall::Accept ||
            facts.id == SpecialCall::IoUringSetup || facts.id == SpecialCall::IoUringEnter ||
            facts.id == SpecialCall::IoUringRegister || (facts.flags & kFactByHandle) != 0;
        const bool moves = (facts.flags & (kFactMovesRoots | kFactChangesMounts)) != 0;
        INFO(row.name);
        if (followsTasks || checked || moves) CHECK((facts.flags & kFactAlwaysStops) != 0);
    }
}
