// The return value as strace shows it (ArgDecoder.h: formatReturn, errnoName): by the row's
// RetRole, with the arguments for the roles whose shape depends on them (fcntl, prctl).
#include <fmt/format.h>

#include <array>
#include <cstring>

#include "tracer/ArgDecoder.h"
#include "tracer/CallDepthRoles.h"
#include "tracer/DecodeText.h"
#include "tracer/FlagText.h"

namespace scratch::tracer {

namespace {

bool isFailure(int64_t ret) { return ret < 0 && ret >= -4095; }

/// "-1 ENOENT (No such file or directory)", built once per errno and thread: strerror goes
/// through gettext on every call, and failed calls (ENOENT above all) are common.
const std::string& failureText(int err) {
    thread_local std::array<std::string, 256> texts;
    thread_local std::string rare;
    std::string& text = err > 0 && err < static_cast<int>(texts.size()) ? texts[err] : rare;
    if (text.empty() || &text == &rare) {
        text = fmt::format("-1 {} ({})", errnoName(err), std::strerror(err));
    }
    return text;
}

/// fcntl's return by command: an fd (F_DUPFD), flags (F_GETFD, F_GETFL); empty for a number.
std::string fcntlReturn(uint64_t cmd, int64_t ret, const FdNamer& fdName,
                        const DecodeOptions& opts) {
    switch (cmd & 0xffffffffU) {
        case 0:
        case 1030:
            return fdText(ret, fdName, opts);  // F_DUPFD(_CLOEXEC)
        case 1:                                // F_GETFD
            return ret == 0 ? std::string("0")
                            : fmt::format("{:#x} (flags {})", ret,
                                          flagsText(static_cast<uint64_t>(ret), fdFlagNames()));
        case 3:  // F_GETFL
            return fmt::format("{:#x} (flags {})", ret,
                               formatOpenFlags(static_cast<uint64_t>(ret)));
        default:
            return {};
    }
}

}  // namespace

std::string formatReturn(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                         const FdNamer& fdName, const DecodeOptions& opts) {
    if (args != nullptr && !isFailure(ret)) {
        if (info.ret == RetRole::FcntlRet) {
            const int cmdArg = argOfRole(info, ArgRole::Fcntl);
            if (cmdArg >= 0) {
                std::string text = fcntlReturn(args[cmdArg], ret, fdName, opts);
                if (!text.empty()) return text;
            }
        } else if (info.ret == RetRole::PrctlRet) {
            const int optionArg = argOfRole(info, ArgRole::Prctl);
            if (optionArg >= 0 && (args[optionArg] & 0xffffffffU) == 3 && ret >= 0 && ret <= 2) {
                static constexpr std::string_view kDump[] = {"SUID_DUMP_DISABLE", "SUID_DUMP_USER",
                                                             "SUID_DUMP_ROOT"};
                return fmt::format("{} ({})", ret, kDump[ret]);  // PR_GET_DUMPABLE
            }
        }
    }
    return formatReturn(info, ret, fdName, opts);
}

std::string formatReturn(const SyscallInfo& info, int64_t ret, const FdNamer& fdName,
                         const DecodeOptions& opts) {
    if (info.ret == RetRole::NoReturn) return "?";
    if (is32(opts) && info.ret != RetRole::Hex) ret = static_cast<int32_t>(ret);
    if (isFailure(ret)) {
        const int err = static_cast<int>(-ret);
        switch (err) {
            case 512:
                return "? ERESTARTSYS (To be restarted if SA_RESTART is set)";
            case 513:
                return "? ERESTARTNOINTR (To be restarted)";
            case 514:
                return "? ERESTARTNOHAND (To be restarted if no handler)";
            case 516:
                return "? ERESTART_RESTARTBLOCK (Interrupted by signal)";
            default:
                break;
        }
        return failureText(err);
    }
    switch (info.ret) {
        case RetRole::Fd:
            return fdText(ret, fdName, opts);
        case RetRole::Hex:
            return hex(is32(opts) ? (static_cast<uint64_t>(ret) & 0xffffffffU)
                                  : static_cast<uint64_t>(ret));
        case RetRole::Mode:
            return modeText(static_cast<uint64_t>(ret));
        case RetRole::SignalRet:
        case RetRole::SchedPolicyRet:
            return decimal(ret) + callDepthReturnSuffix(info.ret, ret);
        default:
            break;
    }
    return decimal(ret);
}

std::string errnoName(int err) {
    switch (err) {
        case 512:
            return "ERESTARTSYS";
        case 513:
            return "ERESTARTNOINTR";
        case 514:
            return "ERESTARTNOHAND";
        case 515:
            return "ENOIOCTLCMD";
        case 516:
            return "ERESTART_RESTARTBLOCK";
        default:
            break;
    }
    if (const char* name = strerrorname_np(err)) return name;
    return fmt::format("E{}", err);
}

}  // namespace scratch::tracer
