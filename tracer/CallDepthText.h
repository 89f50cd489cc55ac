// strace 6.1's rendering of the arguments of the remaining common calls of issue 21: waitid's id
// type, the utime family's times with their dates, inotify and fanotify masks, xattr values and
// lists, RWF_* and SPLICE_F_* flags, scheduling policies, struct mq_attr and the returns strace
// names (a signal, a policy). Pure functions over values and the bytes the kernel reads or
// fills (x86_64 layouts), so the unit tests feed them bytes; tracer/CallDepthRoles.h reads the
// memory for them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// Bytes of the x86_64 structs these functions read.
constexpr size_t kTimespecPairSize = 32;
constexpr size_t kTimevalPairSize = 32;
constexpr size_t kUtimbufSize = 16;
constexpr size_t kMqAttrSize = 64;  ///< glibc's and the kernel's, with its reserved longs
constexpr size_t kSiginfoSize = 128;
/// strace shows an xattr value or list longer than this (XATTR_SIZE_MAX) as its address.
constexpr uint64_t kXattrSizeMax = 65536;

/// waitid's id type: P_ALL, P_PID, P_PGID, P_PIDFD, "0x7 /* P_??? */".
std::string waitIdTypeText(uint64_t idtype);
/// Whether waitid's id of this type is an fd (P_PIDFD).
bool waitIdIsFd(uint64_t idtype);

/// utimensat's times: "[{tv_sec=1, tv_nsec=0} /* 1970-01-01T00:00:01+0000 */, UTIME_NOW]".
std::string utimensPairText(std::string_view bytes);
/// futimesat/utimes' times: "[{tv_sec=3, tv_usec=0} /* 1970-01-01T00:00:03+0000 */, ...]".
std::string utimesPairText(std::string_view bytes);
/// utime's: "{actime=5 /* 1970-01-01T00:00:05+0000 */, modtime=6 /* ... */}".
std::string utimbufText(std::string_view bytes);
/// strace's date comment for a time stamp: " /* 1970-01-01T00:00:02.000000500+0000 */" in local
/// time, `part` in units of 1/(maxPart+1) s shown with `width` digits; "" for the epoch itself
/// or a part out of range, as strace leaves the comment out there.
std::string dateComment(int64_t sec, uint64_t part, uint64_t maxPart, int width);

/// IN_MODIFY|IN_CREATE ...
std::string inotifyMaskText(uint64_t mask);
/// FAN_MARK_ADD|FAN_MARK_ONLYDIR ...
std::string fanMarkFlagsText(uint64_t flags);
/// fanotify_init's: the class, then the flags: FAN_CLASS_NOTIF|FAN_CLOEXEC.
std::string fanInitFlagsText(uint64_t flags);
/// FAN_MODIFY|FAN_CLOSE_WRITE ...
std::string fanEventMaskText(uint64_t mask);
/// XATTR_CREATE, XATTR_REPLACE, "0".
std::string xattrFlagsText(uint64_t flags);
/// RWF_HIPRI|RWF_DSYNC ..., "0".
std::string rwfFlagsText(uint64_t flags);
/// SPLICE_F_MOVE|SPLICE_F_MORE ..., "0".
std::string spliceFlagsText(uint64_t flags);
/// SCHED_OTHER ..., "0x40000003 /* SCHED_??? */" for anything else (SCHED_RESET_ON_FORK too).
std::string schedPolicyText(uint64_t policy);

/// An xattr value as strace quotes it: the bytes (as many as `size`, at most `maxString`), a
/// trailing NUL left out, "..." when cut. `bytes` holds what was read (min(size, maxString)).
std::string xattrValueText(std::string_view bytes, uint64_t size, size_t maxString);
/// An xattr name list: "user.a\0user.b\0", NULs shown, "..." when cut.
std::string xattrListText(std::string_view bytes, uint64_t size, size_t maxString);

/// {mq_flags=O_NONBLOCK, mq_maxmsg=4, mq_msgsize=16, mq_curmsgs=0}; mq_flags in hex unless
/// `namedFlags` (strace names them for mq_getsetattr, not for mq_open).
std::string mqAttrText(std::string_view bytes, bool namedFlags);

/// Bytes of one struct futex_waitv.
constexpr size_t kFutexWaiterSize = 24;
/// One of futex_waitv's waiters: {val=0x1, uaddr=0x4bf310, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}.
std::string futexWaiterText(std::string_view bytes);

/// What strace adds to a successful return that is a signal: " (SIGUSR1)"; "" for 0.
std::string signalReturnSuffix(int64_t ret);
/// What strace adds to a returned scheduling policy: " (SCHED_OTHER)"; "" for an unknown one.
std::string schedPolicyReturnSuffix(int64_t ret);

}  // namespace scratch::tracer
