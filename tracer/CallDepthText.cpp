#include "tracer/CallDepthText.h"

#include <fmt/format.h>

#include <cstring>
#include <ctime>
#include <iterator>
#include <span>

#include "tracer/DecodeText.h"
#include "tracer/FlagNames.h"
#include "tracer/FlagText.h"
#include "tracer/StructField.h"

namespace scratch::tracer {

namespace {

constexpr int64_t kUtimeNow = (1L << 30) - 1;
constexpr int64_t kUtimeOmit = (1L << 30) - 2;

// strace 6.1's xlat tables, in their order (printflags walks them in order).
constexpr FlagName kWaitIdTypes[] = {
    {0, "P_ALL"},
    {1, "P_PID"},
    {2, "P_PGID"},
    {3, "P_PIDFD"},
};

constexpr FlagName kInotifyMask[] = {
    {0x1, "IN_ACCESS"},
    {0x2, "IN_MODIFY"},
    {0x4, "IN_ATTRIB"},
    {0x8, "IN_CLOSE_WRITE"},
    {0x10, "IN_CLOSE_NOWRITE"},
    {0x20, "IN_OPEN"},
    {0x40, "IN_MOVED_FROM"},
    {0x80, "IN_MOVED_TO"},
    {0x100, "IN_CREATE"},
    {0x200, "IN_DELETE"},
    {0x400, "IN_DELETE_SELF"},
    {0x800, "IN_MOVE_SELF"},
    {0x2000, "IN_UNMOUNT"},
    {0x4000, "IN_Q_OVERFLOW"},
    {0x8000, "IN_IGNORED"},
    {0x1000000, "IN_ONLYDIR"},
    {0x2000000, "IN_DONT_FOLLOW"},
    {0x4000000, "IN_EXCL_UNLINK"},
    {0x10000000, "IN_MASK_CREATE"},
    {0x20000000, "IN_MASK_ADD"},
    {0x40000000, "IN_ISDIR"},
    {0x80000000, "IN_ONESHOT"},
};

constexpr FlagName kFanMarkFlags[] = {
    {0x1, "FAN_MARK_ADD"},
    {0x2, "FAN_MARK_REMOVE"},
    {0x80, "FAN_MARK_FLUSH"},
    {0x4, "FAN_MARK_DONT_FOLLOW"},
    {0x8, "FAN_MARK_ONLYDIR"},
    {0x10, "FAN_MARK_MOUNT"},
    {0x100, "FAN_MARK_FILESYSTEM"},
    {0x20, "FAN_MARK_IGNORED_MASK"},
    {0x40, "FAN_MARK_IGNORED_SURV_MODIFY"},
    {0x400, "FAN_MARK_IGNORE"},
    {0x200, "FAN_MARK_EVICTABLE"},
};

constexpr FlagName kFanEvents[] = {
    {0x1, "FAN_ACCESS"},          {0x2, "FAN_MODIFY"},
    {0x4, "FAN_ATTRIB"},          {0x8, "FAN_CLOSE_WRITE"},
    {0x10, "FAN_CLOSE_NOWRITE"},  {0x20, "FAN_OPEN"},
    {0x40, "FAN_MOVED_FROM"},     {0x80, "FAN_MOVED_TO"},
    {0x100, "FAN_CREATE"},        {0x200, "FAN_DELETE"},
    {0x400, "FAN_DELETE_SELF"},   {0x800, "FAN_MOVE_SELF"},
    {0x1000, "FAN_OPEN_EXEC"},    {0x4000, "FAN_Q_OVERFLOW"},
    {0x8000, "FAN_FS_ERROR"},     {0x10000, "FAN_OPEN_PERM"},
    {0x20000, "FAN_ACCESS_PERM"}, {0x40000, "FAN_OPEN_EXEC_PERM"},
    {0x80000, "FAN_DIR_MODIFY"},  {0x8000000, "FAN_EVENT_ON_CHILD"},
    {0x10000000, "FAN_RENAME"},   {0x40000000, "FAN_ONDIR"},
};

constexpr FlagName kXattrFlags[] = {{0x1, "XATTR_CREATE"}, {0x2, "XATTR_REPLACE"}};

constexpr FlagName kRwfFlags[] = {
    {0x1, "RWF_HIPRI"},  {0x2, "RWF_DSYNC"},   {0x4, "RWF_SYNC"},
    {0x8, "RWF_NOWAIT"}, {0x10, "RWF_APPEND"},
};

constexpr FlagName kSpliceFlags[] = {
    {0x1, "SPLICE_F_MOVE"},
    {0x2, "SPLICE_F_NONBLOCK"},
    {0x4, "SPLICE_F_MORE"},
    {0x8, "SPLICE_F_GIFT"},
};

constexpr FlagName kSchedPolicies[] = {
    {0, "SCHED_OTHER"}, {1, "SCHED_FIFO"}, {2, "SCHED_RR"},       {3, "SCHED_BATCH"},
    {4, "SCHED_ISO"},   {5, "SCHED_IDLE"}, {6, "SCHED_DEADLINE"},
};

constexpr FlagName kMqFlags[] = {{0x800, "O_NONBLOCK"}};

/// A timespec whose tv_nsec may be UTIME_NOW or UTIME_OMIT.
void appendUtimeTimespec(std::string& out, int64_t sec, int64_t nsec) {
    if (nsec == kUtimeNow) {
        out += "UTIME_NOW";
        return;
    }
    if (nsec == kUtimeOmit) {
        out += "UTIME_OMIT";
        return;
    }
    fmt::format_to(std::back_inserter(out), "{{tv_sec={}, tv_nsec={}}}", sec,
                   static_cast<uint64_t>(nsec));
    out += dateComment(sec, static_cast<uint64_t>(nsec), 999999999, 9);
}

void appendTimeval(std::string& out, int64_t sec, int64_t usec) {
    fmt::format_to(std::back_inserter(out), "{{tv_sec={}, tv_usec={}}}", sec,
                   static_cast<uint64_t>(usec));
    out += dateComment(sec, static_cast<uint64_t>(usec), 999999, 6);
}

std::string flags(uint64_t v, std::span<const FlagName> names, std::string_view hint) {
    std::string out;
    appendFlags(out, v, names, {}, hint);
    return out;
}

}  // namespace

std::string waitIdTypeText(uint64_t idtype) {
    std::string out;
    appendEnum(out, idtype & 0xffffffffU, kWaitIdTypes, "P_???");
    return out;
}

bool waitIdIsFd(uint64_t idtype) { return (idtype & 0xffffffffU) == 3; }

std::string dateComment(int64_t sec, uint64_t part, uint64_t maxPart, int width) {
    if ((sec == 0 && part == 0) || part > maxPart) return {};
    const auto t = static_cast<time_t>(sec);
    struct tm local {};
    if (localtime_r(&t, &local) == nullptr) return {};
    char date[64];
    if (std::strftime(date, sizeof date, "%FT%T", &local) == 0) return {};
    char zone[16];
    if (std::strftime(zone, sizeof zone, "%z", &local) == 0) return {};
    if (part == 0) return fmt::format(" /* {}{} */", date, zone);
    return fmt::format(" /* {}.{:0{}}{} */", date, part, width, zone);
}

std::string utimensPairText(std::string_view bytes) {
    std::string out = "[";
    appendUtimeTimespec(out, field<int64_t>(bytes, 0), field<int64_t>(bytes, 8));
    out += ", ";
    appendUtimeTimespec(out, field<int64_t>(bytes, 16), field<int64_t>(bytes, 24));
    out += ']';
    return out;
}

std::string utimesPairText(std::string_view bytes) {
    std::string out = "[";
    appendTimeval(out, field<int64_t>(bytes, 0), field<int64_t>(bytes, 8));
    out += ", ";
    appendTimeval(out, field<int64_t>(bytes, 16), field<int64_t>(bytes, 24));
    out += ']';
    return out;
}

std::string utimbufText(std::string_view bytes) {
    const auto actime = field<int64_t>(bytes, 0);
    const auto modtime = field<int64_t>(bytes, 8);
    return fmt::format("{{actime={}{}, modtime={}{}}}", actime, dateComment(actime, 0, 0, 0),
                       modtime, dateComment(modtime, 0, 0, 0));
}

std::string inotifyMaskText(uint64_t mask) {
    return flags(mask & 0xffffffffU, kInotifyMask, "IN_???");
}

std::string fanMarkFlagsText(uint64_t v) {
    return flags(v & 0xffffffffU, kFanMarkFlags, "FAN_MARK_???");
}

std::string fanInitFlagsText(uint64_t v) {
    static constexpr FlagName kClasses[] = {
        {0x0, "FAN_CLASS_NOTIF"}, {0x4, "FAN_CLASS_CONTENT"}, {0x8, "FAN_CLASS_PRE_CONTENT"}};
    static constexpr FlagName kInitFlags[] = {
        {0x1, "FAN_CLOEXEC"},
        {0x2, "FAN_NONBLOCK"},
        {0x10, "FAN_UNLIMITED_QUEUE"},
        {0x20, "FAN_UNLIMITED_MARKS"},
        {0x40, "FAN_ENABLE_AUDIT"},
        {0x80, "FAN_REPORT_PIDFD"},
        {0x100, "FAN_REPORT_TID"},
        {0x200, "FAN_REPORT_FID"},
        {0x400, "FAN_REPORT_DIR_FID"},
        {0x800, "FAN_REPORT_NAME"},
        {0x1000, "FAN_REPORT_TARGET_FID"},
    };
    const uint64_t flags = v & 0xffffffffU;
    std::string out;
    appendEnum(out, flags & 0xc, kClasses, "FAN_CLASS_???");
    if (const uint64_t rest = flags & ~uint64_t{0xc}) {
        out += '|';
        appendFlags(out, rest, kInitFlags, {}, "FAN_???");
    }
    return out;
}

std::string fanEventMaskText(uint64_t mask) { return flags(mask, kFanEvents, "FAN_???"); }

std::string xattrFlagsText(uint64_t v) { return flags(v & 0xffffffffU, kXattrFlags, "XATTR_???"); }

std::string rwfFlagsText(uint64_t v) { return flags(v & 0xffffffffU, kRwfFlags, "RWF_???"); }

std::string spliceFlagsText(uint64_t v) {
    return flags(v & 0xffffffffU, kSpliceFlags, "SPLICE_F_???");
}

std::string schedPolicyText(uint64_t policy) {
    std::string out;
    appendEnum(out, policy & 0xffffffffU, kSchedPolicies, "SCHED_???");
    return out;
}

std::string xattrValueText(std::string_view bytes, uint64_t size, size_t maxString) {
    // strace's QUOTE_OMIT_TRAILING_0: the last byte shown, when NUL, is left out.
    if (!bytes.empty() && bytes.back() == '\0') bytes.remove_suffix(1);
    std::string out;
    appendQuoted(out, bytes, size > maxString);
    return out;
}

std::string xattrListText(std::string_view bytes, uint64_t size, size_t maxString) {
    std::string out;
    appendQuoted(out, bytes, size > maxString);
    return out;
}

std::string mqAttrText(std::string_view bytes, bool namedFlags) {
    std::string out = "{mq_flags=";
    const auto mqFlags = field<uint64_t>(bytes, 0);
    if (namedFlags) {
        appendFlags(out, mqFlags, kMqFlags, {}, "O_???");
    } else {
        out += hex(mqFlags);
    }
    fmt::format_to(std::back_inserter(out), ", mq_maxmsg={}, mq_msgsize={}, mq_curmsgs={}}}",
                   field<int64_t>(bytes, 8), field<int64_t>(bytes, 16), field<int64_t>(bytes, 24));
    return out;
}

std::string futexWaiterText(std::string_view bytes) {
    static constexpr FlagName kWaiterFlags[] = {{0x2, "FUTEX_32"}, {0x80, "FUTEX_PRIVATE_FLAG"}};
    std::string out = "{val=" + hex(field<uint64_t>(bytes, 0));
    out += ", uaddr=" + addr(field<uint64_t>(bytes, 8)) + ", flags=";
    appendFlags(out, field<uint32_t>(bytes, 16), kWaiterFlags, {}, "FUTEX_???");
    if (const auto reserved = field<uint32_t>(bytes, 20)) out += ", __reserved=" + hex(reserved);
    return out + '}';
}

std::string signalReturnSuffix(int64_t ret) {
    if (ret <= 0) return {};
    return " (" + signalText(ret) + ")";
}

std::string schedPolicyReturnSuffix(int64_t ret) {
    for (const auto& p : kSchedPolicies) {
        if (static_cast<int64_t>(p.value) == ret) return fmt::format(" ({})", p.name);
    }
    return {};
}

}  // namespace scratch::tracer
