#include "tracer/SiginfoText.h"

#include <fmt/format.h>
#include <linux/audit.h>

#include <cstring>
#include <iterator>
#include <string_view>

#include "tracer/FlagNames.h"
#include "tracer/SyscallTable.h"

namespace scratch::tracer {

namespace {

/// si_code values the kernel uses for every signal (strace checks these first).
std::string_view genericCodeName(int code) {
    switch (code) {
        case SI_USER:
            return "SI_USER";
        case SI_KERNEL:
            return "SI_KERNEL";
        case SI_QUEUE:
            return "SI_QUEUE";
        case SI_TIMER:
            return "SI_TIMER";
        case SI_MESGQ:
            return "SI_MESGQ";
        case SI_ASYNCIO:
            return "SI_ASYNCIO";
        case SI_SIGIO:
            return "SI_SIGIO";
        case SI_TKILL:
            return "SI_TKILL";
        case SI_DETHREAD:
            return "SI_DETHREAD";
        case SI_ASYNCNL:
            return "SI_ASYNCNL";
        default:
            return {};
    }
}

/// The names of codes 1..N of one signal, index = code - 1.
std::string_view signalCodeName(int signo, int code) {
    static constexpr std::string_view kTrap[] = {"TRAP_BRKPT",  "TRAP_TRACE", "TRAP_BRANCH",
                                                 "TRAP_HWBKPT", "TRAP_UNK",   "TRAP_PERF"};
    static constexpr std::string_view kChld[] = {"CLD_EXITED",  "CLD_KILLED",  "CLD_DUMPED",
                                                 "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"};
    static constexpr std::string_view kPoll[] = {"POLL_IN",  "POLL_OUT", "POLL_MSG",
                                                 "POLL_ERR", "POLL_PRI", "POLL_HUP"};
    static constexpr std::string_view kProf[] = {"PROF_SIG"};
    static constexpr std::string_view kIll[] = {"ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR",
                                                "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG",
                                                "ILL_COPROC", "ILL_BADSTK", "ILL_BADIADDR"};
    static constexpr std::string_view kFpe[] = {
        "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND",
        "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB", {},           {},
        {},           {},           {},           "FPE_FLTUNK", "FPE_CONDTRAP"};
    static constexpr std::string_view kSegv[] = {"SEGV_MAPERR",  "SEGV_ACCERR",  "SEGV_BNDERR",
                                                 "SEGV_PKUERR",  "SEGV_ACCADI",  "SEGV_ADIDERR",
                                                 "SEGV_ADIPERR", "SEGV_MTEAERR", "SEGV_MTESERR"};
    static constexpr std::string_view kBus[] = {"BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR",
                                                "BUS_MCEERR_AR", "BUS_MCEERR_AO"};
    static constexpr std::string_view kSys[] = {"SYS_SECCOMP", "SYS_USER_DISPATCH"};
    const auto pick = [code](const auto& names) -> std::string_view {
        if (code < 1 || static_cast<size_t>(code) > std::size(names)) return {};
        return names[static_cast<size_t>(code - 1)];
    };
    switch (signo) {
        case SIGTRAP:
            return pick(kTrap);
        case SIGCHLD:
            return pick(kChld);
        case SIGIO:
            return pick(kPoll);
        case SIGPROF:
            return pick(kProf);
        case SIGILL:
            return pick(kIll);
        case SIGFPE:
            return pick(kFpe);
        case SIGSEGV:
            return pick(kSegv);
        case SIGBUS:
            return pick(kBus);
        case SIGSYS:
            return pick(kSys);
        default:
            return {};
    }
}

/// C's %#x: 0 is "0", not "0x0".
void appendHex(std::string& out, unsigned value) {
    if (value == 0) {
        out += '0';
    } else {
        fmt::format_to(std::back_inserter(out), "{:#x}", value);
    }
}

/// A signal by name, or its number when it has none (as strace's printsignal).
void appendSignal(std::string& out, int sig) {
    const std::string_view name = signalName(sig);
    if (name.empty()) {
        fmt::format_to(std::back_inserter(out), "{}", sig);
    } else {
        out += name;
    }
}

/// An address: NULL or 0x... .
void appendPointer(std::string& out, const void* ptr) {
    if (ptr == nullptr) {
        out += "NULL";
    } else {
        fmt::format_to(std::back_inserter(out), "{:#x}", reinterpret_cast<uintptr_t>(ptr));
    }
}

/// The sender: si_pid and si_uid (a uid of -1 as -1, as strace's ids).
void appendSource(std::string& out, const siginfo_t& si) {
    fmt::format_to(std::back_inserter(out), ", si_pid={}, si_uid=", si.si_pid);
    if (si.si_uid == static_cast<uid_t>(-1)) {
        out += "-1";
    } else {
        fmt::format_to(std::back_inserter(out), "{}", si.si_uid);
    }
}

/// The value of a queued signal: si_int and si_ptr.
void appendValue(std::string& out, const siginfo_t& si) {
    fmt::format_to(std::back_inserter(out), ", si_int={}, si_ptr=", si.si_int);
    appendPointer(out, si.si_ptr);
}

void appendSyscallField(std::string& out, const siginfo_t& si) {
    const Arch arch = archFromAudit(si.si_arch);
    const SyscallInfo& info = lookupSyscall(arch, si.si_syscall);
    out += ", si_syscall=";
    if (arch != Arch::Unknown && findSyscall(info.name) != nullptr) {
        out += "__NR_";
        out += info.name;
    } else {
        fmt::format_to(std::back_inserter(out), "{}", si.si_syscall);
    }
    out += ", si_arch=";
    switch (si.si_arch) {
        case AUDIT_ARCH_X86_64:
            out += "AUDIT_ARCH_X86_64";
            break;
        case AUDIT_ARCH_I386:
            out += "AUDIT_ARCH_I386";
            break;
        default:
            fmt::format_to(std::back_inserter(out), "{:#x} /* AUDIT_ARCH_??? */", si.si_arch);
    }
}

/// The fields after si_code, chosen by where the signal came from and which signal it is.
void appendDetails(std::string& out, const siginfo_t& si) {
    if (si.si_errno != 0) {
        out += ", si_errno=";
        const char* name = strerrorname_np(si.si_errno);
        if (name != nullptr) {
            out += name;
        } else {
            fmt::format_to(std::back_inserter(out), "{}", si.si_errno);
        }
    }
    if (si.si_code <= 0) {  // sent by a process (kill, tgkill, sigqueue, timers, ...)
        switch (si.si_code) {
            case SI_USER:
            case SI_TKILL:
                appendSource(out, si);
                return;
            case SI_TIMER:
                out += ", si_timerid=";
                appendHex(out, static_cast<unsigned>(si.si_timerid));
                fmt::format_to(std::back_inserter(out), ", si_overrun={}", si.si_overrun);
                appendValue(out, si);
                return;
            case SI_SIGIO:
                fmt::format_to(std::back_inserter(out), ", si_band={}, si_fd={}", si.si_band,
                               si.si_fd);
                return;
            default:
                appendSource(out, si);
                if (si.si_ptr != nullptr) appendValue(out, si);
                return;
        }
    }
    switch (si.si_signo) {
        case SIGCHLD:
            appendSource(out, si);
            out += ", si_status=";
            if (si.si_code == CLD_EXITED) {
                fmt::format_to(std::back_inserter(out), "{}", si.si_status);
            } else {
                appendSignal(out, si.si_status);
            }
            fmt::format_to(std::back_inserter(out), ", si_utime={}, si_stime={}",
                           static_cast<long long>(si.si_utime),
                           static_cast<long long>(si.si_stime));
            return;
        case SIGILL:
        case SIGFPE:
        case SIGTRAP:
            out += ", si_addr=";
            appendPointer(out, si.si_addr);
            return;
        case SIGBUS:
            out += ", si_addr=";
            appendPointer(out, si.si_addr);
            if (si.si_code == BUS_MCEERR_AR || si.si_code == BUS_MCEERR_AO) {
                out += ", si_addr_lsb=";
                appendHex(out, static_cast<unsigned>(si.si_addr_lsb));
            }
            return;
        case SIGSEGV:
            out += ", si_addr=";
            appendPointer(out, si.si_addr);
            if (si.si_code == SEGV_BNDERR) {
                out += ", si_lower=";
                appendPointer(out, si.si_lower);
                out += ", si_upper=";
                appendPointer(out, si.si_upper);
            } else if (si.si_code == SEGV_PKUERR) {
                fmt::format_to(std::back_inserter(out), ", si_pkey={}", si.si_pkey);
            }
            return;
        case SIGIO:
            if (si.si_code == POLL_IN || si.si_code == POLL_OUT || si.si_code == POLL_MSG) {
                fmt::format_to(std::back_inserter(out), ", si_band={}, si_fd={}", si.si_band,
                               si.si_fd);
            }
            return;
        case SIGSYS:
            out += ", si_call_addr=";
            appendPointer(out, si.si_call_addr);
            appendSyscallField(out, si);
            return;
        default:
            if (si.si_pid != 0 || si.si_uid != 0) appendSource(out, si);
            if (si.si_ptr != nullptr) appendValue(out, si);
            return;
    }
}

}  // namespace

std::string siCodeName(int signo, int code) {
    std::string_view name = genericCodeName(code);
    if (name.empty()) name = signalCodeName(signo, code);
    if (!name.empty()) return std::string(name);
    std::string out;
    appendHex(out, static_cast<unsigned>(code));
    return out;
}

std::string siginfoText(const siginfo_t& si) {
    std::string out = "{";
    if (si.si_signo != 0) {
        out += "si_signo=";
        appendSignal(out, si.si_signo);
        out += ", si_code=";
        out += siCodeName(si.si_signo, si.si_code);
        appendDetails(out, si);
    }
    out += '}';
    return out;
}

}  // namespace scratch::tracer
