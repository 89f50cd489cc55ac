// The session's per-row syscall kinds (tracer/SyscallKind): each special call is recognised from
// its real table row, so a misspelt name in the kinds list cannot silently disable fd tracking,
// cache invalidation or symlink handling.
#include <catch2/catch.hpp>
#include <string_view>

#include "tracer/SyscallKind.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {
SyscallKind kindOf(std::string_view name) {
    const SyscallInfo* row = findSyscall(name);
    INFO(name);
    REQUIRE(row != nullptr);
    return syscallKind(*row);
}
}  // namespace

TEST_CASE("calls the session tracks by name get their id", "[syscallkind]") {
    CHECK(kindOf("open").id == SyscallId::Open);
    CHECK(kindOf("openat").id == SyscallId::Openat);
    CHECK(kindOf("openat2").id == SyscallId::Openat2);
    CHECK(kindOf("creat").id == SyscallId::Creat);
    CHECK(kindOf("linkat").id == SyscallId::Linkat);
    CHECK(kindOf("name_to_handle_at").id == SyscallId::NameToHandleAt);
    CHECK(kindOf("umount2").id == SyscallId::Umount2);
    CHECK(kindOf("sendfile").id == SyscallId::Sendfile);
    for (const auto* name : {"splice", "copy_file_range", "tee"}) {
        CHECK(kindOf(name).id == SyscallId::SpliceLike);
    }
    CHECK(kindOf("fcntl").id == SyscallId::Fcntl);
    CHECK(kindOf("dup").id == SyscallId::Dup);
    CHECK(kindOf("dup2").id == SyscallId::Dup2);
    CHECK(kindOf("dup3").id == SyscallId::Dup2);
    CHECK(kindOf("close").id == SyscallId::Close);
    CHECK(kindOf("close_range").id == SyscallId::CloseRange);
    CHECK(kindOf("pipe").id == SyscallId::Pipe);
    CHECK(kindOf("pipe2").id == SyscallId::Pipe);
    CHECK(kindOf("socketpair").id == SyscallId::Socketpair);
    CHECK(kindOf("symlink").id == SyscallId::Symlink);
    CHECK(kindOf("symlinkat").id == SyscallId::Symlink);
    CHECK(kindOf("mount").id == SyscallId::Mount);
    CHECK(kindOf("fsopen").id == SyscallId::Fsopen);
    CHECK(kindOf("fsmount").id == SyscallId::Fsmount);
    CHECK(kindOf("clone").id == SyscallId::Clone);
    CHECK(kindOf("clone3").id == SyscallId::Clone3);
    CHECK(kindOf("execve").id == SyscallId::Execve);
    CHECK(kindOf("execveat").id == SyscallId::Execveat);
    CHECK(kindOf("read").id == SyscallId::Other);
    CHECK(kindOf("read").flags == 0);
}

TEST_CASE("flags: final symlink, names, roots and mounts", "[syscallkind]") {
    for (const auto* name :
         {"lstat",     "readlink",   "readlinkat",  "unlink",  "unlinkat",  "rmdir",
          "rename",    "renameat",   "renameat2",   "symlink", "symlinkat", "mkdir",
          "mkdirat",   "mknod",      "mknodat",     "link",    "lchown",    "lgetxattr",
          "lsetxattr", "llistxattr", "lremovexattr"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kKindNoFollowFinal) != 0);
    }
    for (const auto* name : {"stat", "newfstatat", "openat", "linkat", "execve", "chdir"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kKindNoFollowFinal) == 0);
    }
    for (const auto* name :
         {"rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "symlink", "symlinkat",
          "link", "linkat", "mkdir", "mkdirat", "mknod", "mknodat", "creat", "openat2"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kKindChangesNames) != 0);
    }
    // open/openat change names only with O_CREAT: decided from the flags, not the row.
    CHECK((kindOf("openat").flags & kKindChangesNames) == 0);
    for (const auto* name : {"chdir", "fchdir", "chroot", "pivot_root", "setns", "unshare"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kKindMovesRoots) != 0);
    }
    for (const auto* name : {"mount", "umount2", "move_mount", "fsmount", "mount_setattr"}) {
        INFO(name);
        CHECK((kindOf(name).flags & kKindChangesMounts) != 0);
    }
}

TEST_CASE("a number the table does not know is Other", "[syscallkind]") {
    const SyscallInfo& row = lookupSyscall(Arch::X86_64, 4000);
    CHECK(syscallKind(row).id == SyscallId::Other);
    CHECK(syscallKind(row).flags == 0);
}
