// What the tracer knows of io_uring's operations: the layout of a submission and a completion
// entry as the kernel reads and writes them, and for each opcode it decodes which fields are
// a directory fd, a path, an fd and what access the operation makes. The kernel runs these
// operations without a syscall of their own, so this table is the only description of them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// A submission queue entry (struct io_uring_sqe, the 64-byte form), declared here rather than
/// taken from <linux/io_uring.h> so that the fields of newer kernels are there whatever the
/// installed headers.
struct UringSqe {
    uint8_t opcode;
    uint8_t flags;  ///< IOSQE_*
    uint16_t ioprio;
    int32_t fd;
    uint64_t off;  ///< also addr2
    uint64_t addr;
    uint32_t len;
    uint32_t opFlags;  ///< open_flags, statx_flags, rename_flags, unlink_flags, ...
    uint64_t userData;
    uint16_t bufIndex;
    uint16_t personality;
    uint32_t fileIndex;  ///< also splice_fd_in
    uint64_t addr3;
    uint64_t pad2;
};
static_assert(sizeof(UringSqe) == 64);

/// A completion queue entry (struct io_uring_cqe without the CQE32 extension).
struct UringCqe {
    uint64_t userData;
    int32_t res;
    uint32_t flags;
};
static_assert(sizeof(UringCqe) == 16);

// The kernel's ABI numbers the tracker reads (include/uapi/linux/io_uring.h), spelled out so
// that newer kernels' are there whatever the installed headers.
// io_uring_setup flags.
inline constexpr uint32_t kUringSetupSqpoll = 1U << 1;
inline constexpr uint32_t kUringSetupSqe128 = 1U << 10;
inline constexpr uint32_t kUringSetupCqe32 = 1U << 11;
inline constexpr uint32_t kUringSetupNoMmap = 1U << 14;
inline constexpr uint32_t kUringSetupRegisteredFdOnly = 1U << 15;
inline constexpr uint32_t kUringSetupNoSqArray = 1U << 16;
// io_uring_enter flags.
inline constexpr uint64_t kUringEnterRegisteredRing = 1U << 4;
// io_uring_register opcodes.
inline constexpr uint64_t kUringRegisterFiles = 2;
inline constexpr uint64_t kUringUnregisterFiles = 3;
inline constexpr uint64_t kUringRegisterFilesUpdate = 6;
inline constexpr uint64_t kUringRegisterFiles2 = 13;
inline constexpr uint64_t kUringRegisterFilesUpdate2 = 14;
inline constexpr uint64_t kUringRegisterRingFds = 20;
inline constexpr uint64_t kUringUnregisterRingFds = 21;
inline constexpr uint64_t kUringRegisterUseRegisteredRing = 1ULL << 31;
/// The key fd of a ring set up with IORING_SETUP_REGISTERED_FD_ONLY (it has no fd): above any
/// real fd number.
inline constexpr int kUringRegisteredOnlyBase = 1 << 30;
/// IORING_FILE_INDEX_ALLOC: a direct open picks the registered slot itself.
inline constexpr uint32_t kUringFileIndexAlloc = ~0U;

/// IOSQE_FIXED_FILE: the fd field is an index into the ring's registered files.
constexpr uint8_t kSqeFixedFile = 1U << 0;
/// IORING_CQE_F_MORE: a multishot operation will post more completions.
constexpr uint32_t kCqeMore = 1U << 1;

/// How the tracer reads an operation's fields.
enum class UringShape : uint8_t {
    None,       ///< nothing to attribute (nop, timeouts, futexes, cancel, ...)
    Fd,         ///< fd is a file the operation uses
    OpenAt,     ///< fd = dirfd, addr = path, opFlags = open flags, len = mode; returns an fd
    OpenAt2,    ///< fd = dirfd, addr = path, off = struct open_how *, len = its size
    Statx,      ///< fd = dirfd, addr = path, opFlags = AT_* flags
    Unlinkat,   ///< fd = dirfd, addr = path, opFlags = AT_REMOVEDIR
    Renameat,   ///< fd = old dirfd, addr = old path, len = new dirfd, off = new path
    Mkdirat,    ///< fd = dirfd, addr = path, len = mode
    Symlinkat,  ///< addr = target (content), fd = dirfd, off = link path
    Linkat,     ///< fd = old dirfd, addr = old path, len = new dirfd, off = new path
    XattrPath,  ///< addr3 = path (follows symlinks), addr = attribute name
    Close,      ///< fd leaves the table
    NewFd,      ///< returns an fd that is no file of a path (socket, accept, fixed-fd install)
    Splice,     ///< fileIndex = the fd read from (splice_fd_in), fd = the fd written to
};

/// SPLICE_F_FD_IN_FIXED (in the op flags of splice and tee): splice_fd_in is a registered file.
constexpr uint32_t kSpliceFdInFixed = 1U << 31;

/// One row of the opcode table.
struct UringOpInfo {
    std::string_view name;  ///< empty: the tracer does not decode this opcode
    UringShape shape = UringShape::None;
    uint8_t access = 0;  ///< Access bits (tracer/SyscallTable.h) of its path or fd use
};

/// The row of an opcode; a row with an empty name for opcodes not decoded.
const UringOpInfo& uringOp(uint8_t opcode);

/// "IORING_OP_SPLICE" for a known opcode number, "IORING_OP_<n>" otherwise: for blind-spot
/// notes, which must name what was not decoded.
std::string uringOpcodeName(uint8_t opcode);

/// The fields of an open_how (openat2's), read from the tracee.
struct UringOpenHow {
    uint64_t flags = 0;
    uint64_t mode = 0;
    uint64_t resolve = 0;
};

/// The operation as the log shows it, strace-style: `openat(AT_FDCWD, "/etc/passwd",
/// O_RDONLY)`. `path` and `path2` are the strings read from the tracee (empty when none or
/// unreadable: shown as the address); `how` is openat2's.
std::string renderUringOp(const UringSqe& sqe, const std::string& path, bool pathRead,
                          const std::string& path2, bool path2Read, const UringOpenHow& how);

/// " = 5", " = -1 ENOENT", " = ?" (not completed while the tracer looked).
std::string renderUringResult(bool completed, int32_t res);

}  // namespace scratch::tracer
