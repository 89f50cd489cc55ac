// The special-call facts written on the table rows (SyscallInfo::kind, tracer/SyscallKind.h):
// each special call is recognised from its real table row, so a row that lost its fact cannot
// silently disable fd tracking, cache invalidation, symlink handling or a check.
#include <catch2/catch.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "tracer/SyscallKind.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {
SyscallKind kindOf(std::string_view name) {
    const SyscallInfo* row = findSyscall(name);
    INFO(name);
    REQUIRE(row != nullptr);
    return row->kind;
}
}  // namespace

TEST_CASE("the rows of the calls the session tracks carry their id", "[syscallkind]") {
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
    for (const auto* name : {"chdir", "fchdir"}) CHECK(kindOf(name).id == SyscallId::Chdir);
    CHECK(kindOf("chroot").id == SyscallId::Chroot);
    CHECK(kindOf("pivot_root").id == SyscallId::PivotRoot);
    CHECK(kindOf("setns").id == SyscallId::Setns);
    for (const auto* name : {"mknod", "mknodat"}) CHECK(kindOf(name).id == SyscallId::Mknod);
    CHECK(kindOf("sethostname").id == SyscallId::Sethostname);
    for (const auto* name : {"open_by_handle_at", "pidfd_getfd", "memfd_create", "memfd_secret"}) {
        CHECK(kindOf(name).id == SyscallId::FdFromKernel);
    }
    CHECK((kindOf("open_by_handle_at").flags & kKindByHandle) != 0);
    CHECK((kindOf("pidfd_getfd").flags & kKindByHandle) == 0);
    CHECK(kindOf("read").id == SyscallId::Other);
    CHECK(kindOf("read").flags == 0);
    CHECK(syscallKind(*findSyscall("dup3")).id == SyscallId::Dup2);  // the accessor reads the row
}

TEST_CASE("every id but Other names a row, and the i386 names share the x86_64 ones' facts",
          "[syscallkind]") {
    // A row for each id: an id no row carries is a check that can never run.
    std::vector<bool> seen(static_cast<size_t>(SyscallId::Sethostname) + 1, false);
    for (const SyscallInfo& row : allSyscalls()) seen[static_cast<size_t>(row.kind.id)] = true;
    for (size_t id = 1; id < seen.size(); ++id) {
        INFO("SyscallId " << id);
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
    CHECK((kindOf("umount").flags & kKindChangesMounts) != 0);
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
    CHECK(row.kind.id == SyscallId::Other);
    CHECK(row.kind.flags == 0);
}

TEST_CASE("a filtered session still stops at every call that keeps its state right",
          "[syscallkind]") {
    // The seccomp stop filter (-e) is built from the rows' kKindAlwaysStops bit: a call that
    // follows tasks, moves a root, cwd or mount, or whose result a check attributes must have it.
    for (const SyscallInfo& row : allSyscalls()) {
        if (row.i386Only) continue;  // the filter resolves names on the tracer's own arch
        const SyscallKind kind = row.kind;
        const bool followsTasks = kind.id == SyscallId::Clone || kind.id == SyscallId::Clone3 ||
                                  kind.id == SyscallId::Fork || kind.id == SyscallId::Vfork ||
                                  kind.id == SyscallId::Execve || kind.id == SyscallId::Execveat;
        const bool checked =
            kind.id == SyscallId::Connect || kind.id == SyscallId::Accept ||
            kind.id == SyscallId::IoUringSetup || kind.id == SyscallId::IoUringEnter ||
            kind.id == SyscallId::IoUringRegister || (kind.flags & kKindByHandle) != 0;
        const bool moves = (kind.flags & (kKindMovesRoots | kKindChangesMounts)) != 0;
        INFO(row.name);
        if (followsTasks || checked || moves) CHECK((kind.flags & kKindAlwaysStops) != 0);
    }
}
