// Deferred decoding must print exactly what decoding at the stops prints. For every syscall of
// the table (every row is captured: by its reads, or by rendering it against a recording),
// random arguments (strings, buffers, NULL and unmapped
// pointers, fds with and without names, failures) are decoded both ways; between the capture
// and the replay the fake tracee's memory and fd names change, as the real tracee's would
// once it runs again, so a read or a name the capture missed shows up as a difference.
#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/DecodeCapture.h"
#include "tracer/StructRoleDispatch.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

/// Tracee memory made of regions; everything else is unmapped.
class FakeMemory final : public TraceeMemory {
  public:
    void map(uint64_t addr, std::string bytes) { regions_[addr] = std::move(bytes); }
    /// Overwrites every mapped byte (the tracee ran on).
    void scribble() {
        for (auto& [addr, bytes] : regions_) {
            for (char& c : bytes) c = static_cast<char>(c ^ 0x5a);
        }
    }
    size_t read(uint64_t addr, void* out, size_t len) override {
        const std::string* r = find(addr);
        if (r == nullptr) return 0;
        const auto offset = static_cast<size_t>(addr - base_);
        const size_t n = std::min(len, r->size() - offset);
        std::memcpy(out, r->data() + offset, n);
        return n;
    }
    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override {
        const std::string* r = find(addr);
        if (r == nullptr) return false;
        const std::string_view rest = std::string_view(*r).substr(addr - base_);
        const size_t nul = rest.find('\0');
        const std::string_view s = rest.substr(0, nul);
        out.assign(s.substr(0, maxLen));
        if (truncated != nullptr) *truncated = s.size() > maxLen || nul == std::string_view::npos;
        return true;
    }

  private:
    const std::string* find(uint64_t addr) {
        auto it = regions_.upper_bound(addr);
        if (it == regions_.begin()) return nullptr;
        --it;
        if (addr >= it->first + it->second.size()) return nullptr;
        base_ = it->first;
        return &it->second;
    }
    std::map<uint64_t, std::string> regions_;
    uint64_t base_ = 0;
};

/// Names fds with a prefix that changes between the stops (and after the capture): a name
/// taken at the wrong moment, or not taken at all, differs.
struct FakeNamer {
    std::string prefix;
    std::string text;
    const std::string* operator()(int fd) {
        if (fd == -100) {
            text = prefix + "/cwd";
            return &text;
        }
        if (fd < 0 || fd % 3 == 2) return nullptr;  // unknown fds exist too
        text = prefix + "/file" + std::to_string(fd);
        return &text;
    }
};

struct Case {
    uint64_t args[6] = {};
    int64_t ret = 0;
};

/// Two struct mmsghdr (x86_64; the first is also a struct msghdr) over mapped buffers: a unix
/// address, one iovec, control data with SCM_RIGHTS of fds 3 and 4 and then (shape > 2) a
/// message of an unknown level.
template <typename Region, typename Bytes>
std::string messageHeaders(Region& region, Bytes& bytes, int shape) {
    std::string control(24 + 8, '\0');
    const uint64_t rights[2] = {20, 1 | (uint64_t{1} << 32)};  // cmsg_len; SOL_SOCKET, SCM_RIGHTS
    std::memcpy(control.data(), rights, sizeof rights);
    const int32_t fds[2] = {3, 4};
    std::memcpy(control.data() + 16, fds, sizeof fds);
    if (shape > 2)
        control += std::string("\x18\0\0\0\0\0\0\0\x63\0\0\0\x07\0\0\0", 16) + bytes(8, false);
    const uint64_t controlAt = region(control);
    const uint64_t data = region(bytes(40, shape % 2 == 0));
    const uint64_t iov[2] = {data, 40};
    const uint64_t iovAt = region(std::string(reinterpret_cast<const char*>(iov), sizeof iov));
    const uint64_t name = region(std::string("\1\0/run/x.sock\0", 15));
    std::string out(128, '\0');
    for (size_t k = 0; k < 2; ++k) {
        const uint64_t fields[8] = {
            name,           15, iovAt,          1, controlAt,
            control.size(), 0,  uint64_t{7} + k};  // msg_flags 0, then msg_len
        std::memcpy(out.data() + 64 * k, fields, sizeof fields);
    }
    return out;
}

Case randomCase(const SyscallInfo& info, std::mt19937_64& rng, FakeMemory& mem) {
    Case c;
    auto pick = [&rng](std::initializer_list<int64_t> values) {
        std::uniform_int_distribution<size_t> d(0, values.size() - 1);
        return *(values.begin() + static_cast<std::ptrdiff_t>(d(rng)));
    };
    auto bytes = [&rng](size_t n, bool printable) {
        std::string s(n, '\0');
        for (char& ch : s) {
            ch = printable ? static_cast<char>('a' + rng() % 26) : static_cast<char>(rng() % 256);
        }
        return s;
    };
    uint64_t next = 0x10000;
    auto region = [&](std::string content) {
        const uint64_t at = next;
        next += 0x10000;
        mem.map(at, std::move(content));
        return at;
    };
    // A pointer to what a role's own renderer reads: sometimes mapped, sometimes NULL or
    // unmapped. Every byte of it changes before the replay (scribble), so a read the capture
    // missed shows.
    auto pointer = [&](int shape, std::string content) -> uint64_t {
        return shape < 5 ? region(std::move(content)) : shape == 5 ? 0 : 0xdead0000;
    };
    auto word = [](uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); };
    auto pointerArray = [&](int shape) {  // argv, envp: pointers to strings, NULL-terminated
        std::string array;
        const size_t n = rng() % 40;
        for (size_t k = 0; k < n; ++k) {
            array += word(k % 7 == 6 ? 0xdead0000 : region(bytes(rng() % 50, true) + '\0'));
        }
        if (shape != 4) array += word(0);  // 4: runs off the end of the mapping
        return pointer(shape, array);
    };
    for (int i = 0; i < info.nargs; ++i) {
        const int shape = static_cast<int>(rng() % 8);
        switch (info.args[i]) {
            case ArgRole::Fd:
            case ArgRole::DirFd:
                c.args[i] = static_cast<uint64_t>(pick({-100, -1, 0, 1, 2, 3, 4, 5, 1000}));
                break;
            case ArgRole::Path:
            case ArgRole::String:
            case ArgRole::MountFsType:
            case ArgRole::MountData:
                if (shape == 0) {
                    c.args[i] = 0;
                } else if (shape == 1) {
                    c.args[i] = 0xdead0000;  // unmapped
                } else if (shape == 2) {
                    c.args[i] = region(bytes(40, true));  // no NUL before the end
                } else {
                    c.args[i] = region(bytes(rng() % 70, shape % 2 == 0) + '\0');
                }
                break;
            case ArgRole::Buffer:
                c.args[i] = shape == 0   ? 0
                            : shape == 1 ? 0xdead0000
                                         : region(bytes(rng() % 100, shape % 2 == 0));
                break;
            case ArgRole::Argv:
            case ArgRole::Envp:
                c.args[i] = pointerArray(shape);
                break;
            case ArgRole::Clone3Args: {  // struct clone_args, its size next
                const uint64_t flags =
                    static_cast<uint64_t>(
                        pick({0x1000, 0x100000, 0x101000, 0x80000, 0x200000000, 0x1200000, 0})) |
                    (rng() % 2 ? 0x20000000 : 0);
                std::string a = word(flags) + word(region(bytes(4, false))) +
                                word(region(bytes(4, false))) + word(region(bytes(4, false)));
                a += word(shape % 2 ? 17 : rng()) + word(rng()) + word(rng() % 9000) + word(rng());
                a += word(shape == 3 ? 0x1000 : 0) + word(shape == 3 ? 2 : 0) + word(rng() % 9);
                c.args[i] = pointer(shape, a);
                c.args[i + 1] = static_cast<uint64_t>(pick({64, 88, 80, 32, 200}));
                ++i;
                break;
            }
            case ArgRole::OpenHow:
                c.args[i] = pointer(shape, word(rng() % 2 ? 0x40 : rng()) + word(rng() % 01000) +
                                               word(rng() % 2 ? 0 : rng() % 64));
                c.args[i + 1] = static_cast<uint64_t>(pick({24, 16, 32}));
                ++i;
                break;
            case ArgRole::CloneArg:
                if (i == 0) {  // the flags register
                    c.args[i] =
                        static_cast<uint64_t>(pick({0x11, 0x1200011, 0x100000 | 0x11, 0x3d0f00,
                                                    0x80000 | 0x200000 | 17, 0x1000 | 0x100000}));
                } else {
                    c.args[i] = pointer(shape, bytes(8, false));
                }
                break;
            case ArgRole::Fcntl:  // F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETLK, ...
                c.args[i] =
                    static_cast<uint64_t>(pick({0, 1, 2, 3, 4, 5, 6, 7, 36, 37, 1030, 8, 9, 1033}));
                break;
            case ArgRole::Prctl:  // PR_SET/GET_NAME, PDEATHSIG, DUMPABLE, CAP_AMBIENT, ...
                c.args[i] =
                    static_cast<uint64_t>(pick({15, 16, 1, 2, 3, 4, 47, 38, 39, 23, 24, 8}));
                break;
            case ArgRole::FutexOp:
                c.args[i] = static_cast<uint64_t>(pick({0, 1, 128, 129, 9, 137, 393, 10, 4, 5}));
                break;
            case ArgRole::Ptr:
            case ArgRole::StatOut:
            case ArgRole::StatxOut:
            case ArgRole::TimespecIn:
            case ArgRole::TimespecOut:
            case ArgRole::RlimitIn:
            case ArgRole::RlimitOut:
            case ArgRole::UtsnameOut:
            case ArgRole::DirentsOut:
            case ArgRole::SigactionIn:
            case ArgRole::SigactionOut:
            case ArgRole::SiginfoIn:  // tracer/CallDepthRoles.h
            case ArgRole::SiginfoOut:
            case ArgRole::UtimensPair:
            case ArgRole::UtimesPair:
            case ArgRole::Utimbuf:
            case ArgRole::XattrValueIn:
            case ArgRole::XattrValueOut:
            case ArgRole::XattrListOut:
            case ArgRole::OffsetIn:
            case ArgRole::OffsetInOut:
            case ArgRole::IntIn:
            case ArgRole::MqAttr:
            case ArgRole::MqAttrIn:
            case ArgRole::MqAttrOut:
            case ArgRole::FutexWaiters:
            case ArgRole::OldSelectArgs:  // i386's own shapes (SyscallTable.h, i386Shapes)
            case ArgRole::Groups16In:
            case ArgRole::Groups16Out:
            case ArgRole::Id16Out:
            case ArgRole::IdOut:
                // Sometimes mapped: a decoder that reads behind a pointer must show it.
                c.args[i] = shape < 3 ? region(bytes(256, false)) : shape < 6 ? 0 : rng();
                break;
            case ArgRole::MsgHdr:
            case ArgRole::MsgHdrOut:
            case ArgRole::MmsgHdrIn:
            case ArgRole::MmsgHdrOut:
                // Message headers that point at mapped data and at control messages naming
                // fds, so that what the decoder reads behind them and the names it takes are
                // recorded at the right stop (or the scribble and the later names show).
                c.args[i] = shape < 5 ? region(messageHeaders(region, bytes, shape)) : rng();
                break;
            default:
                // Every other role (a number, flags, an operand whose shape another argument
                // decides, a role added later): sometimes a small number, sometimes a mapped
                // pointer, so that whatever its renderer reads is there to be read.
                c.args[i] = shape < 3 ? region(bytes(256, false)) : shape < 6 ? rng() % 70 : rng();
                break;
        }
    }
    // A signal mask's size is the call's last argument.
    if (info.nargs > 0 &&
        (argOfRole(info, ArgRole::SigmaskIn) >= 0 || argOfRole(info, ArgRole::SigmaskOut) >= 0)) {
        c.args[info.nargs - 1] = static_cast<uint64_t>(pick({8, 4, 16, 8}));
    }
    c.ret = pick({-2, -9, -4095, 0, 1, 3, 4, 7, 33, 64, 99, 4096, 1LL << 40});
    return c;
}

}  // namespace

TEST_CASE("deferred decoding prints what decoding at the stops prints", "[capture]") {
    std::mt19937_64 rng(20261129);
    size_t checked = 0;
    // Rows captured by rendering: how many rounds showed something read from memory (the text
    // differs from the same call decoded with nothing mapped), so the comparison tested reads.
    std::map<std::string, int> readRounds;
    std::vector<const SyscallInfo*> rows;
    for (const SyscallInfo& info : allSyscalls()) rows.push_back(&info);
    for (const SyscallInfo& info : i386Shapes()) rows.push_back(&info);  // named by their number
    for (const SyscallInfo* row : rows) {
        const SyscallInfo& info = *row;
        REQUIRE(deferrable(info));
        const int64_t nr = tableRowIndex(info) ? 0 : *syscallNumber(Arch::I386, info.name);
        // More rounds for the rows with renderers of their own: their shapes are many.
        const int rounds = capturedByRendering(info) ? 240 : 60;
        for (int round = 0; round < rounds; ++round) {
            FakeMemory mem;
            const Case c = randomCase(info, rng, mem);
            DecodeOptions opts;
            opts.maxString = round % 3 == 0 ? 4 : 32;
            opts.showFdPaths = round % 4 != 1;
            const Arch arch = round % 5 == 4 && !info.i386Only ? Arch::I386 : Arch::X86_64;
            opts.arch = info.i386Only ? Arch::I386 : arch;

            FakeNamer entryNames{"entry"};
            FakeNamer exitNames{"exit"};
            const FdNamer entryNamer = [&entryNames](int fd) { return entryNames(fd); };
            const FdNamer exitNamer = [&exitNames](int fd) { return exitNames(fd); };

            // At the stops, as Session does without a thread.
            std::vector<std::string> direct;
            decodeEntry(info, c.args, mem, entryNamer, opts, direct);
            std::string capture;
            captureEntry(info, c.args, mem, entryNamer, opts, capture);
            decodeExit(info, c.args, c.ret, mem, exitNamer, opts, direct);
            std::string directRet = formatReturn(info, c.args, c.ret, exitNamer, opts);
            decorateDepthReturn(info, c.args, c.ret, mem, exitNamer, opts, directRet);
            captureExit(info, c.args, c.ret, mem, exitNamer, opts, capture);

            // Later, on the thread: the tracee has moved on.
            mem.scribble();
            entryNames.prefix = exitNames.prefix = "later";
            SyscallEvent ev;
            ev.setInfo(&info);
            ev.arch = opts.arch;
            ev.nr = nr;
            std::memcpy(ev.rawArgs, c.args, sizeof c.args);
            ev.ret = c.ret;
            ev.finished = true;
            ev.decodeDeferred = true;
            ev.decodeCapture = capture;
            ev.args = {"stale"};
            DecodeOptions sessionOpts = opts;
            sessionOpts.arch = Arch::X86_64;  // completeDecoding takes the arch from the event
            completeDecoding(ev, sessionOpts);

            INFO(info.name << " round " << round);
            REQUIRE(ev.args == direct);
            REQUIRE(ev.retText == directRet);
            CHECK_FALSE(ev.decodeDeferred);
            ++checked;

            if (capturedByRendering(info)) {
                FakeMemory nothing;
                std::vector<std::string> blind;
                decodeEntry(info, c.args, nothing, nullptr, opts, blind);
                decodeExit(info, c.args, c.ret, nothing, nullptr, opts, blind);
                if (blind != direct) ++readRounds[std::string(info.name)];
            }
        }
    }
    // The rows whose roles have renderers of their own: argv and envp, clone and clone3,
    // open_how, wait statuses, pipe fds, signal masks, getcwd and getrandom, mount's strings,
    // fcntl's and prctl's operands (futex's read nothing: numbers and addresses).
    for (const char* name : {"execve", "clone", "clone3", "openat2", "wait4", "pipe2",
                             "rt_sigprocmask", "getcwd", "getrandom", "mount", "fcntl", "prctl"}) {
        INFO(name);
        CHECK(readRounds[name] >= 5);
    }
    // The hot calls of real workloads are among them.
    for (const char* name : {"read", "write", "pread64", "pwrite64", "openat", "newfstatat",
                             "readlink", "close", "getdents64", "dup2"}) {
        const SyscallInfo* info = findSyscall(name);
        REQUIRE(info != nullptr);
        INFO(name);
        CHECK(deferrable(*info));
    }
    CHECK(checked > size_t{100} * 60);
}

TEST_CASE("calls decoded by code of their own are captured by rendering them", "[capture]") {
    for (const char* name : {"clone", "clone3", "execve", "wait4", "pipe2", "fcntl", "getcwd",
                             "getrandom", "rt_sigprocmask", "mount", "prctl"}) {
        const SyscallInfo* info = findSyscall(name);
        REQUIRE(info != nullptr);
        INFO(name);
        CHECK(deferrable(*info));
        CHECK(capturedByRendering(*info));
    }
    // The hot calls keep the capture that renders nothing at the stop.
    for (const char* name :
         {"read", "write", "openat", "close", "newfstatat", "mmap", "lseek", "getdents64", "poll",
          "recvmsg", "connect", "futex", "sendto", "recvfrom"}) {
        const SyscallInfo* info = findSyscall(name);
        REQUIRE(info != nullptr);
        INFO(name);
        CHECK_FALSE(capturedByRendering(*info));
    }
}

TEST_CASE("a capture renders a call the same way twice, and io_uring's ops after the return",
          "[capture]") {
    const SyscallInfo* info = findSyscall("write");
    REQUIRE(info != nullptr);
    FakeMemory mem;
    mem.map(0x30000, "hello");
    const uint64_t args[6] = {1, 0x30000, 5, 0, 0, 0};
    FakeNamer names{"n"};
    const FdNamer namer = [&names](int fd) { return names(fd); };
    SyscallEvent ev;
    ev.setInfo(info);
    std::memcpy(ev.rawArgs, args, sizeof args);
    captureEntry(*info, args, mem, namer, DecodeOptions{}, ev.decodeCapture);
    captureExit(*info, args, 5, mem, namer, DecodeOptions{}, ev.decodeCapture);
    captureReturnSuffix(ev.decodeCapture, " [ops]");
    ev.ret = 5;
    ev.finished = true;
    const std::string capture = ev.decodeCapture;
    for (int pass = 0; pass < 2; ++pass) {  // a replay renders the saved capture again
        ev.decodeDeferred = true;
        completeDecoding(ev, DecodeOptions{});
        REQUIRE(ev.args.size() == 3);
        CHECK(ev.args[0] == "1<n/file1>");
        CHECK(ev.args[1] == "\"hello\"");
        CHECK(ev.retText == "5 [ops]");
        CHECK(ev.decodeCapture == capture);
    }
    // A replay with a smaller -s and without fd paths.
    DecodeOptions other;
    other.maxString = 2;
    other.showFdPaths = false;
    ev.decodeDeferred = true;
    completeDecoding(ev, other);
    CHECK(ev.args[0] == "1");
    CHECK(ev.args[1] == "\"he\"...");
    // A capture in a format this build does not know keeps the text the event has.
    ev.decodeCapture[0] = 'Z';
    ev.args = {"kept"};
    ev.decodeDeferred = true;
    completeDecoding(ev, DecodeOptions{});
    CHECK(ev.args == std::vector<std::string>{"kept"});
    CHECK_FALSE(ev.decodeDeferred);
}

TEST_CASE("an unfinished deferred call gets its arguments and keeps its return text", "[capture]") {
    const SyscallInfo* info = findSyscall("openat");
    REQUIRE(info != nullptr);
    FakeMemory mem;
    mem.map(0x20000, std::string("/etc/passwd") + '\0');
    const uint64_t args[6] = {static_cast<uint64_t>(-100), 0x20000, 0, 0, 0, 0};
    FakeNamer names{"n"};
    const FdNamer namer = [&names](int fd) { return names(fd); };
    DecodeOptions opts;
    SyscallEvent ev;
    ev.setInfo(info);
    std::memcpy(ev.rawArgs, args, sizeof args);
    captureEntry(*info, args, mem, namer, opts, ev.decodeCapture);
    ev.decodeDeferred = true;
    ev.finished = false;  // the task vanished before the exit stop
    ev.retText = "?";
    completeDecoding(ev, opts);
    REQUIRE(ev.args.size() == 3);
    CHECK(ev.args[0] == "AT_FDCWD<n/cwd>");
    CHECK(ev.args[1] == "\"/etc/passwd\"");
    CHECK(ev.retText == "?");
}
