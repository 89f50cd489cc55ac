// Deferred decoding must print exactly what decoding at the stops prints. For every syscall of
// the table that deferrable() accepts, random arguments (strings, buffers, NULL and unmapped
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
    for (int i = 0; i < info.nargs; ++i) {
        const int shape = static_cast<int>(rng() % 8);
        switch (info.args[i]) {
            case ArgRole::Fd:
            case ArgRole::DirFd:
                c.args[i] = static_cast<uint64_t>(pick({-100, -1, 0, 1, 2, 3, 4, 5, 1000}));
                break;
            case ArgRole::Path:
            case ArgRole::String:
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
            case ArgRole::OldSelectArgs:  // i386's own shapes (SyscallTable.h, i386Shapes)
            case ArgRole::Groups16In:
            case ArgRole::Groups16Out:
            case ArgRole::Id16Out:
            case ArgRole::IdOut:
                // Sometimes mapped: a decoder that reads behind a pointer must show it.
                c.args[i] = shape < 3 ? region(bytes(256, false)) : shape < 6 ? 0 : rng();
                break;
            default:
                c.args[i] = shape < 4 ? rng() % 70 : rng();
                break;
        }
    }
    c.ret = pick({-2, -9, -4095, 0, 1, 3, 4, 7, 33, 64, 99, 4096, 1LL << 40});
    return c;
}

}  // namespace

TEST_CASE("deferred decoding prints what decoding at the stops prints", "[capture]") {
    std::mt19937_64 rng(20261129);
    size_t checked = 0;
    std::vector<const SyscallInfo*> rows;
    for (const SyscallInfo& info : allSyscalls()) rows.push_back(&info);
    for (const SyscallInfo& info : i386Shapes()) rows.push_back(&info);  // named by their number
    for (const SyscallInfo* row : rows) {
        const SyscallInfo& info = *row;
        if (!deferrable(info)) continue;
        const int64_t nr = tableRowIndex(info) ? 0 : *syscallNumber(Arch::I386, info.name);
        for (int round = 0; round < 60; ++round) {
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
        }
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

TEST_CASE("calls decoded by special code of their own are not deferred", "[capture]") {
    for (const char* name : {"clone", "clone3", "execve", "wait4", "pipe2", "fcntl", "getcwd",
                             "getrandom", "rt_sigprocmask", "mount", "futex"}) {
        const SyscallInfo* info = findSyscall(name);
        REQUIRE(info != nullptr);
        INFO(name);
        CHECK_FALSE(deferrable(*info));
    }
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
