#include "tracer/TracerProcess.h"

#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iterator>
#include <new>
#include <string>
#include <string_view>

#include "common/Error.h"
#include "tracer/FlagNames.h"
#include "tracer/KeptSignals.h"

namespace scratch::tracer {
namespace {

constexpr size_t kMessageBytes = 1024;

/// How the child's run ended, in memory both processes share. The parent reads it only after
/// it has reaped the child, so plain fields do.
struct Outcome {
    SessionResult result;
    bool done = false;    ///< the session ran to its end; `result` holds how
    bool failed = false;  ///< Session::run threw: `message`, `exitCode`
    int exitCode = 0;
    char message[kMessageBytes] = {};
};

/// The tracer to forward stop signals to (0: none, or already reaped), and how many stop
/// signals this process got.
volatile sig_atomic_t gTracer = 0;
volatile sig_atomic_t gStopCount = 0;

void forwardToTracer(int sig, siginfo_t* info, void* /*context*/) {
    // A second one is immediate, as in the tracer, even when the output is stuck (a write to
    // a pipe nobody reads); the tracer dies with this process (PR_SET_PDEATHSIG).
    gStopCount = gStopCount + 1;
    if (gStopCount >= 2) _exit(128 + sig);
    // A terminal's Ctrl-C (sent by the kernel to the whole process group) reached the tracer
    // too, and counts once; everything else may have been meant for this process alone.
    if (sig == SIGINT && info != nullptr && info->si_code == SI_KERNEL) return;
    const pid_t tracer = gTracer;
    if (tracer > 0) ::kill(tracer, sig);
}

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

sigset_t stopSignalSet() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kStopSignals) sigaddset(&set, sig);
    sigaddset(&set, SIGALRM);  // the child's --timeout: its handler is not installed yet
    return set;
}

void copyText(std::string_view text, char* out, size_t room) {
    const size_t n = std::min(text.size(), room - 1);
    std::memcpy(out, text.data(), n);
    out[n] = '\0';
}

/// The child: the whole tracer, its events going into the shared ring. Never returns.
[[noreturn]] void runChild(const SessionOptions& options, EventHandoff& output,
                           const std::function<int()>& launcherBody, pid_t parent,
                           Outcome& outcome) {
    output.produceFor(parent);
    SessionOptions mine = options;
    mine.signalsFrom = parent;
    try {
        Session session(mine, output);
        outcome.result = session.run(launcherBody);
        outcome.done = true;
    } catch (const Error& e) {
        outcome.failed = true;
        outcome.exitCode = e.exitCode();
        copyText(e.what(), outcome.message, kMessageBytes);
    } catch (const std::exception& e) {
        outcome.failed = true;
        outcome.exitCode = kExitFailure;
        copyText(std::string("internal error: ") + e.what(), outcome.message, kMessageBytes);
    } catch (...) {
        outcome.failed = true;
        outcome.exitCode = kExitFailure;
        copyText("internal error in the tracer process", outcome.message, kMessageBytes);
    }
    output.endProduction();
    // _exit: the parent's outputs were copied into this process with their buffers, and only
    // the parent may write them.
    _exit(0);
}

std::string describeStatus(int status) {
    if (WIFSIGNALED(status)) {
        const std::string_view name = signalName(WTERMSIG(status));
        return "killed by " + (name.empty() ? std::to_string(WTERMSIG(status)) : std::string(name));
    }
    return "exit status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

SessionResult runTracerProcess(const SessionOptions& options, EventHandoff& output,
                               const std::function<int()>& launcherBody) {
    void* mem =
        mmap(nullptr, sizeof(Outcome), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) throw Error(std::string("mmap: ") + strerror(errno));
    auto* outcome = new (mem) Outcome();
    struct Unmap {
        void* mem;
        ~Unmap() { munmap(mem, sizeof(Outcome)); }
    } unmap{mem};

    // The child moves this process off the tracer's CPU (EventHandoff::produceFor); the
    // affinity is given back when the run is over.
    cpu_set_t affinity;
    const bool haveAffinity = sched_getaffinity(0, sizeof affinity, &affinity) == 0;
    // The caller's dispositions and mask, given back however this returns (the forwarding
    // handlers are for the run only: a library caller gets its process back as it was).
    const KeptSignals callers({SIGINT, SIGTERM, SIGHUP, SIGPIPE});
    // Blocked across the fork: the child unblocks them once its handlers are in place
    // (Session::run), the parent once it knows whom to forward them to.
    const sigset_t stopSignals = stopSignalSet();
    sigset_t previousMask;
    sigprocmask(SIG_BLOCK, &stopSignals, &previousMask);
    const pid_t parent = getpid();
    const pid_t child = fork();
    if (child < 0) {
        const int err = errno;
        sigprocmask(SIG_SETMASK, &previousMask, nullptr);
        throw Error(std::string("fork: ") + strerror(err));
    }
    if (child == 0) {
        for (int sig : kStopSignals) signal(sig, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(kExitFailure);  // the parent died before the prctl
        runChild(options, output, launcherBody, parent, *outcome);
    }

    // Forwarding for the length of the run; `callers` puts the caller's handlers back after it.
    gStopCount = 0;
    gTracer = child;
    for (int sig : kStopSignals) {
        struct sigaction sa {};
        sa.sa_sigaction = forwardToTracer;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART | SA_SIGINFO;
        sigaction(sig, &sa, nullptr);
    }
    signal(SIGPIPE, SIG_IGN);  // a closed output pipe is an error to report, as in the tracer
    sigset_t unblock = stopSignals;
    sigdelset(&unblock, SIGALRM);
    sigprocmask(SIG_UNBLOCK, &unblock, nullptr);

    int status = 0;
    bool reaped = false;
    // Reaped with forwarding held off: the kernel may give a reaped pid to another process.
    const auto reap = [&](int flags) {
        sigset_t held;
        sigprocmask(SIG_BLOCK, &stopSignals, &held);
        pid_t got;
        do {
            got = waitpid(child, &status, flags);
        } while (got < 0 && errno == EINTR);
        if (got == child || (got < 0 && errno == ECHILD)) {
            reaped = true;
            gTracer = 0;
        }
        sigprocmask(SIG_SETMASK, &held, nullptr);
        return reaped;
    };
    output.consumeHere([&] { return reap(WNOHANG); });
    if (!reaped) reap(0);
    sigprocmask(SIG_SETMASK, &previousMask, nullptr);
    if (haveAffinity) sched_setaffinity(0, sizeof affinity, &affinity);

    if (outcome->failed) {
        // The tracer may have stopped because the output failed here: that failure (what the
        // target threw) explains more than the tracer's "stopped taking events".
        output.finish();
        throw Error(outcome->message, outcome->exitCode);
    }
    if (outcome->done) return outcome->result;
    // A second stop signal reached the tracer (two of a terminal's, before this process saw
    // its own second): its handler left at once with 128+N, which the child exits with for
    // nothing else; the tracees died with it, and the outputs end with what came before.
    const int stopSignal = WIFEXITED(status) ? WEXITSTATUS(status) - 128 : 0;
    if (std::find(std::begin(kStopSignals), std::end(kStopSignals), stopSignal) !=
        std::end(kStopSignals)) {
        SessionResult result;
        result.interrupted = true;
        result.interruptSignal = stopSignal;
        result.exitCode = 128 + stopSignal;
        return result;
    }
    throw Error("the tracer process ended without a result (" + describeStatus(status) + ")");
}

}  // namespace scratch::tracer
