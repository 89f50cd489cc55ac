#include "tracer/SignalNames.h"

#include <string.h>

#include <array>

namespace scratch::tracer {

namespace {

/// Both spellings of every signal number, made once from the libc and the differences.
struct SignalTable {
    std::array<std::string, kMaxSignal + 1> strace;
    std::array<std::string, kMaxSignal + 1> libc;

    SignalTable() {
        constexpr int kStraceRtMin = 32;  // the kernel's SIGRTMIN; the libc's hides 32 and 33
        for (int sig = 1; sig <= kMaxSignal; ++sig) {
            const char* abbrev = ::sigabbrev_np(sig);
            libc[sig] =
                abbrev != nullptr ? std::string("SIG") + abbrev : "SIG" + std::to_string(sig);
            if (sig == kStraceRtMin) {
                strace[sig] = "SIGRTMIN";
            } else if (sig > kStraceRtMin) {
                strace[sig] = "SIGRT_" + std::to_string(sig - kStraceRtMin);
            } else {
                strace[sig] = nameIn(kStraceSpellings, sig, libc[sig]);
            }
        }
    }
};

const SignalTable& table() {
    static const SignalTable names;
    return names;
}

bool isSignal(int sig) { return sig > 0 && sig <= kMaxSignal; }

}  // namespace

std::string_view signalName(int sig) {
    return isSignal(sig) ? std::string_view(table().strace[sig]) : std::string_view();
}

std::string libcSignalName(int sig) {
    return isSignal(sig) ? table().libc[sig] : "SIG" + std::to_string(sig);
}

int signalFromName(std::string_view name) {
    if (name.empty()) return 0;
    for (int sig = 1; sig <= kMaxSignal; ++sig) {
        if (table().libc[sig] == name) return sig;
    }
    for (int sig = 1; sig <= kMaxSignal; ++sig) {
        if (table().strace[sig] == name) return sig;
    }
    return 0;
}

}  // namespace scratch::tracer
