#include "tracer/SyscallKind.h"

#include <string_view>
#include <vector>

namespace scratch::tracer {

namespace {

struct NamedKind {
    std::string_view name;
    SyscallKind kind;
};

constexpr uint8_t kNoFollow = kKindNoFollowFinal;
constexpr uint8_t kRenames = kKindChangesNames;

// The single list of names the session treats specially.
constexpr NamedKind kKinds[] = {
    {"open", {SyscallId::Open, 0}},
    {"openat", {SyscallId::Openat, 0}},
    {"openat2", {SyscallId::Openat2, kRenames}},
    {"creat", {SyscallId::Creat, kRenames}},
    {"linkat", {SyscallId::Linkat, kRenames}},
    {"name_to_handle_at", {SyscallId::NameToHandleAt, 0}},
    {"umount2", {SyscallId::Umount2, kKindChangesMounts}},
    {"umount", {SyscallId::Other, kKindChangesMounts}},
    {"mount", {SyscallId::Mount, kKindChangesMounts}},
    {"move_mount", {SyscallId::Other, kKindChangesMounts}},
    {"fsmount", {SyscallId::Fsmount, kKindChangesMounts}},
    {"mount_setattr", {SyscallId::Other, kKindChangesMounts}},
    {"fsopen", {SyscallId::Fsopen, 0}},
    {"sendfile", {SyscallId::Sendfile, 0}},
    {"sendfile64", {SyscallId::Sendfile, 0}},
    {"splice", {SyscallId::SpliceLike, 0}},
    {"copy_file_range", {SyscallId::SpliceLike, 0}},
    {"tee", {SyscallId::SpliceLike, 0}},
    {"fcntl", {SyscallId::Fcntl, 0}},
    {"fcntl64", {SyscallId::Fcntl, 0}},
    {"dup", {SyscallId::Dup, 0}},
    {"dup2", {SyscallId::Dup2, 0}},
    {"dup3", {SyscallId::Dup2, 0}},
    {"ioctl", {SyscallId::Ioctl, 0}},
    {"close", {SyscallId::Close, 0}},
    {"close_range", {SyscallId::CloseRange, 0}},
    {"pipe", {SyscallId::Pipe, 0}},
    {"pipe2", {SyscallId::Pipe, 0}},
    {"socketpair", {SyscallId::Socketpair, 0}},
    {"symlink", {SyscallId::Symlink, kNoFollow | kRenames}},
    {"symlinkat", {SyscallId::Symlink, kNoFollow | kRenames}},
    {"clone", {SyscallId::Clone, 0}},
    {"clone3", {SyscallId::Clone3, 0}},
    {"execve", {SyscallId::Execve, 0}},
    {"execveat", {SyscallId::Execveat, 0}},
    {"io_uring_setup", {SyscallId::IoUringSetup, 0}},
    {"io_uring_enter", {SyscallId::IoUringEnter, 0}},
    {"io_uring_register", {SyscallId::IoUringRegister, 0}},
    {"mmap", {SyscallId::Mmap, 0}},
    {"connect", {SyscallId::Connect, 0}},
    {"accept", {SyscallId::Accept, 0}},
    {"accept4", {SyscallId::Accept, 0}},
    {"bind", {SyscallId::Bind, kRenames}},
    {"chdir", {SyscallId::Other, kKindMovesRoots}},
    {"fchdir", {SyscallId::Other, kKindMovesRoots}},
    {"chroot", {SyscallId::Other, kKindMovesRoots}},
    {"pivot_root", {SyscallId::Other, kKindMovesRoots}},
    {"setns", {SyscallId::Other, kKindMovesRoots}},
    {"unshare", {SyscallId::Unshare, kKindMovesRoots}},
    {"lstat", {SyscallId::Other, kNoFollow}},
    {"lstat64", {SyscallId::Other, kNoFollow}},
    {"lchown", {SyscallId::Other, kNoFollow}},
    {"lchown32", {SyscallId::Other, kNoFollow}},
    {"lgetxattr", {SyscallId::Other, kNoFollow}},
    {"lsetxattr", {SyscallId::Other, kNoFollow}},
    {"llistxattr", {SyscallId::Other, kNoFollow}},
    {"lremovexattr", {SyscallId::Other, kNoFollow}},
    {"readlink", {SyscallId::Other, kNoFollow}},
    {"readlinkat", {SyscallId::Other, kNoFollow}},
    {"unlink", {SyscallId::Other, kNoFollow | kRenames}},
    {"unlinkat", {SyscallId::Other, kNoFollow | kRenames}},
    {"rmdir", {SyscallId::Other, kNoFollow | kRenames}},
    {"rename", {SyscallId::Other, kNoFollow | kRenames}},
    {"renameat", {SyscallId::Other, kNoFollow | kRenames}},
    {"renameat2", {SyscallId::Other, kNoFollow | kRenames}},
    {"mkdir", {SyscallId::Other, kNoFollow | kRenames}},
    {"mkdirat", {SyscallId::Other, kNoFollow | kRenames}},
    {"mknod", {SyscallId::Other, kNoFollow | kRenames}},
    {"mknodat", {SyscallId::Other, kNoFollow | kRenames}},
    {"link", {SyscallId::Other, kNoFollow | kRenames}},
    {"fork", {SyscallId::Fork, 0}},
    {"vfork", {SyscallId::Vfork, 0}},
    {"open_by_handle_at", {SyscallId::FdFromKernel, 0}},
    {"pidfd_getfd", {SyscallId::FdFromKernel, 0}},
    {"memfd_create", {SyscallId::FdFromKernel, 0}},
    {"memfd_secret", {SyscallId::FdFromKernel, 0}},
    {"recvmsg", {SyscallId::Recvmsg, 0}},
    {"recvmmsg", {SyscallId::Recvmmsg, 0}},
    {"recvmmsg_time64", {SyscallId::Recvmmsg, 0}},
    {"bpf", {SyscallId::Bpf, 0}},
};

SyscallKind kindOfName(std::string_view name) {
    for (const NamedKind& entry : kKinds) {
        if (entry.name == name) return entry.kind;
    }
    return {};
}

std::vector<SyscallKind> buildTableKinds() {
    const auto table = allSyscalls();
    std::vector<SyscallKind> kinds;
    kinds.reserve(table.size());
    for (const SyscallInfo& row : table) kinds.push_back(kindOfName(row.name));
    return kinds;
}

}  // namespace

SyscallKind syscallKind(const SyscallInfo& info) {
    static const std::vector<SyscallKind> tableKinds = buildTableKinds();
    if (const auto row = tableRowIndex(info)) return tableKinds[*row];
    return kindOfName(info.name);  // a generic row (a number the table does not name)
}

}  // namespace scratch::tracer
