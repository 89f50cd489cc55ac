// The special-call facts written on the table rows (SyscallInfo::kind, tracer/CallFacts.h):
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
CallFacts kindOf(std::string_view name) {
    const SyscallInfo* row = findSyscall(name);
    INFO(name);
    REQUIRE(row != nullptr);
    return row->kind;
}
}  // namespace

TEST_CASE("the rows of the calls the session tracks carry their id", "[syscallkind]") {
    CHECK(kindOf("open").id == SpecialCall::Open);
    CHECK(kindOf("openat").id == SpecialCall::Openat);
    CHECK(kindOf("openat2").id == SpecialCall::Openat2);
    CHECK(kindOf("creat").id == SpecialCall::Creat);
    CHECK(kindOf("linkat").id == SpecialCall::Linkat);
    CHECK(kindOf("name_to_handle_at").id == SpecialCall::NameToHandleAt);
    CHECK(kindOf("umount2").id == SpecialCall::Umount2);
    CHECK(kindOf("sendfile").id == SpecialCall::Sendfile);
    for (const auto* name : {"splice", "copy_file_range", "tee"}) {
        CHECK(kindOf(name).id == SpecialCall::SpliceLike);
    }
    CHECK(kindOf("fcntl").id == SpecialCall::Fcntl);
    CHECK(kindOf("dup").id == SpecialCall::Dup);
    CHECK(kindOf("dup2").id == SpecialCall::Dup2);
    CHECK(kindOf("dup3").id == SpecialCall::Dup2);
    CHECK(kindOf("close").id == SpecialCall::Close);
    CHECK(kindOf("close_range").id == SpecialCall::CloseRange);
    CHECK(kindOf("pipe").id == SpecialCall::Pipe);
    CHECK(kindOf("pipe2").id == SpecialCall::Pipe);
    CHECK(kindOf("socketpair").id == SpecialCall::Socketpair);
    CHECK(kindOf("symlink").id == SpecialCall::Symlink);
    CHECK(kindOf("symlinkat").id == SpecialCall::Symlink);
    CHECK(kindOf("mount").id == SpecialCall::Mount);
    CHECK(kindOf("fsopen").id == SpecialCall::Fsopen);
    CHECK(kindOf("fsmount").id == SpecialCall::Fsmount);
    CHECK(kindOf("clone").id == SpecialCall::Clone);
    CHECK(kindOf("clone3").id == SpecialCall::Clone3);
    CHECK(kindOf("execve").id == SpecialCall::Execve);
    CHECK(kindOf("execveat").id == SpecialCall::Execveat);
    for (const auto* name : {"chdir", "fchdir"}) CHECK(kindOf(name).id == SpecialCall::Chdir);
    CHECK(kindOf("chroot").id == SpecialCall::Chroot);
    CHECK(kindOf("pivot_root").id == SpecialCall::PivotRoot);
    CHECK(kindOf("setns").id == SpecialCall::Setns);
    for (const auto* name : {"mknod", "mknodat"}) CHECK(kindOf(name).id == SpecialCall::Mknod);
    CHECK(kindOf("sethostname").id == SpecialCall::Sethostname);
    for (const auto* name : {"open_by_handle_at", "pidfd_getfd", "memfd_create", "memfd_secret"}) {
        CHECK(kindOf(name).id == SpecialCall::FdFromKernel);
    }
    CHECK((kindOf("open_by_handle_at").flags & kFactByHandle) != 0);
    CHECK((kindOf("pidfd_getfd").flags & kFactByHandle) == 0);
    CHECK(kindOf("read").id == SpecialCall::Other);
    CHECK(kindOf("read").flags == 0);
    CHECK(callFacts(*findSyscall("dup3")).id == SpecialCall::Dup2);  // the accessor reads the row
}

TEST_CASE("every id but Other names a row, and the i386 names share the x86_64 ones' facts",
          "[syscallkind]") {
    // A row for each id: an id no row carries is a check that can never run.
    std::vector<bool> seen(static_cast<size_t>(SpecialCall::Sethostname) + 1, false);
    for (const SyscallInfo& row : allSyscalls()) seen[static_cast<size_t>(row.kind.id)] = true;
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
        CHECK(kindOf(name32).id == kindOf(name64).id);
        CHECK(kindOf(name32).flags == kindOf(name64).flags);
    }
    CHECK((kindOf("umount").flags & kFactChangesMounts) != 0);
}

TEST_CASE("flags: final symlink, names, roots and mounts", "[syscallkind]") {
    for (const auto* name :
         {"lstat",     "readlink",   "readlinkat",  "unlink",  "unlinkat",  "rmdir",
          "rename",    "renameat",   "renameat2",   "symlink", "symlinkat", "mkdir",
          "mkdirat",   "mknod",      "mknodat",     "link",    "lchown",    "lgetxattr",
          "lsetxattr", "llistxattr", "lremovexattr"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kFactNoFollowFinal) != 0);
    }
    for (const auto* name : {"stat", "newfstatat", "openat", "linkat", "execve", "chdir"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kFactNoFollowFinal) == 0);
    }
    for (const auto* name :
         {"rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "symlink", "symlinkat",
          "link", "linkat", "mkdir", "mkdirat", "mknod", "mknodat", "creat", "openat2"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kFactChangesNames) != 0);
    }
    // open/openat change names only with O_CREAT: decided from the flags, not the row.
    CHECK((kindOf("openat").flags & kFactChangesNames) == 0);
    for (const auto* name : {"chdir", "fchdir", "chroot", "pivot_root", "setns", "unshare"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kFactMovesRoots) != 0);
    }
    for (const auto* name : {"mount", "umount2", "move_mount", "fsmount", "mount_setattr"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kFactChangesMounts) != 0);
    }
}

TEST_CASE("a number the table does not know is Other", "[syscallkind]") {
    const SyscallInfo& row = lookupSyscall(Arch::X86_64, 4000);
    CHECK(row.kind.id == SpecialCall::Other);
    CHECK(row.kind.flags == 0);
}

TEST_CASE("a filtered session still stops at every call that keeps its state right",
          "[syscallkind]") {
    // The seccomp stop filter (-e) is built from the rows' kFactAlwaysStops bit: a call that
    // follows tasks, moves a root, cwd or mount, or whose result a check attributes must have it.
    for (const SyscallInfo& row : allSyscalls()) {
        if (row.i386Only) continue;  // the filter resolves names on the tracer's own arch
        const CallFacts kind = row.kind;
        const bool followsTasks = kind.id == SpecialCall::Clone || kind.id == SpecialCall::Clone3 ||
                                  kind.id == SpecialCall::Fork || kind.id == SpecialCall::Vfork ||
                                  kind.id == SpecialCall::Execve ||
                                  kind.id == SpecialCall::Execveat;
        const bool checked =
            kind.id == SpecialCall::Connect || kind.id == SpecialCall::Accept ||
            kind.id == SpecialCall::IoUringSetup || kind.id == SpecialCall::IoUringEnter ||
            kind.id == SpecialCall::IoUringRegister || (kind.flags & kFactByHandle) != 0;
        const bool moves = (kind.flags & (kFactMovesRoots | kFactChangesMounts)) != 0;
        INFO(row.name);
        if (followsTasks || checked || moves) CHECK((kind.flags & kFactAlwaysStops) != 0);
    }
}
