// strace 6.1's rendering of the time structs beyond timespec (tracer/StructDecoders.h): timeval,
// itimerval, itimerspec, sigevent, struct tms and the timer flags. Pure functions over the
// bytes the kernel reads or fills (x86_64 layouts), so the unit tests feed them bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scratch::tracer {

/// Bytes of the x86_64 structs these functions read.
constexpr size_t kTimevalSize = 16;
constexpr size_t kItimervalSize = 32;
constexpr size_t kItimerspecSize = 32;
constexpr size_t kSigeventSize = 64;
constexpr size_t kTmsSize = 32;

/// {tv_sec=1, tv_usec=500}
std::string timevalText(std::string_view bytes);
/// {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=1, tv_usec=0}}
std::string itimervalText(std::string_view bytes);
/// {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=1, tv_nsec=0}}
std::string itimerspecText(std::string_view bytes);
/// {sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL} (timer_create)
std::string sigeventText(std::string_view bytes);
/// {tms_utime=0, tms_stime=0, tms_cutime=0, tms_cstime=0}
std::string tmsText(std::string_view bytes);
/// clock_nanosleep/timer_settime's TIMER_ABSTIME, or timerfd_settime's TFD_TIMER_* (`timerfd`).
std::string timerFlagsText(uint64_t flags, bool timerfd);
/// ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF.
std::string itimerWhichText(uint64_t which);

}  // namespace scratch::tracer
