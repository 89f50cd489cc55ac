// strace-style rendering of syscall arguments and return values.
//
// The reference is `strace -y -s 32` (strace 6.x): the per-role printers follow its printstr /
// printpath / printflags / printfd conventions, and a handful of syscalls whose shape depends on
// their own arguments (open's optional mode, clone's named arguments, mount's ignored type and
// data, fcntl's third argument) are special-cased the way strace special-cases them.
// Nothing here throws: a read that fails shows the address, as strace does.
#include "tracer/ArgDecoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "tracer/FlagNames.h"
#include "tracer/SockaddrDecoder.h"
#include "tracer/StructDecoders.h"
#include "tracer/StructRoleDispatch.h"

namespace scratch::tracer {

namespace {

constexpr size_t kPathMax = kDecodePathMax;
constexpr size_t kMaxEnvCount = 1U << 16;
constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);
constexpr uint64_t kCloneSignalMask = 0xff;
constexpr uint64_t kCloneParentSettid = 0x100000;
constexpr uint64_t kCloneChildCleartid = 0x200000;
constexpr uint64_t kCloneChildSettid = 0x1000000;
constexpr uint64_t kCloneSettls = 0x80000;
constexpr uint64_t kClonePidfd = 0x1000;
constexpr uint64_t kCloneIntoCgroup = 0x200000000ULL;
constexpr uint64_t kOCreat = 0x40;
constexpr uint64_t kOTmpfile = 0x410000;
constexpr uint64_t kOPath = 0x200000;
constexpr uint64_t kOTrunc = 0x200;

/// struct clone_args (linux/sched.h), all fields u64.
struct CloneArgs {
    uint64_t flags, pidfd, childTid, parentTid, exitSignal, stack, stackSize, tls, setTid,
        setTidSize, cgroup;
};
constexpr size_t kCloneArgsMinSize = 64;  // up to and including tls (CLONE_ARGS_SIZE_VER0)

/// struct open_how (linux/openat2.h).
struct OpenHow {
    uint64_t flags, mode, resolve;
};

struct Ctx {
    const SyscallInfo& info;
    const uint64_t* args;
    TraceeMemory& mem;
    const FdNamer& fdName;
    const DecodeOptions& opts;
};

bool is32(const DecodeOptions& opts) { return opts.arch == Arch::I386; }

/// An int-typed argument. The upper half of a 64-bit register is not part of an int (i386
/// arguments arrive zero-extended, and so do some x86_64 ones), so 0x00000000ffffffff is -1.
int64_t asInt(uint64_t v, const DecodeOptions& opts) {
    if (is32(opts) || ((v >> 32) == 0 && (v & 0x80000000U))) return static_cast<int32_t>(v);
    return static_cast<int64_t>(v);
}

/// Decimal text of an integer without fmt's format-string machinery (every call has some).
template <typename Int>
std::string decimal(Int v) {
    return fmt::format_int(v).str();
}

/// "0x..." in lowercase, as fmt's {:#x}: written backwards into a small buffer.
void appendHex(std::string& out, uint64_t v) {
    char buf[2 + 16];
    char* end = buf + sizeof buf;
    char* p = end;
    do {
        *--p = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v != 0);
    *--p = 'x';
    *--p = '0';
    out.append(p, static_cast<size_t>(end - p));
}

std::string hexDigits(uint64_t v) {
    std::string out;
    appendHex(out, v);
    return out;
}

std::string hex(uint64_t v) { return v == 0 ? std::string("0") : hexDigits(v); }

std::string addr(uint64_t v) { return v == 0 ? std::string("NULL") : hexDigits(v); }

void appendOctalEscape(std::string& out, unsigned char c, bool nextIsOctalDigit) {
    out += '\\';
    if (nextIsOctalDigit || c >= 0100) {
        out += static_cast<char>('0' + (c >> 6));
        out += static_cast<char>('0' + ((c >> 3) & 7));
    } else if (c >= 010) {
        out += static_cast<char>('0' + ((c >> 3) & 7));
    }
    out += static_cast<char>('0' + (c & 7));
}

/// Whether c is in `chars` (a couple of characters: a plain loop, no memchr call per byte).
bool isOneOfChars(unsigned char c, std::string_view chars) {
    return std::ranges::any_of(chars, [c](char x) { return static_cast<unsigned char>(x) == c; });
}

/// escapeString plus octal escapes for `extra` characters (strace escapes '<' '>' in -y paths).
/// Runs of characters shown as they are go in with one append each, not a push_back per byte.
void appendEscaped(std::string& out, std::string_view bytes, std::string_view extra = {}) {
    const auto shownAsIs = [&](unsigned char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && !isOneOfChars(c, extra);
    };
    size_t i = 0;
    while (i < bytes.size()) {
        size_t run = i;
        while (run < bytes.size() && shownAsIs(static_cast<unsigned char>(bytes[run]))) ++run;
        if (run > i) {
            out.append(bytes.data() + i, run - i);
            i = run;
            continue;
        }
        const auto c = static_cast<unsigned char>(bytes[i]);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\v':
                out += "\\v";
                break;
            default: {
                const bool nextOctal =
                    i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
                appendOctalEscape(out, c, nextOctal);
            }
        }
        ++i;
    }
}

/// strace's -x / -xx: set once from the command line before anything is decoded.
HexStrings gHexStrings = HexStrings::Never;

/// "\xNN" for every byte (-xx), or for every byte of a string with a byte that is neither
/// printable ASCII nor white space (-x), as strace's string_quote decides.
bool appendHexIfAsked(std::string& out, std::string_view bytes) {
    if (gHexStrings == HexStrings::Never) return false;
    const auto needsHex = [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c > 0x7e || (c < 0x20 && (c < '\t' || c > '\r'));
    };
    if (gHexStrings == HexStrings::NonAscii && std::ranges::none_of(bytes, needsHex)) return false;
    static constexpr char kDigits[] = "0123456789abcdef";
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        out += "\\x";
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return true;
}

void appendQuoted(std::string& out, std::string_view bytes, bool truncated) {
    out += '"';
    if (!appendHexIfAsked(out, bytes)) appendEscaped(out, bytes);
    out += '"';
    if (truncated) out += "...";
}

std::string quoted(std::string_view bytes, bool truncated) {
    std::string out;
    out.reserve(bytes.size() + 8);
    appendQuoted(out, bytes, truncated);
    return out;
}

template <typename Int>
void appendDecimal(std::string& out, Int v) {
    const fmt::format_int text(v);
    out.append(text.data(), text.size());
}

void appendAddr(std::string& out, uint64_t v) {
    if (v == 0) {
        out += "NULL";
    } else {
        appendHex(out, v);
    }
}

/// tracedString into `out`: the raw bytes go through one buffer kept between calls, the quoted
/// text straight into the argument's own string (which keeps its room from the last event).
void appendTracedString(std::string& out, TraceeMemory& mem, uint64_t p, size_t maxLen) {
    if (p == 0) {
        out += "NULL";
        return;
    }
    thread_local std::string raw;
    bool truncated = false;
    if (!mem.readString(p, maxLen, raw, &truncated)) {
        appendHex(out, p);
        return;
    }
    appendQuoted(out, raw, truncated);
}

/// tracedBuffer into `out`.
void appendTracedBuffer(std::string& out, TraceeMemory& mem, uint64_t p, uint64_t len,
                        size_t maxString) {
    if (p == 0) {
        out += "NULL";
        return;
    }
    const auto n = static_cast<size_t>(std::min<uint64_t>(len, maxString));
    thread_local std::string raw;
    raw.resize(n);
    if (n != 0 && mem.read(p, raw.data(), n) != n) {
        appendHex(out, p);
        return;
    }
    appendQuoted(out, raw, len > maxString);
}

/// A NUL-terminated string in the tracee: "..." quoted, NULL, or the address when unreadable.
std::string tracedString(TraceeMemory& mem, uint64_t p, size_t maxLen) {
    if (p == 0) return "NULL";
    std::string s;
    bool truncated = false;
    if (!mem.readString(p, maxLen, s, &truncated)) return addr(p);
    return quoted(s, truncated);
}

/// A buffer of `len` bytes, shown up to maxString bytes.
std::string tracedBuffer(TraceeMemory& mem, uint64_t p, uint64_t len, size_t maxString) {
    if (p == 0) return "NULL";
    const auto n = static_cast<size_t>(std::min<uint64_t>(len, maxString));
    // The raw bytes only live until they are quoted: one buffer kept for every call.
    thread_local std::string buf;
    buf.resize(n);
    if (n != 0 && mem.read(p, buf.data(), n) != n) return addr(p);
    return quoted(buf, len > maxString);
}

void appendFdText(std::string& out, int64_t fd, const FdNamer& fdName, const DecodeOptions& opts) {
    appendDecimal(out, fd);
    if (fd >= 0 && opts.showFdPaths && fdName) {
        const std::string* path = fdName(static_cast<int>(fd));
        if (path != nullptr && !path->empty()) {
            // The kernel's mark of an unlinked file, shown after the path as strace -y does.
            static constexpr std::string_view kDeleted = " (deleted)";
            std::string_view shown = *path;
            const bool deleted = shown.size() > kDeleted.size() && shown.ends_with(kDeleted);
            if (deleted) shown.remove_suffix(kDeleted.size());
            out += '<';
            appendEscaped(out, shown, "<>");
            out += deleted ? ">(deleted)" : ">";
        }
    }
}

std::string fdText(int64_t fd, const FdNamer& fdName, const DecodeOptions& opts) {
    std::string out;
    appendFdText(out, fd, fdName, opts);
    return out;
}

std::string modeText(uint64_t mode) { return fmt::format("{:#03o}", mode & 07777777); }

std::string flagsText(uint64_t v, std::span<const FlagName> names, std::string_view zero = {},
                      std::string_view hint = {}) {
    std::string out;
    appendFlags(out, v, names, zero, hint);
    return out;
}

std::string enumText(uint64_t v, std::span<const FlagName> names, std::string_view hint = {},
                     bool decimal = false) {
    std::string out;
    appendEnum(out, v, names, hint, decimal);
    return out;
}

std::string signalText(int64_t sig) {
    const std::string_view name = signalName(static_cast<int>(sig));
    if (!name.empty()) return std::string(name);
    return fmt::format("{}", sig);
}

std::string accessModeText(uint64_t mode) {
    return flagsText(mode, accessModeNames(), "F_OK", "?_OK");
}

std::string mapFlagsText(uint64_t flags) {
    std::string out;
    const uint64_t type = flags & 0xf;
    appendEnum(out, type, mapTypeNames(), "MAP_???");
    const uint64_t rest = flags & ~0xfULL;
    if (rest != 0) {
        out += '|';
        appendFlags(out, rest, mapFlagNames());
    }
    return out;
}

std::string sockTypeText(uint64_t v) {
    std::string out;
    appendEnum(out, v & 0xf, sockTypeNames(), "SOCK_???");
    if (const uint64_t rest = v & ~0xfULL) {
        out += '|';
        appendFlags(out, rest, sockFlagNames());
    }
    return out;
}

std::string statxMaskText(uint64_t v) {
    // STATX_ALL (0xfff) is how strace names BASIC_STATS|BTIME.
    if ((v & 0xfff) == 0xfff) {
        std::string out = "STATX_ALL";
        if (const uint64_t rest = v & ~0xfffULL) {
            out += '|';
            appendFlags(out, rest, statxMaskNames());
        }
        return out;
    }
    return flagsText(v, statxMaskNames(), "0", "STATX_???");
}

std::string atFlagsText(const SyscallInfo& info, uint64_t v) {
    if (info.name == "statx") {
        // The sync type lives in two bits whose zero value has a name of its own.
        std::string out;
        if ((v & 0x6000) == 0) {
            out = "AT_STATX_SYNC_AS_STAT";
            if (v != 0) {
                out += '|';
                appendFlags(out, v, atFlagNames());
            }
            return out;
        }
        return flagsText(v, atFlagNames());
    }
    if (info.name == "faccessat2" && (v & 0x200)) {  // AT_EACCESS shares AT_REMOVEDIR's bit
        std::string out = "AT_EACCESS";
        if (const uint64_t rest = v & ~0x200ULL) {
            out += '|';
            appendFlags(out, rest, atFlagNames());
        }
        return out;
    }
    return flagsText(v, atFlagNames(), "0", "AT_???");
}

std::string fsFlagsText(const SyscallInfo& info, uint64_t v) {
    static constexpr FlagName kCloexec1[] = {{1, "FSOPEN_CLOEXEC"}};
    static constexpr FlagName kFsmount[] = {{1, "FSMOUNT_CLOEXEC"}};
    static constexpr FlagName kFspick[] = {{1, "FSPICK_CLOEXEC"},
                                           {2, "FSPICK_SYMLINK_NOFOLLOW"},
                                           {4, "FSPICK_NO_AUTOMOUNT"},
                                           {8, "FSPICK_EMPTY_PATH"}};
    if (info.name == "move_mount") return flagsText(v, moveMountFlagNames());
    if (info.name == "open_tree") return flagsText(v, openTreeFlagNames());
    if (info.name == "fsopen") return flagsText(v, kCloexec1);
    if (info.name == "fsmount") return flagsText(v, kFsmount);
    if (info.name == "fspick") return flagsText(v, kFspick);
    return hex(v);
}

std::string argvText(TraceeMemory& mem, uint64_t p, const DecodeOptions& opts) {
    if (p == 0) return "NULL";
    const size_t word = is32(opts) ? 4 : 8;
    std::string out = "[";
    for (size_t i = 0;; ++i) {
        uint64_t elem = 0;
        if (mem.read(p + i * word, &elem, word) != word) {
            if (i == 0) return addr(p);
            out += ", ...";
            break;
        }
        if (word == 4) elem &= 0xffffffffU;
        if (elem == 0) break;
        if (i != 0) out += ", ";
        if (i >= opts.maxString) {
            out += "...";
            break;
        }
        out += tracedString(mem, elem, opts.maxString);
    }
    out += ']';
    return out;
}

std::string envpText(TraceeMemory& mem, uint64_t p, const DecodeOptions& opts) {
    if (opts.showEnv) return argvText(mem, p, opts);
    if (p == 0) return "NULL";
    const size_t word = is32(opts) ? 4 : 8;
    size_t count = 0;
    uint64_t chunk[64];
    for (;;) {
        const size_t got = mem.read(p + count * word, chunk, sizeof chunk);
        const size_t words = got / word;
        if (words == 0) {
            if (count == 0) return addr(p);
            break;
        }
        bool done = false;
        const auto* bytes = reinterpret_cast<const unsigned char*>(chunk);
        for (size_t i = 0; i < words; ++i) {
            uint64_t elem = 0;
            std::memcpy(&elem, bytes + i * word, word);
            if (elem == 0) {
                done = true;
                break;
            }
            ++count;
        }
        if (done || count >= kMaxEnvCount) break;
    }
    return fmt::format("{:#x} /* {} var{} */", p, count, count == 1 ? "" : "s");
}

std::string clone3Text(TraceeMemory& mem, uint64_t p, uint64_t size) {
    if (size < kCloneArgsMinSize) return addr(p);
    CloneArgs a{};
    const size_t fetch = static_cast<size_t>(std::min<uint64_t>(size, sizeof a));
    if (p == 0 || mem.read(p, &a, fetch) != fetch) return addr(p);
    std::string out = "{flags=";
    appendFlags(out, a.flags, clone3FlagNames(), "0");
    if (a.flags & kClonePidfd) out += fmt::format(", pidfd={}", addr(a.pidfd));
    if (a.flags & (kCloneChildSettid | kCloneChildCleartid)) {
        out += fmt::format(", child_tid={}", addr(a.childTid));
    }
    if (a.flags & kCloneParentSettid) out += fmt::format(", parent_tid={}", addr(a.parentTid));
    out += ", exit_signal=";
    out += a.exitSignal < 0x7fffffff ? signalText(static_cast<int64_t>(a.exitSignal))
                                     : fmt::format("{}", a.exitSignal);
    out += fmt::format(", stack={}, stack_size={}", addr(a.stack), hex(a.stackSize));
    if (a.flags & kCloneSettls) out += fmt::format(", tls={}", addr(a.tls));
    if (a.setTid != 0 || a.setTidSize != 0) {
        out += fmt::format(", set_tid={}, set_tid_size={}", addr(a.setTid), a.setTidSize);
    }
    if (fetch > offsetof(CloneArgs, cgroup) && (a.cgroup != 0 || (a.flags & kCloneIntoCgroup))) {
        out += fmt::format(", cgroup={}", a.cgroup);
    }
    out += '}';
    return out;
}

std::string openHowText(TraceeMemory& mem, uint64_t p, uint64_t size) {
    OpenHow how{};
    if (p == 0 || size < sizeof how || mem.read(p, &how, sizeof how) != sizeof how) {
        return addr(p);
    }
    std::string out = "{flags=" + formatOpenFlags(how.flags);
    if (how.mode != 0 || (how.flags & kOCreat) || (how.flags & kOTmpfile) == kOTmpfile) {
        out += ", mode=" + modeText(how.mode);
    }
    if (how.resolve != 0) out += ", resolve=" + flagsText(how.resolve, resolveFlagNames());
    out += '}';
    return out;
}

/// The generic renderer for one argument by role. `i` is its index (for "size in next arg").
std::string renderArg(const Ctx& c, size_t i) {
    const uint64_t v = c.args[i];
    const uint64_t next = i + 1 < 6 ? c.args[i + 1] : 0;
    switch (c.info.args[i]) {
        case ArgRole::None:
            return {};
        case ArgRole::Int:
            return decimal(asInt(v, c.opts));
        case ArgRole::Uint:
            return decimal(is32(c.opts) ? (v & 0xffffffffU) : v);
        case ArgRole::Hex:
            return hex(v);
        case ArgRole::Ptr:
            return addr(v);
        case ArgRole::Fd:
            return fdText(static_cast<int32_t>(v), c.fdName, c.opts);
        case ArgRole::DirFd:
            if (static_cast<int32_t>(v) == static_cast<int32_t>(kAtFdcwd)) {
                std::string out = "AT_FDCWD";
                if (c.opts.showFdPaths && c.fdName) {
                    // strace -y shows the cwd: fdName(-100) is the namer's cue for it.
                    const std::string* cwd = c.fdName(-100);
                    if (cwd != nullptr && !cwd->empty()) {
                        out += '<';
                        appendEscaped(out, *cwd, "<>");
                        out += '>';
                    }
                }
                return out;
            }
            return fdText(static_cast<int32_t>(v), c.fdName, c.opts);
        case ArgRole::Path:
            return tracedString(c.mem, v, kPathMax);
        case ArgRole::String:
            // A symlink's target is printed like a path by strace, uncut.
            if (c.info.name == "symlink" || c.info.name == "symlinkat") {
                return tracedString(c.mem, v, kPathMax);
            }
            return tracedString(c.mem, v, c.opts.maxString);
        case ArgRole::Buffer:
            if (isOutputBuffer(c.info.name)) return addr(v);  // filled in by decodeExit
            return tracedBuffer(c.mem, v, next, c.opts.maxString);
        case ArgRole::OpenFlags:
            // pipe2(2) and dup3(2) take only O_CLOEXEC-style flags, no access mode.
            if (c.info.name == "pipe2" || c.info.name == "dup3") {
                return flagsText(v & 0xffffffffU, openFlagNames());
            }
            return formatOpenFlags(v & 0xffffffffU);
        case ArgRole::Mode:
            return modeText(v);
        case ArgRole::AtFlags:
            return atFlagsText(c.info, v & 0xffffffffU);
        case ArgRole::CloneFlags:
            return flagsText(v & 0xffffffffU, nsFlagNames(), "0", "CLONE_???");
        case ArgRole::MountFlags:
            return formatMountFlags(v);
        case ArgRole::UmountFlags:
            return flagsText(v & 0xffffffffU, umountFlagNames());
        case ArgRole::Signal:
            return signalText(asInt(v, c.opts));
        case ArgRole::Argv:
            return argvText(c.mem, v, c.opts);
        case ArgRole::Envp:
            return envpText(c.mem, v, c.opts);
        case ArgRole::Clone3Args:
            return clone3Text(c.mem, v, next);
        case ArgRole::OpenHow:
            return openHowText(c.mem, v, next);
        case ArgRole::AccessMode:
            return accessModeText(v & 0xffffffffU);
        case ArgRole::WaitOptions:
            return flagsText(v & 0xffffffffU, waitOptionNames());
        case ArgRole::Whence:
            return enumText(v & 0xffffffffU, whenceNames(), "SEEK_???");
        case ArgRole::ProtFlags:
            return flagsText(v & 0xffffffffU, protNames(), "PROT_NONE");
        case ArgRole::MapFlags:
            return mapFlagsText(v & 0xffffffffU);
        case ArgRole::Fcntl:
            return enumText(v & 0xffffffffU, fcntlNames(), "F_???");
        case ArgRole::SockFamily:
            return enumText(v & 0xffffffffU, familyNames(), "AF_???");
        case ArgRole::SockType:
            return sockTypeText(v & 0xffffffffU);
        case ArgRole::IoctlCmd:
            return enumText(v & 0xffffffffU, ioctlNames());
        case ArgRole::Prctl:
            return enumText(v & 0xffffffffU, prctlNames(), "PR_???");
        case ArgRole::Rlimit:
            return enumText(v & 0xffffffffU, rlimitNames(), "RLIMIT_???");
        case ArgRole::ClockId:
            return enumText(v & 0xffffffffU, clockNames(), "CLOCK_???");
        case ArgRole::Sigprocmask:
            return enumText(v & 0xffffffffU, sigprocmaskNames(), "SIG_???");
        case ArgRole::Ptrace:
            return enumText(v, ptraceNames(), "PTRACE_???");
        case ArgRole::SeccompOp:
            return enumText(v, seccompOpNames(), "SECCOMP_SET_MODE_???");
        case ArgRole::StatxMask:
            return statxMaskText(v & 0xffffffffU);
        case ArgRole::RenameFlags:
            return flagsText(v & 0xffffffffU, renameFlagNames(), "0", "RENAME_???");
        case ArgRole::FsopenFlags:
            return fsFlagsText(c.info, v);
        case ArgRole::SockaddrIn:
        case ArgRole::SockaddrOut:
        case ArgRole::SocklenPtr:
        case ArgRole::MsgHdr:
        case ArgRole::MsgFlags: {
            std::string out;
            decodeSocketArg(c.info, i, c.args, c.mem, c.opts, out);  // tracer/SockaddrDecoder.h
            return out;
        }
        case ArgRole::StatOut:
        case ArgRole::StatxOut:
        case ArgRole::TimespecIn:
        case ArgRole::TimespecOut:
        case ArgRole::RlimitIn:
        case ArgRole::RlimitOut:
        case ArgRole::UtsnameOut:
        case ArgRole::DirentsOut:
        case ArgRole::SigactionIn:
        case ArgRole::SigactionOut: {
            std::string out;
            decodeStructArg(c.info, i, c.args, c.mem, c.opts, out);  // tracer/StructDecoders.h
            return out;
        }
        case ArgRole::StatfsOut:
        case ArgRole::TimerFlags:
        case ArgRole::TimerfdFlags:
        case ArgRole::TimevalIn:
        case ArgRole::TimevalOut:
        case ArgRole::ItimerWhich:
        case ArgRole::ItimervalIn:
        case ArgRole::ItimervalOut:
        case ArgRole::ItimerspecIn:
        case ArgRole::ItimerspecOut:
        case ArgRole::SigeventIn:
        case ArgRole::IntOut:
        case ArgRole::SleepRemOut:
        case ArgRole::PollFds:
        case ArgRole::FdSet:
        case ArgRole::PselectSigmask:
        case ArgRole::EpollCtlOp:
        case ArgRole::EpollEventIn:
        case ArgRole::EpollEventsOut:
        case ArgRole::IovecIn:
        case ArgRole::IovecOut:
        case ArgRole::SigsetIn:
        case ArgRole::StackIn:
        case ArgRole::StackOut:
        case ArgRole::RusageWho:
        case ArgRole::RusageOut:
        case ArgRole::SysinfoOut:
        case ArgRole::TmsOut:
        case ArgRole::CapHeader:
        case ArgRole::CapDataIn:
        case ArgRole::CapDataOut:
        case ArgRole::GroupsIn:
        case ArgRole::GroupsOut:
        case ArgRole::CpuSetIn:
        case ArgRole::CpuSetOut:
        case ArgRole::SchedAttrIn:
        case ArgRole::SchedAttrOut:
        case ArgRole::SockProtocol:
        case ArgRole::SockoptLevel:
        case ArgRole::SockoptName:
        case ArgRole::SockoptIn:
        case ArgRole::SockoptOut:
        case ArgRole::MremapFlags:
        case ArgRole::SigreturnFrame: {
            std::string out;  // tracer/StructRoleDispatch.h
            decodeDepthArg(c.info, i, c.args, c.mem, c.fdName, c.opts, out);
            return out;
        }
    }
    return hex(v);
}

/// renderArg into `out` (cleared first). The common roles are written in place, so an event's
/// argument strings keep their room from the previous event instead of being allocated anew.
void renderArgInto(const Ctx& c, size_t i, std::string& out) {
    out.clear();
    const uint64_t v = c.args[i];
    switch (c.info.args[i]) {
        case ArgRole::None:
            return;
        case ArgRole::Int:
            return appendDecimal(out, asInt(v, c.opts));
        case ArgRole::Uint:
            return appendDecimal(out, is32(c.opts) ? (v & 0xffffffffU) : v);
        case ArgRole::Hex:
            if (v == 0) {
                out += '0';
            } else {
                appendHex(out, v);
            }
            return;
        case ArgRole::Ptr:
            return appendAddr(out, v);
        case ArgRole::Fd:
            return appendFdText(out, static_cast<int32_t>(v), c.fdName, c.opts);
        case ArgRole::Path:
            return appendTracedString(out, c.mem, v, kPathMax);
        case ArgRole::Buffer:
            if (isOutputBuffer(c.info.name)) return appendAddr(out, v);  // filled in by decodeExit
            return appendTracedBuffer(out, c.mem, v, i + 1 < 6 ? c.args[i + 1] : 0,
                                      c.opts.maxString);
        default:
            out = renderArg(c, i);
            return;
    }
}

void decodeClone(const Ctx& c, std::vector<std::string>& out) {
    // x86_64: flags, stack, parent_tid, child_tid, tls; the i386 ABI swaps the last two.
    const uint64_t raw = c.args[0];
    const uint64_t flags = raw & ~kCloneSignalMask & 0xffffffffU;
    const int sig = static_cast<int>(raw & kCloneSignalMask);
    const size_t ctidArg = is32(c.opts) ? 4 : 3;
    const size_t tlsArg = is32(c.opts) ? 3 : 4;
    out.push_back("child_stack=" + addr(c.args[1]));
    std::string f = "flags=";
    if (flags != 0) {
        appendFlags(f, flags, cloneFlagNames());
        if (sig != 0) {
            f += '|';
            f += signalText(sig);
        }
    } else {
        f += signalText(sig);
    }
    out.push_back(std::move(f));
    if (flags & (kCloneParentSettid | kClonePidfd)) out.push_back("parent_tid=" + addr(c.args[2]));
    if (flags & kCloneSettls) out.push_back("tls=" + addr(c.args[tlsArg]));
    if (flags & (kCloneChildSettid | kCloneChildCleartid)) {
        out.push_back("child_tidptr=" + addr(c.args[ctidArg]));
    }
}

void decodeMount(const Ctx& c, std::vector<std::string>& out) {
    uint64_t flags = c.args[3];
    if ((flags & 0xffff0000U) == 0xc0ed0000U) flags &= 0xffff;  // MS_MGC_VAL: old magic
    constexpr uint64_t kMsRemount = 0x20;
    constexpr uint64_t kIgnoreBoth = 0x1000 | 0x2000 | 0x100000 | 0x40000 | 0x80000 | 0x20000;
    const bool ignoreType = (flags & kMsRemount) || (flags & kIgnoreBoth);
    const bool ignoreData = !(flags & kMsRemount) && (flags & kIgnoreBoth);
    out.push_back(tracedString(c.mem, c.args[0], kPathMax));
    out.push_back(tracedString(c.mem, c.args[1], kPathMax));
    out.push_back(ignoreType ? addr(c.args[2]) : tracedString(c.mem, c.args[2], c.opts.maxString));
    out.push_back(formatMountFlags(c.args[3]));
    out.push_back(ignoreData ? addr(c.args[4]) : tracedString(c.mem, c.args[4], c.opts.maxString));
}

void decodeFcntl(const Ctx& c, std::vector<std::string>& out) {
    out.push_back(renderArg(c, 0));
    out.push_back(renderArg(c, 1));
    const uint64_t cmd = c.args[1] & 0xffffffffU;
    const uint64_t arg = c.args[2];
    switch (cmd) {
        case 1:
        case 3:
        case 9:
        case 11:
        case 1025:
        case 1032:
        case 1034:  // getters: no arg
            return;
        case 2:
            out.push_back(flagsText(arg & 0xffffffffU, fdFlagNames()));
            return;  // F_SETFD
        case 4:
            out.push_back(formatOpenFlags(arg & 0xffffffffU));
            return;  // F_SETFL
        case 0:
        case 1030:
        case 8:
        case 10:
        case 1031:
        case 1026:
        case 1033:
            out.push_back(fmt::format("{}", asInt(arg, c.opts)));
            return;
        default:
            out.push_back(addr(arg));
            return;
    }
}

void decodeFutex(const Ctx& c, std::vector<std::string>& out) {
    static constexpr std::string_view kOps[] = {
        "FUTEX_WAIT",           "FUTEX_WAKE",        "FUTEX_FD",          "FUTEX_REQUEUE",
        "FUTEX_CMP_REQUEUE",    "FUTEX_WAKE_OP",     "FUTEX_LOCK_PI",     "FUTEX_UNLOCK_PI",
        "FUTEX_TRYLOCK_PI",     "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
        "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
    };
    const uint64_t op = c.args[1] & 0xffffffffU;
    const uint64_t cmd = op & 0x7f;
    out.push_back(addr(c.args[0]));
    std::string o;
    if (cmd < std::size(kOps)) {
        o += kOps[cmd];
        if (op & 0x80) o += "_PRIVATE";
        if (op & 0x100) o += "|FUTEX_CLOCK_REALTIME";
        if (const uint64_t rest = op & ~0x1ffULL) o += fmt::format("|{:#x}", rest);
    } else {
        o = hex(op);
    }
    out.push_back(std::move(o));
    const auto val = [&](size_t i) { return fmt::format("{}", static_cast<uint32_t>(c.args[i])); };
    const auto bitset = [&](size_t i) {
        const auto b = static_cast<uint32_t>(c.args[i]);
        return b == 0xffffffffU ? std::string("FUTEX_BITSET_MATCH_ANY") : fmt::format("{:#x}", b);
    };
    out.push_back(val(2));
    switch (cmd) {
        case 0:
        case 6:
        case 13:
            out.push_back(addr(c.args[3]));
            break;  // timeout
        case 9:     // FUTEX_WAIT_BITSET: timeout, bitset (uaddr2 is unused)
            out.push_back(addr(c.args[3]));
            out.push_back(bitset(5));
            break;
        case 10:
            out.push_back(bitset(5));
            break;  // FUTEX_WAKE_BITSET
        case 3:
            out.push_back(val(3));
            out.push_back(addr(c.args[4]));
            break;
        case 4:
        case 12:
            out.push_back(val(3));
            out.push_back(addr(c.args[4]));
            out.push_back(val(5));
            break;
        case 5:
            out.push_back(val(3));
            out.push_back(addr(c.args[4]));
            out.push_back(hex(c.args[5] & 0xffffffffU));
            break;
        case 11:
            out.push_back(addr(c.args[3]));
            out.push_back(addr(c.args[4]));
            break;
        default:
            break;  // FUTEX_WAKE, FUTEX_FD, FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI
    }
}

void decodeArchPrctl(const Ctx& c, std::vector<std::string>& out) {
    static constexpr FlagName kCodes[] = {
        {0x1001, "ARCH_SET_GS"},
        {0x1002, "ARCH_SET_FS"},
        {0x1003, "ARCH_GET_FS"},
        {0x1004, "ARCH_GET_GS"},
        {0x1011, "ARCH_GET_CPUID"},
        {0x1012, "ARCH_SET_CPUID"},
        {0x1021, "ARCH_GET_XCOMP_SUPP"},
        {0x1022, "ARCH_GET_XCOMP_PERM"},
        {0x1023, "ARCH_REQ_XCOMP_PERM"},
        {0x1024, "ARCH_GET_XCOMP_GUEST_PERM"},
        {0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"},
        {0x2001, "ARCH_MAP_VDSO_X32"},
        {0x2002, "ARCH_MAP_VDSO_32"},
        {0x2003, "ARCH_MAP_VDSO_64"},
        {0x5001, "ARCH_SHSTK_ENABLE"},
        {0x5002, "ARCH_SHSTK_DISABLE"},
        {0x5003, "ARCH_SHSTK_LOCK"},
        {0x5004, "ARCH_SHSTK_UNLOCK"},
        {0x5005, "ARCH_SHSTK_STATUS"},
    };
    out.push_back(enumText(c.args[0] & 0xffffffffU, kCodes, "ARCH_???"));
    out.push_back(addr(c.args[1]));
}

/// A sigset as strace shows it: "[HUP CHLD]", or "~[KILL STOP]" when most signals are in it.
std::string sigsetText(TraceeMemory& mem, uint64_t p, uint64_t size) {
    if (p == 0) return "NULL";
    if (size == 0 || size > 8) return addr(p);
    uint64_t bits = 0;
    if (mem.read(p, &bits, static_cast<size_t>(size)) != size) return addr(p);
    const unsigned nsig = static_cast<unsigned>(size) * 8;
    const bool invert = static_cast<unsigned>(__builtin_popcountll(bits)) > nsig / 2;
    if (invert) bits = ~bits & (nsig == 64 ? ~0ULL : ((1ULL << nsig) - 1));
    std::string out = invert ? "~[" : "[";
    bool first = true;
    for (unsigned i = 0; i < nsig; ++i) {
        if (!(bits & (1ULL << i))) continue;
        if (!first) out += ' ';
        first = false;
        const std::string_view name = signalName(static_cast<int>(i + 1));
        if (name.starts_with("SIG")) {
            out += name.substr(3);
        } else {
            out += fmt::format("{}", i + 1);
        }
    }
    out += ']';
    return out;
}

void decodePrctl(const Ctx& c, std::vector<std::string>& out) {
    static constexpr std::string_view kCaps[] = {
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_DAC_READ_SEARCH",
        "CAP_FOWNER",
        "CAP_FSETID",
        "CAP_KILL",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN",
        "CAP_NET_RAW",
        "CAP_IPC_LOCK",
        "CAP_IPC_OWNER",
        "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO",
        "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT",
        "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG",
        "CAP_MKNOD",
        "CAP_LEASE",
        "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN",
        "CAP_SYSLOG",
        "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ",
        "CAP_PERFMON",
        "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    };
    const uint64_t option = c.args[0] & 0xffffffffU;
    out.push_back(enumText(option, prctlNames(), "PR_???"));
    const auto u = [&](size_t i) { return fmt::format("{}", c.args[i]); };
    switch (option) {
        case 23:
        case 24: {  // PR_CAPBSET_READ, PR_CAPBSET_DROP
            const uint64_t cap = c.args[1];
            out.push_back(cap < std::size(kCaps) ? std::string(kCaps[cap])
                                                 : fmt::format("{:#x} /* CAP_??? */", cap));
            return;
        }
        case 15:
            out.push_back(tracedString(c.mem, c.args[1], 16));
            return;  // PR_SET_NAME
        case 1:
            out.push_back(signalText(asInt(c.args[1], c.opts)));
            return;  // PR_SET_PDEATHSIG
        case 2:
        case 16:
        case 40:
            out.push_back(addr(c.args[1]));
            return;  // getters via ptr
        case 3:
        case 7:
        case 21:
        case 27:
        case 30:
        case 37:
        case 39:
        case 42:
            return;  // no args
        case 4:
        case 8:
        case 28:
        case 29:
        case 36:
            out.push_back(u(1));
            return;
        case 22:  // PR_SET_SECCOMP
            out.push_back(
                enumText(c.args[1], std::initializer_list<FlagName>{{0, "SECCOMP_MODE_DISABLED"},
                                                                    {1, "SECCOMP_MODE_STRICT"},
                                                                    {2, "SECCOMP_MODE_FILTER"}}));
            if (c.args[1] == 2) out.push_back(addr(c.args[2]));
            return;
        case 38:
        case 41:  // PR_SET_NO_NEW_PRIVS, PR_SET_THP_DISABLE: strace shows all four
            for (size_t i = 1; i < 5; ++i) out.push_back(u(i));
            return;
        default:
            for (size_t i = 1; i < 5; ++i) out.push_back(hex(c.args[i]));
            return;
    }
}

bool hasMode(uint64_t flags) { return (flags & kOCreat) || (flags & kOTmpfile) == kOTmpfile; }

void statusText(std::string& out, int status) {
    const int low = status & 0x7f;
    if (low == 0) {
        out += fmt::format("[{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}]", (status >> 8) & 0xff);
    } else if (low == 0x7f) {
        out += fmt::format("[{{WIFSTOPPED(s) && WSTOPSIG(s) == {}}}]",
                           signalText((status >> 8) & 0xff));
    } else if (status == 0xffff) {
        out += "[{WIFCONTINUED(s)}]";
    } else {
        out += fmt::format("[{{WIFSIGNALED(s) && WTERMSIG(s) == {}{}}}]", signalText(low),
                           (status & 0x80) ? " && WCOREDUMP(s)" : "");
    }
}

}  // namespace

bool isOutputBuffer(std::string_view name) {
    return name == "read" || name == "pread64" || name == "readlink" || name == "readlinkat" ||
           name == "getcwd" || name == "recvfrom" || name == "getrandom";
}

void setHexStrings(HexStrings mode) { gHexStrings = mode; }

std::string escapeString(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    appendEscaped(out, bytes);
    return out;
}

uint8_t openAccess(uint64_t flags) {
    if (flags & kOPath) return kAccessStat;
    uint8_t access = kAccessNone;
    switch (flags & 3) {
        case 0:
            access = kAccessRead;
            break;
        case 1:
            access = kAccessWrite;
            break;
        default:
            access = kAccessRead | kAccessWrite;
            break;
    }
    if (hasMode(flags)) access |= kAccessCreate;
    if (flags & kOTrunc) access |= kAccessWrite;
    return access;
}

namespace {

/// The calls with their own argument layout. Appends to `out` (empty) and returns true for one of
/// them; false (and `out` untouched) for the rest, which decodeEntry renders by role.
bool decodeSpecial(const Ctx& c, std::vector<std::string>& out) {
    const SyscallInfo& info = c.info;
    const uint64_t* args = c.args;
    TraceeMemory& mem = c.mem;
    const std::string_view name = info.name;
    if (name == "clone") {
        decodeClone(c, out);
        return true;
    }
    if (name == "mount") {
        decodeMount(c, out);
        return true;
    }
    if (name == "fcntl" || name == "fcntl64") {
        decodeFcntl(c, out);
        return true;
    }
    if (name == "futex") {
        decodeFutex(c, out);
        return true;
    }
    if (name == "arch_prctl") {
        decodeArchPrctl(c, out);
        return true;
    }
    if (name == "prctl") {
        decodePrctl(c, out);
        return true;
    }
    if (name == "epoll_create1" || name == "inotify_init1" || name == "eventfd2" ||
        name == "signalfd4" || name == "timerfd_create" || name == "memfd_create" ||
        name == "userfaultfd") {
        // *_CLOEXEC is O_CLOEXEC and *_NONBLOCK is O_NONBLOCK for all of these.
        static constexpr FlagName kFdFlagsFor[] = {{0x80000, "CLOEXEC"}, {0x800, "NONBLOCK"}};
        std::string_view prefix = name == "epoll_create1"    ? "EPOLL_"
                                  : name == "inotify_init1"  ? "IN_"
                                  : name == "eventfd2"       ? "EFD_"
                                  : name == "signalfd4"      ? "SFD_"
                                  : name == "timerfd_create" ? "TFD_"
                                  : name == "memfd_create"   ? "MFD_"
                                                             : "O_";
        const size_t flagsIdx = info.nargs - 1;
        for (size_t i = 0; i < flagsIdx; ++i) out.push_back(renderArg(c, i));
        uint64_t flags = args[flagsIdx] & 0xffffffffU;
        std::string f;
        if (name == "memfd_create") {
            // MFD_CLOEXEC 1, MFD_ALLOW_SEALING 2, MFD_HUGETLB 4, MFD_NOEXEC_SEAL 8, MFD_EXEC 0x10
            static constexpr FlagName kMfd[] = {{1, "MFD_CLOEXEC"},
                                                {2, "MFD_ALLOW_SEALING"},
                                                {4, "MFD_HUGETLB"},
                                                {8, "MFD_NOEXEC_SEAL"},
                                                {0x10, "MFD_EXEC"}};
            f = flagsText(flags, kMfd);
        } else {
            for (const auto& [bit, suffix] : kFdFlagsFor) {
                if (!(flags & bit)) continue;
                if (!f.empty()) f += '|';
                f += prefix;
                f += suffix;
                flags &= ~bit;
            }
            if (flags != 0 || f.empty()) {
                if (!f.empty()) f += '|';
                f += hex(flags);
            }
        }
        out.push_back(std::move(f));
        return true;
    }
    if (name == "rt_sigprocmask") {
        out.push_back(renderArg(c, 0));
        out.push_back(sigsetText(mem, args[1], args[3]));
        out.push_back(addr(args[2]));  // the old set, filled in by decodeExit
        out.push_back(renderArg(c, 3));
        return true;
    }
    if (name == "rt_sigsuspend") {
        out.push_back(sigsetText(mem, args[0], args[1]));
        out.push_back(renderArg(c, 1));
        return true;
    }
    if (name == "madvise") {
        static constexpr FlagName kAdvice[] = {
            {0, "MADV_NORMAL"},           {1, "MADV_RANDOM"},         {2, "MADV_SEQUENTIAL"},
            {3, "MADV_WILLNEED"},         {4, "MADV_DONTNEED"},       {8, "MADV_FREE"},
            {9, "MADV_REMOVE"},           {10, "MADV_DONTFORK"},      {11, "MADV_DOFORK"},
            {12, "MADV_MERGEABLE"},       {13, "MADV_UNMERGEABLE"},   {14, "MADV_HUGEPAGE"},
            {15, "MADV_NOHUGEPAGE"},      {16, "MADV_DONTDUMP"},      {17, "MADV_DODUMP"},
            {18, "MADV_WIPEONFORK"},      {19, "MADV_KEEPONFORK"},    {20, "MADV_COLD"},
            {21, "MADV_PAGEOUT"},         {22, "MADV_POPULATE_READ"}, {23, "MADV_POPULATE_WRITE"},
            {24, "MADV_DONTNEED_LOCKED"}, {25, "MADV_COLLAPSE"},      {100, "MADV_HWPOISON"},
            {101, "MADV_SOFT_OFFLINE"}};
        out.push_back(renderArg(c, 0));
        out.push_back(renderArg(c, 1));
        out.push_back(enumText(args[2] & 0xffffffffU, kAdvice, "MADV_???"));
        return true;
    }
    if (name == "fadvise64") {
        static constexpr FlagName kAdvice[] = {
            {0, "POSIX_FADV_NORMAL"},   {1, "POSIX_FADV_RANDOM"},   {2, "POSIX_FADV_SEQUENTIAL"},
            {3, "POSIX_FADV_WILLNEED"}, {4, "POSIX_FADV_DONTNEED"}, {5, "POSIX_FADV_NOREUSE"}};
        for (size_t i = 0; i < 3; ++i) out.push_back(renderArg(c, i));
        out.push_back(enumText(args[3] & 0xffffffffU, kAdvice, "POSIX_FADV_???"));
        return true;
    }
    if (name == "getrandom") {
        static constexpr FlagName kGrnd[] = {
            {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}};
        out.push_back(addr(args[0]));
        out.push_back(renderArg(c, 1));
        out.push_back(flagsText(args[2] & 0xffffffffU, kGrnd));
        return true;
    }
    return false;
}

}  // namespace

void decodeEntry(const SyscallInfo& info, const uint64_t args[6], TraceeMemory& mem,
                 const FdNamer& fdName, const DecodeOptions& opts, std::vector<std::string>& out) {
    const Ctx c{info, args, mem, fdName, opts};
    // The special layouts build fresh strings into a vector of their own; the common path
    // overwrites `out`'s strings in place (clear() would free each one's buffer).
    thread_local std::vector<std::string> special;
    special.clear();
    if (decodeSpecial(c, special)) {
        out.swap(special);
        return;
    }
    const std::string_view name = info.name;
    size_t n = info.nargs;
    // open(2), openat(2), mq_open(3): the mode exists only with O_CREAT or O_TMPFILE.
    if (name == "open" || name == "openat" || name == "mq_open") {
        const size_t flagsIdx = name == "openat" ? 2 : 1;
        if (!hasMode(args[flagsIdx] & 0xffffffffU)) n = flagsIdx + 1;
    }
    n = std::min<size_t>(n, 6);
    out.resize(n);
    for (size_t i = 0; i < n; ++i) renderArgInto(c, i, out[i]);
}

void decodeExit(const SyscallInfo& info, const uint64_t args[6], int64_t ret, TraceeMemory& mem,
                const FdNamer& fdName, const DecodeOptions& opts, std::vector<std::string>& out) {
    const std::string_view name = info.name;
    const bool failed = ret < 0 && ret >= -4095;
    if (name == "clone") {
        if (failed || ret <= 0) return;
        for (auto& item : out) {
            if (item.starts_with("parent_tid=") && (args[0] & kCloneParentSettid)) {
                int32_t tid = 0;
                if (mem.read(args[2], &tid, sizeof tid) == sizeof tid) {
                    item = fmt::format("parent_tid=[{}]", tid);
                }
            }
        }
        return;
    }
    if (name == "clone3") {
        if (failed || out.empty() || args[1] < kCloneArgsMinSize) return;
        CloneArgs a{};
        const size_t fetch = static_cast<size_t>(std::min<uint64_t>(args[1], sizeof a));
        if (mem.read(args[0], &a, fetch) != fetch) return;
        std::string changed;
        if (a.flags & kClonePidfd) {
            int32_t fd = 0;
            if (mem.read(a.pidfd, &fd, sizeof fd) == sizeof fd) {
                changed += "pidfd=[" + fdText(fd, fdName, opts) + "]";
            }
        }
        if (a.flags & kCloneParentSettid) {
            int32_t tid = 0;
            if (mem.read(a.parentTid, &tid, sizeof tid) == sizeof tid) {
                if (!changed.empty()) changed += ", ";
                changed += fmt::format("parent_tid=[{}]", tid);
            }
        }
        if (!changed.empty()) out[0] += " => {" + changed + "}";
        return;
    }
    if ((name == "pipe" || name == "pipe2") && !out.empty() && !failed) {
        int32_t fds[2] = {0, 0};
        if (mem.read(args[0], fds, sizeof fds) == sizeof fds) {
            out[0] = "[" + fdText(fds[0], fdName, opts) + ", " + fdText(fds[1], fdName, opts) + "]";
        }
        return;
    }
    if (name == "prctl" && (args[0] & 0xffffffffU) == 16 && out.size() > 1 && !failed) {
        out[1] = tracedString(mem, args[1], 16);  // PR_GET_NAME: the name the kernel wrote
        return;
    }
    if (name == "rt_sigprocmask") {
        if (!failed && out.size() > 2 && args[2] != 0) out[2] = sigsetText(mem, args[2], args[3]);
        return;
    }
    if ((name == "wait4" || name == "waitpid") && out.size() > 1 && ret > 0 && args[1] != 0) {
        int32_t status = 0;
        if (mem.read(args[1], &status, sizeof status) == sizeof status) {
            out[1].clear();
            statusText(out[1], status);
        }
        return;
    }
    if (hasSocketArgs(info)) decodeSocketExit(info, args, ret, mem, opts, out);
    if (hasStructArgs(info)) decodeStructExit(info, args, ret, mem, opts, out);
    if (hasDepthArgs(info)) decodeDepthExit(info, args, ret, mem, fdName, opts, out);
    for (size_t i = 0; i < info.nargs && i < out.size(); ++i) {
        if (info.args[i] != ArgRole::Buffer || !isOutputBuffer(name)) continue;
        if (failed) return;  // strace leaves the address
        if (name == "getrandom") {
            // Random bytes: strace forces \xNN for every byte.
            const size_t n = static_cast<size_t>(std::min<uint64_t>(ret, opts.maxString));
            std::string buf(n, '\0');
            if (n != 0 && mem.read(args[i], buf.data(), n) != n) return;
            std::string q = "\"";
            for (unsigned char ch : buf) q += fmt::format("\\x{:02x}", ch);
            q += '"';
            if (static_cast<uint64_t>(ret) > opts.maxString) q += "...";
            out[i] = std::move(q);
        } else if (name == "getcwd") {
            out[i] = tracedString(mem, args[i], kPathMax);
        } else if (name == "readlink" || name == "readlinkat") {
            out[i].clear();
            appendTracedBuffer(out[i], mem, args[i], static_cast<uint64_t>(ret), kPathMax);
        } else {
            out[i].clear();  // the address shown at entry; its room is reused
            appendTracedBuffer(out[i], mem, args[i], static_cast<uint64_t>(ret), opts.maxString);
        }
    }
}

std::string formatReturn(const SyscallInfo& info, const uint64_t args[6], int64_t ret,
                         const FdNamer& fdName, const DecodeOptions& opts) {
    const bool failed = ret < 0 && ret >= -4095;
    if (args != nullptr && !failed) {
        const std::string_view name = info.name;
        if (name == "fcntl" || name == "fcntl64") {
            switch (args[1] & 0xffffffffU) {
                case 0:
                case 1030:
                    return fdText(ret, fdName, opts);  // F_DUPFD(_CLOEXEC)
                case 1:                                // F_GETFD
                    return ret == 0
                               ? std::string("0")
                               : fmt::format("{:#x} (flags {})", ret,
                                             flagsText(static_cast<uint64_t>(ret), fdFlagNames()));
                case 3:  // F_GETFL
                    return fmt::format("{:#x} (flags {})", ret,
                                       formatOpenFlags(static_cast<uint64_t>(ret)));
                default:
                    break;
            }
        } else if (name == "umask") {
            return modeText(static_cast<uint64_t>(ret));
        } else if (name == "prctl" && (args[0] & 0xffffffffU) == 3 && ret >= 0 && ret <= 2) {
            static constexpr std::string_view kDump[] = {"SUID_DUMP_DISABLE", "SUID_DUMP_USER",
                                                         "SUID_DUMP_ROOT"};
            return fmt::format("{} ({})", ret, kDump[ret]);  // PR_GET_DUMPABLE
        }
    }
    return formatReturn(info, ret, fdName, opts);
}

namespace {
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
}  // namespace

std::string formatReturn(const SyscallInfo& info, int64_t ret, const FdNamer& fdName,
                         const DecodeOptions& opts) {
    if (info.ret == RetRole::NoReturn) return "?";
    if (is32(opts) && info.ret != RetRole::Hex) ret = static_cast<int32_t>(ret);
    if (ret < 0 && ret >= -4095) {
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
        default:
            break;
    }
    return decimal(ret);
}

std::string formatOpenFlags(uint64_t flags) {
    static constexpr std::string_view kAccMode[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    std::string out(kAccMode[flags & 3]);
    if (const uint64_t rest = flags & ~3ULL) {
        out += '|';
        appendFlags(out, rest, openFlagNames());
    }
    return out;
}

std::string formatCloneFlags(uint64_t flags) {
    const uint64_t rest = flags & ~kCloneSignalMask;
    const int sig = static_cast<int>(flags & kCloneSignalMask);
    std::string out;
    if (rest != 0) {
        appendFlags(out, rest, cloneFlagNames());
        if (sig != 0) out += '|' + signalText(sig);
    } else {
        out = signalText(sig);
    }
    return out;
}

std::string formatMountFlags(uint64_t flags) {
    std::string out;
    uint64_t f = flags & 0xffffffffU;
    if ((f & 0xffff0000U) == 0xc0ed0000U) {
        out = "MS_MGC_VAL";
        f &= 0xffff;
        if (f == 0) return out;
        out += '|';
    }
    appendFlags(out, f, mountFlagNames(), "0", "MS_???");
    return out;
}

std::string formatSignal(int sig) { return signalText(sig); }

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
