// SiginfoText: a siginfo reads as strace 6.1 prints it at a signal-delivery stop (the expected
// texts are strace's own lines for the same siginfo, from tests/progs/signal_lines.c), and a
// signal event survives the byte form the tracer process hands to the writer.
#include <linux/audit.h>
#include <sys/syscall.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <sstream>

#include "reports/outputs/JsonRecords.h"
#include "reports/outputs/SignalRecord.h"
#include "reports/replay/JsonTraceReader.h"
#include "tracer/EventRecord.h"
#include "tracer/SiginfoText.h"

using namespace scratch::tracer;

namespace {

siginfo_t make(int signo, int code) {
    siginfo_t si;
    std::memset(&si, 0, sizeof si);
    si.si_signo = signo;
    si.si_code = code;
    return si;
}

}  // namespace

TEST_CASE("siginfo of signals sent by a process", "[siginfo]") {
    siginfo_t si = make(SIGUSR1, SI_USER);
    si.si_pid = 1764;
    si.si_uid = 0;
    CHECK(siginfoText(si) == "{si_signo=SIGUSR1, si_code=SI_USER, si_pid=1764, si_uid=0}");
    si.si_code = SI_TKILL;
    si.si_uid = 1000;
    CHECK(siginfoText(si) == "{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=1764, si_uid=1000}");

    siginfo_t queued = make(SIGUSR2, SI_QUEUE);
    queued.si_pid = 1764;
    queued.si_value.sival_ptr = reinterpret_cast<void*>(1234);
    CHECK(siginfoText(queued) ==
          "{si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=1764, si_uid=0, si_int=1234, "
          "si_ptr=0x4d2}");
    queued.si_value.sival_ptr = nullptr;  // no value: strace leaves it out
    CHECK(siginfoText(queued) == "{si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=1764, si_uid=0}");

    siginfo_t timer = make(SIGUSR1, SI_TIMER);
    timer.si_value.sival_int = 7;
    CHECK(siginfoText(timer) ==
          "{si_signo=SIGUSR1, si_code=SI_TIMER, si_timerid=0, si_overrun=0, si_int=7, "
          "si_ptr=0x7}");
}

TEST_CASE("siginfo of SIGCHLD", "[siginfo]") {
    siginfo_t si = make(SIGCHLD, CLD_EXITED);
    si.si_pid = 1765;
    si.si_status = 3;
    CHECK(siginfoText(si) ==
          "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1765, si_uid=0, "
          "si_status=3, si_utime=0, si_stime=0}");
    si.si_code = CLD_KILLED;
    si.si_status = SIGKILL;
    si.si_utime = 2;
    si.si_stime = 5;
    CHECK(siginfoText(si) ==
          "{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=1765, si_uid=0, "
          "si_status=SIGKILL, si_utime=2, si_stime=5}");
    si.si_code = CLD_DUMPED;
    si.si_status = SIGSEGV;
    CHECK(siginfoText(si).find("si_code=CLD_DUMPED, si_pid=1765, si_uid=0, si_status=SIGSEGV") !=
          std::string::npos);
}

TEST_CASE("siginfo of faults, the kernel, I/O and seccomp", "[siginfo]") {
    siginfo_t segv = make(SIGSEGV, SEGV_MAPERR);
    CHECK(siginfoText(segv) == "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}");
    segv.si_code = SEGV_ACCERR;
    segv.si_addr = reinterpret_cast<void*>(0x7f0077860000);
    CHECK(siginfoText(segv) == "{si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x7f0077860000}");

    siginfo_t bus = make(SIGBUS, BUS_ADRERR);
    bus.si_addr = reinterpret_cast<void*>(0x7fc528e22000);
    CHECK(siginfoText(bus) == "{si_signo=SIGBUS, si_code=BUS_ADRERR, si_addr=0x7fc528e22000}");
    siginfo_t fpe = make(SIGFPE, FPE_INTDIV);
    fpe.si_addr = reinterpret_cast<void*>(0x40168e);
    CHECK(siginfoText(fpe) == "{si_signo=SIGFPE, si_code=FPE_INTDIV, si_addr=0x40168e}");

    CHECK(siginfoText(make(SIGALRM, SI_KERNEL)) == "{si_signo=SIGALRM, si_code=SI_KERNEL}");
    CHECK(siginfoText(make(SIGIO, SI_KERNEL)) == "{si_signo=SIGIO, si_code=SI_KERNEL}");
    siginfo_t poll = make(SIGIO, POLL_IN);
    poll.si_band = 65;
    poll.si_fd = 3;
    CHECK(siginfoText(poll) == "{si_signo=SIGIO, si_code=POLL_IN, si_band=65, si_fd=3}");
    poll.si_code = POLL_HUP;  // strace shows band and fd only for IN, OUT and MSG
    CHECK(siginfoText(poll) == "{si_signo=SIGIO, si_code=POLL_HUP}");

    siginfo_t sys = make(SIGSYS, 1);  // SYS_SECCOMP
    sys.si_call_addr = reinterpret_cast<void*>(0x43a7a9);
    sys.si_syscall = SYS_getppid;
    sys.si_arch = AUDIT_ARCH_X86_64;
    CHECK(siginfoText(sys) ==
          "{si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x43a7a9, "
          "si_syscall=__NR_getppid, si_arch=AUDIT_ARCH_X86_64}");
    sys.si_errno = EPERM;  // SECCOMP_RET_TRAP's data
    CHECK(siginfoText(sys).find("si_code=SYS_SECCOMP, si_errno=EPERM, si_call_addr=") !=
          std::string::npos);
}

TEST_CASE("si_code names: generic first, then the signal's, else hex", "[siginfo]") {
    CHECK(siCodeName(SIGSEGV, SI_KERNEL) == "SI_KERNEL");
    CHECK(siCodeName(SIGCHLD, CLD_CONTINUED) == "CLD_CONTINUED");
    CHECK(siCodeName(SIGTRAP, TRAP_BRKPT) == "TRAP_BRKPT");
    CHECK(siCodeName(SIGUSR1, 3) == "0x3");
    CHECK(siCodeName(SIGSEGV, 42) == "0x2a");
    CHECK(siginfoText(make(0, 0)) == "{}");
}

TEST_CASE("a signal event survives its byte form and renders as strace's line", "[siginfo]") {
    SignalEvent ev;
    ev.tsNs = 42;
    ev.tid = 1001;
    ev.tgid = 1000;
    ev.nspid = 2;
    ev.phase = Phase::Workload;
    ev.signo = SIGCHLD;
    ev.raw = make(SIGCHLD, CLD_EXITED);
    ev.raw.si_pid = 3;
    ev.hasSiginfo = true;
    std::vector<char> bytes(encodedSize(ev));
    encode(ev, bytes.data());
    SignalEvent back;
    back.siginfo = "stale";
    decode(bytes.data(), back);
    CHECK(back.tsNs == 42);
    CHECK(back.tid == 1001);
    CHECK(back.tgid == 1000);
    CHECK(back.nspid == 2);
    CHECK(back.phase == Phase::Workload);
    CHECK(back.signo == SIGCHLD);
    CHECK(back.hasSiginfo);
    CHECK(back.siginfo.empty());
    scratch::reports::renderSignal(back);
    std::string line;
    scratch::reports::appendSignalLine(line, back);
    CHECK(line ==
          "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3, si_uid=0, "
          "si_status=0, si_utime=0, si_stime=0} ---");

    SignalEvent gone;
    gone.signo = SIGIO;
    scratch::reports::renderSignal(gone);
    CHECK(gone.siginfo == "{si_signo=SIGIO}");
}

TEST_CASE("a signal record reads back as the event it was written from", "[siginfo]") {
    SignalEvent ev;
    ev.tsNs = 3312136;
    ev.tid = 10725;
    ev.tgid = 10725;
    ev.nspid = 1;
    ev.phase = Phase::Workload;
    ev.signo = SIGUSR2;
    ev.raw = make(SIGUSR2, SI_QUEUE);
    ev.raw.si_pid = 1;
    ev.raw.si_value.sival_ptr = reinterpret_cast<void*>(1234);
    ev.hasSiginfo = true;
    scratch::reports::renderSignal(ev);
    const auto record = scratch::reports::signalRecord(ev);
    CHECK(record["type"] == "signal");
    CHECK(record["signal"] == "SIGUSR2");
    CHECK(record["code"] == "SI_QUEUE");
    std::stringstream stream;
    stream << scratch::reports::startRecord(scratch::reports::RunInfo{}).dump() << '\n'
           << record.dump() << '\n';
    scratch::reports::JsonTraceReader reader(stream, "test");
    scratch::reports::TraceRecord read;
    REQUIRE(reader.next(read));
    REQUIRE(reader.next(read));
    REQUIRE(read.type == scratch::reports::TraceRecord::Type::Signal);
    CHECK(read.signal.tsNs == ev.tsNs);
    CHECK(read.signal.tid == ev.tid);
    CHECK(read.signal.tgid == ev.tgid);
    CHECK(read.signal.nspid == ev.nspid);
    CHECK(read.signal.phase == ev.phase);
    CHECK(read.signal.signo == SIGUSR2);
    CHECK(read.signal.siginfo == ev.siginfo);
    std::string line;
    scratch::reports::renderSignal(read.signal);  // keeps the text it read
    scratch::reports::appendSignalLine(line, read.signal);
    CHECK(line ==
          "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=1, si_uid=0, "
          "si_int=1234, si_ptr=0x4d2} ---");
}
