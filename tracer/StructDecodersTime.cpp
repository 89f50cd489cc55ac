#include "tracer/StructDecodersTime.h"

#include <fmt/format.h>

#include <cstring>

#include "tracer/FlagNames.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

std::string pairText(std::string_view bytes, size_t offset, std::string_view sub) {
    return fmt::format("{{tv_sec={}, {}={}}}", field<int64_t>(bytes, offset), sub,
                       field<int64_t>(bytes, offset + 8));
}

}  // namespace

std::string timevalText(std::string_view bytes) { return pairText(bytes, 0, "tv_usec"); }

std::string itimervalText(std::string_view bytes) {
    return fmt::format("{{it_interval={}, it_value={}}}", pairText(bytes, 0, "tv_usec"),
                       pairText(bytes, 16, "tv_usec"));
}

std::string itimerspecText(std::string_view bytes) {
    return fmt::format("{{it_interval={}, it_value={}}}", pairText(bytes, 0, "tv_nsec"),
                       pairText(bytes, 16, "tv_nsec"));
}

std::string sigeventText(std::string_view bytes) {
    // union sigval (8), int sigev_signo, int sigev_notify, then the notify union.
    static constexpr FlagName kNotify[] = {
        {0, "SIGEV_SIGNAL"}, {1, "SIGEV_NONE"}, {2, "SIGEV_THREAD"}, {4, "SIGEV_THREAD_ID"}};
    const auto value = field<uint64_t>(bytes, 0);
    const auto signo = field<int32_t>(bytes, 8);
    const auto notify = field<int32_t>(bytes, 12);
    std::string out = "{";
    if (value != 0) {
        out += fmt::format("sigev_value={{sival_int={}, sival_ptr={:#x}}}, ",
                           static_cast<int32_t>(value), value);
    }
    out += "sigev_signo=";
    const std::string_view sig = signalName(signo);
    if ((notify == 0 || notify == 2 || notify == 4) && !sig.empty()) {
        out += sig;
    } else {
        out += std::to_string(signo);
    }
    out += ", sigev_notify=";
    appendEnum(out, static_cast<uint32_t>(notify), kNotify, "SIGEV_???");
    if (notify == 4) {
        out += fmt::format(", sigev_notify_thread_id={}", field<int32_t>(bytes, 16));
    } else if (notify == 2) {
        const auto fn = field<uint64_t>(bytes, 16);
        const auto attr = field<uint64_t>(bytes, 24);
        const auto ptr = [](uint64_t p) {
            return p == 0 ? std::string("NULL") : fmt::format("{:#x}", p);
        };
        out += fmt::format(", sigev_notify_function={}, sigev_notify_attributes={}", ptr(fn),
                           ptr(attr));
    }
    out += '}';
    return out;
}

std::string tmsText(std::string_view bytes) {
    return fmt::format("{{tms_utime={}, tms_stime={}, tms_cutime={}, tms_cstime={}}}",
                       field<int64_t>(bytes, 0), field<int64_t>(bytes, 8),
                       field<int64_t>(bytes, 16), field<int64_t>(bytes, 24));
}

std::string timerFlagsText(uint64_t flags, bool timerfd) {
    static constexpr FlagName kTimer[] = {{1, "TIMER_ABSTIME"}};
    static constexpr FlagName kTimerfd[] = {{1, "TFD_TIMER_ABSTIME"},
                                            {2, "TFD_TIMER_CANCEL_ON_SET"}};
    std::string out;
    if (timerfd) {
        appendFlags(out, flags & 0xffffffffU, kTimerfd, "0", "TFD_TIMER_???");
    } else {
        appendFlags(out, flags & 0xffffffffU, kTimer, "0", "TIMER_???");
    }
    return out;
}

std::string itimerWhichText(uint64_t which) {
    static constexpr FlagName kWhich[] = {
        {0, "ITIMER_REAL"}, {1, "ITIMER_VIRTUAL"}, {2, "ITIMER_PROF"}};
    std::string out;
    appendEnum(out, which & 0xffffffffU, kWhich, "ITIMER_???");
    return out;
}

}  // namespace scratch::tracer
