// Signal names, one table in two spellings: the libc's (sigabbrev_np: SIGPOLL, and no names for
// the real-time signals, which it spells by number, SIG35) that the JSON records use, and strace's
// (SIGIO, SIGRTMIN, SIGRT_3) that the log, the decoded arguments and siginfo texts use. strace's
// is the libc's except where strace differs (kStraceSpellings and the real-time signals).
#pragma once

#include <string>
#include <string_view>

#include "common/NameTable.h"

namespace scratch::tracer {

/// The highest signal number (the kernel's _NSIG - 1 on x86).
inline constexpr int kMaxSignal = 64;

/// strace's spelling where it is not "SIG" + sigabbrev_np below SIGRTMIN: x86's SIGIO, which the
/// libc calls SIGPOLL (the same number).
inline constexpr NamedValue<int> kStraceSpellings[] = {{29, "SIGIO"}};

/// strace's spelling: "SIGCHLD", "SIGIO", "SIGRTMIN" (32), "SIGRT_3"; empty for numbers that are
/// no signal.
std::string_view signalName(int sig);
/// The libc's spelling (the JSON records'): "SIG" + sigabbrev_np, "SIG<n>" where it has none.
std::string libcSignalName(int sig);
/// The number of a signal spelled either way; 0 for an empty or unknown name.
int signalFromName(std::string_view name);

}  // namespace scratch::tracer
