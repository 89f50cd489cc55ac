// A signal's siginfo as strace 6.1 prints it at a signal-delivery stop, so the log's
// `--- SIGCHLD {...} ---` lines read like strace's. Pure: the tracer copies the siginfo at the
// stop and the output side renders it.
#pragma once

#include <signal.h>

#include <string>

namespace scratch::tracer {

/// "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=123, si_uid=0, si_status=0, si_utime=0,
/// si_stime=0}": the fields strace shows for the signal and its si_code (the sender for
/// SI_USER/SI_TKILL/SI_QUEUE, si_status and times for SIGCHLD, si_addr for faults, si_band and
/// si_fd for POLL_*, the syscall for SIGSYS), names where strace has them.
std::string siginfoText(const siginfo_t& si);

/// strace's name for si_code of signal `signo` ("SI_USER", "CLD_EXITED", "SEGV_MAPERR"), or
/// the code in hex when it has none.
std::string siCodeName(int signo, int code);

}  // namespace scratch::tracer
