#include "tracer/SignalRelay.h"

#include <sys/time.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <initializer_list>

namespace scratch::tracer {
namespace {

// Set from signal handlers; read by the loop after waitpid returns EINTR.
volatile sig_atomic_t gStopSignal = 0;
volatile sig_atomic_t gStopCount = 0;
volatile sig_atomic_t gTimerFired = 0;
// The launcher and the container's init: killing both ends every task (the rest live in the
// init's PID namespace and die with it).
volatile sig_atomic_t gLauncher = 0;
volatile sig_atomic_t gInit = 0;
// SessionOptions::signalsFrom: stop signals other processes sent are not for this tracer.
volatile sig_atomic_t gSignalsFrom = 0;

void killContainer() {
    if (gInit > 0) ::kill(gInit, SIGKILL);
    if (gLauncher > 0) ::kill(gLauncher, SIGKILL);
}

void onStopSignal(int sig, siginfo_t* info, void* /*context*/) {
    // From the parent (forwarded) or the kernel (a terminal's Ctrl-C reaches the whole
    // process group directly, and the parent does not forward it).
    if (gSignalsFrom != 0 && info != nullptr && info->si_pid != gSignalsFrom &&
        info->si_code != SI_KERNEL) {
        return;
    }
    gStopSignal = sig;
    gStopCount = gStopCount + 1;
    if (gStopCount >= 2) _exit(128 + sig);  // a second Ctrl-C is immediate; EXITKILL reaps
    killContainer();
}

void onTimer(int /*sig*/, siginfo_t* /*info*/, void* /*context*/) {
    gTimerFired = 1;
    killContainer();
}

void installHandler(int sig, void (*handler)(int, siginfo_t*, void*)) {
    struct sigaction sa {};
    sa.sa_sigaction = handler;
    sigemptyset(&sa.sa_mask);
    // No SA_RESTART: waitpid must return EINTR so the loop sees the signal.
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, nullptr);
}

}  // namespace

SignalRelay::Scope::Scope(pid_t signalsFrom)
    : callers_({SIGINT, SIGTERM, SIGHUP, SIGALRM, SIGPIPE}) {
    gStopSignal = 0;
    gStopCount = 0;
    gTimerFired = 0;
    gLauncher = 0;
    gInit = 0;
    gSignalsFrom = signalsFrom;
    installHandler(SIGINT, onStopSignal);
    installHandler(SIGTERM, onStopSignal);
    installHandler(SIGHUP, onStopSignal);
    installHandler(SIGALRM, onTimer);
    signal(SIGPIPE, SIG_IGN);
    // A tracer process is forked with these blocked (tracer/TracerProcess.cpp): what its
    // parent forwarded meanwhile arrives now, to the handlers.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGALRM}) sigaddset(&stopSignals, sig);
    sigprocmask(SIG_UNBLOCK, &stopSignals, nullptr);
}

SignalRelay::Scope::~Scope() {
    disarmTimer();  // before SIGALRM's own disposition is back: a late alarm would end the caller
    gLauncher = 0;
    gInit = 0;
    // callers_ gives back the dispositions, then the mask.
}

void SignalRelay::setLauncher(pid_t launcher) { gLauncher = launcher; }

void SignalRelay::setInit(pid_t init) { gInit = init; }

bool SignalRelay::hasInit() { return gInit != 0; }

StopRequest SignalRelay::pending() {
    StopRequest request;
    request.signal = gStopSignal;
    request.timerFired = gTimerFired != 0;
    return request;
}

void SignalRelay::armTimer(double seconds) {
    if (seconds <= 0) return;
    itimerval timer{};
    timer.it_value.tv_sec = static_cast<time_t>(seconds);
    timer.it_value.tv_usec =
        static_cast<suseconds_t>((seconds - static_cast<double>(timer.it_value.tv_sec)) * 1e6);
    if (timer.it_value.tv_sec == 0 && timer.it_value.tv_usec == 0) timer.it_value.tv_usec = 1;
    setitimer(ITIMER_REAL, &timer, nullptr);
}

void SignalRelay::disarmTimer() {
    itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
}

void SignalRelay::restoreDefaults() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGALRM, SIGPIPE}) signal(sig, SIG_DFL);
}

}  // namespace scratch::tracer
