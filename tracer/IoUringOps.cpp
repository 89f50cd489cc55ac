// The opcode numbers are the kernel's ABI (include/uapi/linux/io_uring.h, enum io_uring_op);
// they are listed here so that a newer kernel's opcodes are named even with older headers.
#include "tracer/IoUringOps.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <array>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"

namespace scratch::tracer {

namespace {

constexpr uint8_t kR = kAccessRead;
constexpr uint8_t kW = kAccessWrite;
constexpr uint8_t kS = kAccessStat;
constexpr uint8_t kC = kAccessCreate;
constexpr uint8_t kD = kAccessDelete;

using S = UringShape;

/// Every opcode up to IORING_OP_WRITEV_FIXED (61): its enum name, and the row when decoded.
/// An empty row name means: seen, named in the note, not decoded (the verdict is then blind).
struct Row {
    std::string_view enumName;
    UringOpInfo info;
};

// clang-format off
constexpr std::array<Row, 62> kRows{{
    {"NOP",              {"nop", S::None, 0}},
    {"READV",            {"readv", S::Fd, kR}},
    {"WRITEV",           {"writev", S::Fd, kW}},
    {"FSYNC",            {"fsync", S::Fd, kW}},
    {"READ_FIXED",       {"read_fixed", S::Fd, kR}},
    {"WRITE_FIXED",      {"write_fixed", S::Fd, kW}},
    {"POLL_ADD",         {"poll_add", S::Fd, 0}},
    {"POLL_REMOVE",      {"poll_remove", S::None, 0}},
    {"SYNC_FILE_RANGE",  {"sync_file_range", S::Fd, kW}},
    {"SENDMSG",          {"sendmsg", S::Fd, kW}},
    // A received message may carry fds (SCM_RIGHTS) that land in the table unseen.
    {"RECVMSG",          {}},
    {"TIMEOUT",          {"timeout", S::None, 0}},
    {"TIMEOUT_REMOVE",   {"timeout_remove", S::None, 0}},
    {"ACCEPT",           {"accept", S::NewFd, kR}},
    {"ASYNC_CANCEL",     {"async_cancel", S::None, 0}},
    {"LINK_TIMEOUT",     {"link_timeout", S::None, 0}},
    // The socket address (a unix socket's path) is not read.
    {"CONNECT",          {}},
    {"FALLOCATE",        {"fallocate", S::Fd, kW}},
    {"OPENAT",           {"openat", S::OpenAt, 0}},
    {"CLOSE",            {"close", S::Close, 0}},
    // Changes the registered files: later fixed-file uses could not be attributed.
    {"FILES_UPDATE",     {}},
    {"STATX",            {"statx", S::Statx, kS}},
    {"READ",             {"read", S::Fd, kR}},
    {"WRITE",            {"write", S::Fd, kW}},
    {"FADVISE",          {"fadvise", S::Fd, 0}},
    {"MADVISE",          {"madvise", S::None, 0}},
    {"SEND",             {"send", S::Fd, kW}},
    {"RECV",             {"recv", S::Fd, kR}},
    {"OPENAT2",          {"openat2", S::OpenAt2, 0}},
    {"EPOLL_CTL",        {"epoll_ctl", S::Fd, 0}},
    {"SPLICE",           {"splice", S::Splice, 0}},
    {"PROVIDE_BUFFERS",  {"provide_buffers", S::None, 0}},
    {"REMOVE_BUFFERS",   {"remove_buffers", S::None, 0}},
    {"TEE",              {"tee", S::Splice, 0}},
    {"SHUTDOWN",         {"shutdown", S::Fd, 0}},
    {"RENAMEAT",         {"renameat", S::Renameat, kC | kD}},
    {"UNLINKAT",         {"unlinkat", S::Unlinkat, kD}},
    {"MKDIRAT",          {"mkdirat", S::Mkdirat, kC}},
    {"SYMLINKAT",        {"symlinkat", S::Symlinkat, kC}},
    {"LINKAT",           {"linkat", S::Linkat, kC}},
    // Sends data or an fd to another ring, possibly another process's.
    {"MSG_RING",         {}},
    {"FSETXATTR",        {"fsetxattr", S::Fd, kW}},
    {"SETXATTR",         {"setxattr", S::XattrPath, kW}},
    {"FGETXATTR",        {"fgetxattr", S::Fd, kS}},
    {"GETXATTR",         {"getxattr", S::XattrPath, kS}},
    {"SOCKET",           {"socket", S::NewFd, 0}},
    // A driver's command: what it does is the driver's business.
    {"URING_CMD",        {}},
    {"SEND_ZC",          {"send_zc", S::Fd, kW}},
    {"SENDMSG_ZC",       {"sendmsg_zc", S::Fd, kW}},
    {"READ_MULTISHOT",   {"read_multishot", S::Fd, kR}},
    {"WAITID",           {"waitid", S::None, 0}},
    {"FUTEX_WAIT",       {"futex_wait", S::None, 0}},
    {"FUTEX_WAKE",       {"futex_wake", S::None, 0}},
    {"FUTEX_WAITV",      {"futex_waitv", S::None, 0}},
    // Installs a registered file into the fd table: the result is resolved from /proc.
    {"FIXED_FD_INSTALL", {"fixed_fd_install", S::NewFd, 0}},
    {"FTRUNCATE",        {"ftruncate", S::Fd, kW}},
    {"BIND",             {}},
    {"LISTEN",           {"listen", S::Fd, 0}},
    {"RECV_ZC",          {"recv_zc", S::Fd, kR}},
    {"EPOLL_WAIT",       {"epoll_wait", S::Fd, 0}},
    {"READV_FIXED",      {"readv_fixed", S::Fd, kR}},
    {"WRITEV_FIXED",     {"writev_fixed", S::Fd, kW}},
}};
// clang-format on

const UringOpInfo kUndecoded{};

/// Whether the op's fd row shows buffer, length and offset (the read/write family).
bool showsBuffer(uint8_t opcode) {
    switch (opcode) {
        case 1:   // readv
        case 2:   // writev
        case 4:   // read_fixed
        case 5:   // write_fixed
        case 22:  // read
        case 23:  // write
        case 60:  // readv_fixed
        case 61:  // writev_fixed
            return true;
        default:
            return false;
    }
}

std::string dirfdText(int32_t fd) { return fd == AT_FDCWD ? "AT_FDCWD" : std::to_string(fd); }

std::string fdText(const UringSqe& sqe) {
    if (sqe.flags & kSqeFixedFile) return fmt::format("fixed {}", sqe.fd);
    return std::to_string(sqe.fd);
}

std::string pathText(uint64_t addr, const std::string& path, bool read) {
    if (!read) return addr == 0 ? "NULL" : fmt::format("{:#x}", addr);
    return "\"" + escapeString(path) + "\"";
}

}  // namespace

const UringOpInfo& uringOp(uint8_t opcode) {
    return opcode < kRows.size() ? kRows[opcode].info : kUndecoded;
}

std::string uringOpcodeName(uint8_t opcode) {
    if (opcode < kRows.size()) return "IORING_OP_" + std::string(kRows[opcode].enumName);
    return fmt::format("IORING_OP_{}", opcode);
}

std::string renderUringOp(const UringSqe& sqe, const std::string& path, bool pathRead,
                          const std::string& path2, bool path2Read, const UringOpenHow& how) {
    const UringOpInfo& op = uringOp(sqe.opcode);
    if (op.name.empty()) return uringOpcodeName(sqe.opcode) + "(...)";
    const std::string name(op.name);
    const std::string p1 = pathText(sqe.addr, path, pathRead);
    switch (op.shape) {
        case S::None:
            return name + "()";
        case S::Fd:
        case S::Close:
        case S::NewFd:
            if (showsBuffer(sqe.opcode)) {
                return fmt::format("{}({}, {:#x}, {}, {})", name, fdText(sqe), sqe.addr, sqe.len,
                                   static_cast<int64_t>(sqe.off));
            }
            return fmt::format("{}({})", name, fdText(sqe));
        case S::OpenAt: {
            std::string text = fmt::format("openat({}, {}, {}", dirfdText(sqe.fd), p1,
                                           formatOpenFlags(sqe.opFlags));
            if (sqe.opFlags & (O_CREAT | __O_TMPFILE)) text += fmt::format(", {:#o}", sqe.len);
            return text + ")";
        }
        case S::OpenAt2:
            return fmt::format("openat2({}, {}, {{flags={}, mode={:#o}, resolve={:#x}}}, {})",
                               dirfdText(sqe.fd), p1, formatOpenFlags(how.flags), how.mode,
                               how.resolve, sqe.len);
        case S::Statx:
            return fmt::format("statx({}, {}, {:#x}, {:#x})", dirfdText(sqe.fd), p1, sqe.opFlags,
                               sqe.len);
        case S::Unlinkat:
            return fmt::format("unlinkat({}, {}, {})", dirfdText(sqe.fd), p1,
                               (sqe.opFlags & AT_REMOVEDIR) ? "AT_REMOVEDIR" : "0");
        case S::Mkdirat:
            return fmt::format("mkdirat({}, {}, {:#o})", dirfdText(sqe.fd), p1, sqe.len);
        case S::Renameat:
        case S::Linkat:
            return fmt::format("{}({}, {}, {}, {}, {:#x})", name, dirfdText(sqe.fd), p1,
                               dirfdText(static_cast<int32_t>(sqe.len)),
                               pathText(sqe.off, path2, path2Read), sqe.opFlags);
        case S::Splice:
            return fmt::format("{}({}{}, {}, {:#x})", name,
                               (sqe.opFlags & kSpliceFdInFixed) ? "fixed " : "",
                               static_cast<int32_t>(sqe.fileIndex), fdText(sqe), sqe.len);
        case S::Symlinkat:
            return fmt::format("symlinkat({}, {}, {})", p1, dirfdText(sqe.fd),
                               pathText(sqe.off, path2, path2Read));
        case S::XattrPath:
            return fmt::format("{}({}, {:#x})", name, pathText(sqe.addr3, path2, path2Read),
                               sqe.addr);
    }
    return name + "(...)";
}

std::string renderUringResult(bool completed, int32_t res) {
    if (!completed) return " = ?";
    if (res < 0) return " = -1 " + errnoName(-res);
    return fmt::format(" = {}", res);
}

}  // namespace scratch::tracer
