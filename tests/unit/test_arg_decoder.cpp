// The decoder through a fake tracee memory, against strings strace 6.1 printed for the same calls
// (`strace -y -s 32`).
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "tracer/ArgDecoder.h"
#include "tracer/SyscallTable.h"

using namespace scratch::tracer;

namespace {

/// Tracee memory made of a few mapped regions; everything else is unmapped.
class FakeMemory final : public TraceeMemory {
  public:
    /// Maps `bytes` at `addr` and returns addr.
    uint64_t put(uint64_t addr, std::string bytes) {
        regions_[addr] = std::move(bytes);
        return addr;
    }
    /// Maps a NUL-terminated string.
    uint64_t str(uint64_t addr, std::string_view s) { return put(addr, std::string(s) + '\0'); }
    /// Maps a NULL-terminated array of 64-bit pointers.
    uint64_t ptrs(uint64_t addr, const std::vector<uint64_t>& values) {
        std::string bytes((values.size() + 1) * 8, '\0');
        std::memcpy(bytes.data(), values.data(), values.size() * 8);
        return put(addr, bytes);
    }
    template <typename T>
    uint64_t object(uint64_t addr, const T& value) {
        std::string bytes(sizeof value, '\0');
        std::memcpy(bytes.data(), &value, sizeof value);
        return put(addr, bytes);
    }

    size_t read(uint64_t addr, void* out, size_t len) override {
        const std::string* r = nullptr;
        uint64_t base = 0;
        if (!find(addr, r, base)) return 0;
        const size_t n = std::min(len, r->size() - static_cast<size_t>(addr - base));
        std::memcpy(out, r->data() + (addr - base), n);
        return n;
    }

    bool readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) override {
        out.clear();
        *truncated = false;
        const std::string* r = nullptr;
        uint64_t base = 0;
        if (!find(addr, r, base)) return false;
        const std::string_view rest = std::string_view(*r).substr(addr - base);
        const size_t nul = rest.find('\0');
        const std::string_view s = rest.substr(0, nul);
        out.assign(s.substr(0, maxLen));
        *truncated = s.size() > maxLen || nul == std::string_view::npos;
        return true;
    }

  private:
    bool find(uint64_t addr, const std::string*& r, uint64_t& base) const {
        auto it = regions_.upper_bound(addr);
        if (it == regions_.begin()) return false;
        --it;
        if (addr >= it->first + it->second.size()) return false;
        r = &it->second;
        base = it->first;
        return true;
    }
    std::map<uint64_t, std::string> regions_;
};

const FdNamer kNames = [](int fd) -> const std::string* {
    static const std::string cwd = "/root";
    static const std::string devNull = "/dev/null";
    static const std::string passwd = "/etc/passwd";
    switch (fd) {
        case -100:
            return &cwd;  // AT_FDCWD: the cwd, as strace -y shows it
        case 1:
            return &devNull;
        case 3:
            return &passwd;
        default:
            return nullptr;
    }
};

std::string join(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) {
        if (!out.empty()) out += ", ";
        out += a;
    }
    return out;
}

/// name(args) = ret, decoded at entry and completed at exit, as the text log prints it.
std::string line(std::string_view name, std::vector<uint64_t> raw, int64_t ret, FakeMemory& mem,
                 DecodeOptions opts = {}, const FdNamer& names = kNames) {
    const SyscallInfo* info = findSyscall(name);
    REQUIRE(info != nullptr);
    uint64_t args[6] = {};
    for (size_t i = 0; i < raw.size() && i < 6; ++i) args[i] = raw[i];
    std::vector<std::string> out;
    decodeEntry(*info, args, mem, names, opts, out);
    decodeExit(*info, args, ret, mem, names, opts, out);
    return std::string(name) + "(" + join(out) + ") = " + formatReturn(*info, ret, names, opts);
}

constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);
constexpr uint64_t kUnmapped = 0xdead0000;

}  // namespace

TEST_CASE("open and openat", "[decoder]") {
    FakeMemory mem;
    const uint64_t path = mem.str(0x1000, "/etc/passwd");
    CHECK(line("openat", {kAtFdcwd, path, 0x80000}, 3, mem) ==
          "openat(AT_FDCWD</root>, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3</etc/passwd>");
    CHECK(line("openat", {kAtFdcwd, path, 0x80000}, 3, mem, {}, nullptr) ==
          "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3");
    CHECK(line("openat", {kAtFdcwd, path, 0x90800}, -2, mem) ==
          "openat(AT_FDCWD</root>, \"/etc/passwd\", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = "
          "-1 ENOENT (No such file or directory)");
    const uint64_t zz = mem.str(0x2000, "/tmp/zz");
    CHECK(
        line("openat", {kAtFdcwd, zz, 0x1 | 0x40 | 0x80 | 0x20000 | 0x400 | 0x800, 0600}, 4, mem) ==
        "openat(AT_FDCWD</root>, \"/tmp/zz\", "
        "O_WRONLY|O_CREAT|O_EXCL|O_APPEND|O_NONBLOCK|O_NOFOLLOW, 0600) = 4");
    const uint64_t tmp = mem.str(0x3000, "/tmp");
    CHECK(line("open", {tmp, 0x410000 | 0x200000}, 4, mem) ==
          "open(\"/tmp\", O_RDONLY|O_PATH|O_TMPFILE, 000) = 4");
    const uint64_t x = mem.str(0x3100, "x");
    CHECK(line("openat", {3, x, 0x4000002}, -20, mem) ==
          "openat(3</etc/passwd>, \"x\", O_RDWR|0x4000000) = -1 ENOTDIR (Not a directory)");
    CHECK(line("openat", {kAtFdcwd, kUnmapped, 0}, -14, mem) ==
          "openat(AT_FDCWD</root>, 0xdead0000, O_RDONLY) = -1 EFAULT (Bad address)");
    CHECK(line("open", {0, 0}, -14, mem) == "open(NULL, O_RDONLY) = -1 EFAULT (Bad address)");
    CHECK(openAccess(0) == kAccessRead);
    CHECK(openAccess(0x241) == (kAccessWrite | kAccessCreate));
    CHECK(openAccess(0x200000) == kAccessStat);
}

TEST_CASE("openat2 reads struct open_how", "[decoder]") {
    FakeMemory mem;
    const uint64_t path = mem.str(0x1000, "/etc");
    struct {
        uint64_t flags, mode, resolve;
    } how{0x80000 | 0x10000, 0, 0x10};
    const uint64_t h = mem.object(0x2000, how);
    CHECK(line("openat2", {kAtFdcwd, path, h, 24}, 3, mem) ==
          "openat2(AT_FDCWD</root>, \"/etc\", {flags=O_RDONLY|O_CLOEXEC|O_DIRECTORY, "
          "resolve=RESOLVE_IN_ROOT}, 24) = 3</etc/passwd>");
}

TEST_CASE("execve shows argv and counts envp", "[decoder]") {
    FakeMemory mem;
    const uint64_t path = mem.str(0x1000, "/bin/ps");
    const uint64_t a0 = mem.str(0x1100, "ps");
    const uint64_t a1 = mem.str(0x1200, "-ef");
    const uint64_t argv = mem.ptrs(0x2000, {a0, a1});
    const uint64_t e0 = mem.str(0x1300, "PATH=/bin");
    const uint64_t envp = mem.ptrs(0x7ffd0000, {e0, e0, e0});
    CHECK(line("execve", {path, argv, envp}, 0, mem) ==
          "execve(\"/bin/ps\", [\"ps\", \"-ef\"], 0x7ffd0000 /* 3 vars */) = 0");
    DecodeOptions env;
    env.showEnv = true;
    CHECK(line("execve", {path, argv, envp}, 0, mem, env) ==
          "execve(\"/bin/ps\", [\"ps\", \"-ef\"], [\"PATH=/bin\", \"PATH=/bin\", \"PATH=/bin\"]) "
          "= 0");
    const uint64_t one = mem.ptrs(0x7ffe0000, {e0});
    CHECK(line("execve", {path, argv, one}, -2, mem) ==
          "execve(\"/bin/ps\", [\"ps\", \"-ef\"], 0x7ffe0000 /* 1 var */) = -1 ENOENT (No such "
          "file or directory)");

    // Long arguments are cut at -s; more than -s entries end with "...".
    const uint64_t longArg = mem.str(0x1400, "cat /etc/hostname > /dev/null; printf");
    const uint64_t argv2 =
        mem.ptrs(0x3000, {mem.str(0x1500, "sh"), mem.str(0x1600, "-c"), longArg});
    CHECK(line("execve", {path, argv2, 0}, 0, mem) ==
          "execve(\"/bin/ps\", [\"sh\", \"-c\", \"cat /etc/hostname > /dev/null; p\"...], NULL) = "
          "0");
    DecodeOptions two;
    two.maxString = 2;
    CHECK(line("execve", {path, argv2, kUnmapped}, 0, mem, two) ==
          "execve(\"/bin/ps\", [\"sh\", \"-c\", ...], 0xdead0000) = 0");
    CHECK(line("execve", {path, kUnmapped, 0}, 0, mem) ==
          "execve(\"/bin/ps\", 0xdead0000, NULL) = 0");
}

TEST_CASE("clone and clone3", "[decoder]") {
    FakeMemory mem;
    CHECK(line("clone", {0x20000000 | 0x20000 | 17, 0, 0, 0, 0}, 4242, mem) ==
          "clone(child_stack=NULL, flags=CLONE_NEWNS|CLONE_NEWPID|SIGCHLD) = 4242");
    CHECK(line("clone", {0x1000000 | 0x200000 | 17, 0, 0, 0x7fb1f6ecfa10, 0}, 4094, mem) ==
          "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
          "child_tidptr=0x7fb1f6ecfa10) = 4094");
    const int32_t tid = 4095;
    const uint64_t ptid = mem.object(0x5000, tid);
    const uint64_t threadFlags =
        0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x80000 | 0x100000 | 0x200000;
    CHECK(line("clone", {threadFlags, 0x7f0000001000, ptid, 0x7f0000002000, 0x7f0000003000}, 4095,
               mem) ==
          "clone(child_stack=0x7f0000001000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
          "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, "
          "parent_tid=[4095], tls=0x7f0000003000, child_tidptr=0x7f0000002000) = 4095");
    CHECK(line("clone", {17, 0, 0, 0, 0}, -513, mem) ==
          "clone(child_stack=NULL, flags=SIGCHLD) = ? ERESTARTNOINTR (To be restarted)");
    CHECK(formatCloneFlags(0x20000 | 17) == "CLONE_NEWNS|SIGCHLD");
    CHECK(formatCloneFlags(0) == "0");

    uint64_t args3[11] = {};
    args3[0] = 0x20000000 | 0x20000;  // flags
    args3[4] = 17;                    // exit_signal
    const uint64_t ca = mem.object(0x6000, args3);
    CHECK(line("clone3", {ca, 88}, 77, mem) ==
          "clone3({flags=CLONE_NEWNS|CLONE_NEWPID, exit_signal=SIGCHLD, stack=NULL, "
          "stack_size=0}, 88) = 77");
    // clone3's flags may use the low byte (the exit signal has its own field): 0x80 is
    // CLONE_NEWTIME there, as in the launcher's clone3 for --ns ...,time.
    args3[0] = 0x20000000 | 0x20000 | 0x80;
    const uint64_t caTime = mem.object(0x6800, args3);
    CHECK(line("clone3", {caTime, 64}, 78, mem) ==
          "clone3({flags=CLONE_NEWTIME|CLONE_NEWNS|CLONE_NEWPID, exit_signal=SIGCHLD, stack=NULL, "
          "stack_size=0}, 64) = 78");
    args3[0] = 0x100000 | 0x80000;
    args3[3] = ptid;            // parent_tid
    args3[5] = 0x7f0000000000;  // stack
    args3[6] = 0x21000;         // stack_size
    args3[7] = 0x7f0000100000;  // tls
    const uint64_t ca2 = mem.object(0x7000, args3);
    CHECK(line("clone3", {ca2, 88}, 4095, mem) ==
          "clone3({flags=CLONE_SETTLS|CLONE_PARENT_SETTID, parent_tid=0x5000, exit_signal=SIGCHLD, "
          "stack=0x7f0000000000, stack_size=0x21000, tls=0x7f0000100000} => {parent_tid=[4095]}, "
          "88) = 4095");
    CHECK(line("clone3", {kUnmapped, 88}, -14, mem) ==
          "clone3(0xdead0000, 88) = -1 EFAULT (Bad address)");
}

TEST_CASE("namespaces, mount, umount2, pivot_root, chroot", "[decoder]") {
    FakeMemory mem;
    CHECK(line("unshare", {0x20000000 | 0x4000000 | 0x20000 | 0x80}, 0, mem) ==
          "unshare(CLONE_NEWTIME|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWPID) = 0");
    CHECK(line("setns", {static_cast<uint64_t>(-1), 0x40000000}, -9, mem) ==
          "setns(-1, CLONE_NEWNET) = -1 EBADF (Bad file descriptor)");

    const uint64_t proc = mem.str(0x1000, "proc");
    const uint64_t target = mem.str(0x1100, "/proc");
    CHECK(line("mount", {proc, target, proc, 0x2 | 0x4 | 0x8, 0}, 0, mem) ==
          "mount(\"proc\", \"/proc\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL) = 0");
    const uint64_t none = mem.str(0x1200, "none");
    const uint64_t root = mem.str(0x1300, "/");
    CHECK(line("mount", {none, root, 0, 0x4000 | 0x40000, 0}, 0, mem) ==
          "mount(\"none\", \"/\", NULL, MS_REC|MS_PRIVATE, NULL) = 0");
    // MS_BIND: type and data are ignored by the kernel and shown as addresses.
    const uint64_t src = mem.str(0x1400, "src\xff");
    const uint64_t tgt = mem.str(0x1500, "/nonexist/tgt");
    const uint64_t tmpfs = mem.str(0x1600, "tmpfs");
    const uint64_t data = mem.str(0x1700, "size=1m");
    CHECK(line("mount", {src, tgt, tmpfs, 0x2 | 0x4 | 0x1000 | 0x4000, data}, -2, mem) ==
          "mount(\"src\\377\", \"/nonexist/tgt\", 0x1600, MS_NOSUID|MS_NODEV|MS_BIND|MS_REC, "
          "0x1700) = -1 ENOENT (No such file or directory)");
    CHECK(line("mount", {tmpfs, tgt, tmpfs, 0, data}, 0, mem) ==
          "mount(\"tmpfs\", \"/nonexist/tgt\", \"tmpfs\", 0, \"size=1m\") = 0");
    const uint64_t x = mem.str(0x1800, "/x");
    CHECK(line("mount", {0, x, 0, 0x1 | 0x20 | 0x80000000, 0}, -2, mem) ==
          "mount(NULL, \"/x\", NULL, MS_RDONLY|MS_REMOUNT|MS_NOUSER, NULL) = -1 ENOENT (No such "
          "file or directory)");
    CHECK(line("umount2", {x, 2 | 8}, -2, mem) ==
          "umount2(\"/x\", MNT_DETACH|UMOUNT_NOFOLLOW) = -1 ENOENT (No such file or directory)");
    const uint64_t dot = mem.str(0x1900, ".");
    const uint64_t old = mem.str(0x1a00, "old");
    CHECK(line("pivot_root", {dot, old}, 0, mem) == "pivot_root(\".\", \"old\") = 0");
    CHECK(line("chroot", {dot}, 0, mem) == "chroot(\".\") = 0");
    CHECK(formatMountFlags(0) == "0");
}

TEST_CASE("escaping follows strace", "[decoder]") {
    FakeMemory mem;
    const std::string bytes(
        "a\x01\x7f\xff\xc3\xa9\0z\"\\\r\v\f\x1b"
        "1\0",
        16);
    const uint64_t buf = mem.put(0x1000, bytes);
    CHECK(
        line("write", {1, buf, 16}, 16, mem) ==
        "write(1</dev/null>, \"a\\1\\177\\377\\303\\251\\0z\\\"\\\\\\r\\v\\f\\0331\\0\", 16) = 16");
    CHECK(escapeString("a\tb\n") == "a\\tb\\n");
    CHECK(escapeString(std::string("\0"
                                   "7",
                                   2)) == "\\0007");
    CHECK(escapeString(std::string("\0"
                                   "8",
                                   2)) == "\\08");
    CHECK(escapeString("\xc3\xa9") == "\\303\\251");  // valid UTF-8 is escaped too: ASCII out
}

TEST_CASE("strings are cut at -s", "[decoder]") {
    FakeMemory mem;
    const std::string text = "a\tb\nzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
    const uint64_t buf = mem.put(0x1000, text);
    CHECK(line("write", {1, buf, text.size()}, static_cast<int64_t>(text.size()), mem) ==
          "write(1</dev/null>, \"a\\tb\\nzzzzzzzzzzzzzzzzzzzzzzzzzzzz\"..., 57) = 57");
    // Exactly -s bytes: no "...".
    CHECK(line("write", {1, buf, 32}, 32, mem) ==
          "write(1</dev/null>, \"a\\tb\\nzzzzzzzzzzzzzzzzzzzzzzzzzzzz\", 32) = 32");
    // Reads are shown at exit with the returned length.
    const uint64_t rbuf = mem.put(0x2000, "vm\nxxxxxxxx");
    CHECK(line("read", {3, rbuf, 131072}, 3, mem) == "read(3</etc/passwd>, \"vm\\n\", 131072) = 3");
    CHECK(line("read", {3, rbuf, 131072}, 0, mem) == "read(3</etc/passwd>, \"\", 131072) = 0");
    CHECK(line("read", {3, rbuf, 10}, -11, mem) ==
          "read(3</etc/passwd>, 0x2000, 10) = -1 EAGAIN (Resource temporarily unavailable)");
    const uint64_t link = mem.str(0x3000, "/proc/self/exe");
    const uint64_t target = mem.put(0x4000, "/usr/bin/readlink");
    CHECK(line("readlink", {link, target, 64}, 17, mem) ==
          "readlink(\"/proc/self/exe\", \"/usr/bin/readlink\", 64) = 17");
    const uint64_t cwd = mem.str(0x5000, "/tmp/tbl");
    CHECK(line("getcwd", {cwd, 4096}, 9, mem) == "getcwd(\"/tmp/tbl\", 4096) = 9");
    CHECK(line("getcwd", {0, 0}, -34, mem) ==
          "getcwd(NULL, 0) = -1 ERANGE (Numerical result out of range)");
    // Paths are not cut at -s (strace prints them up to PATH_MAX).
    const std::string longPath = "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache";
    const uint64_t lp = mem.str(0x6000, longPath);
    CHECK(line("openat", {kAtFdcwd, lp, 0}, 3, mem, {}, nullptr) ==
          "openat(AT_FDCWD, \"" + longPath + "\", O_RDONLY) = 3");
}

TEST_CASE("return values", "[decoder]") {
    const DecodeOptions opts;
    const SyscallInfo& read = *findSyscall("read");
    CHECK(formatReturn(read, -2, kNames, opts) == "-1 ENOENT (No such file or directory)");
    CHECK(formatReturn(read, -512, kNames, opts) ==
          "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
    CHECK(formatReturn(read, -513, kNames, opts) == "? ERESTARTNOINTR (To be restarted)");
    CHECK(formatReturn(read, -514, kNames, opts) ==
          "? ERESTARTNOHAND (To be restarted if no handler)");
    CHECK(formatReturn(read, -516, kNames, opts) ==
          "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
    CHECK(formatReturn(read, -515, kNames, opts) == "-1 ENOIOCTLCMD (Unknown error 515)");
    CHECK(formatReturn(read, 42, kNames, opts) == "42");
    CHECK(formatReturn(*findSyscall("exit_group"), 0, kNames, opts) == "?");
    CHECK(formatReturn(*findSyscall("mmap"), 0x7fb1f70bf000, kNames, opts) == "0x7fb1f70bf000");
    CHECK(formatReturn(*findSyscall("mmap"), -12, kNames, opts) ==
          "-1 ENOMEM (Cannot allocate memory)");
    // Failure texts are built once per errno: asked again, after others, they are the same.
    CHECK(formatReturn(read, -13, kNames, opts) == "-1 EACCES (Permission denied)");
    CHECK(formatReturn(read, -2, kNames, opts) == "-1 ENOENT (No such file or directory)");
    CHECK(formatReturn(read, -515, kNames, opts) == "-1 ENOIOCTLCMD (Unknown error 515)");
    CHECK(formatReturn(read, -4000, kNames, opts) == "-1 E4000 (Unknown error 4000)");
    CHECK(formatReturn(read, -515, kNames, opts) == "-1 ENOIOCTLCMD (Unknown error 515)");
    CHECK(formatReturn(*findSyscall("dup"), 3, kNames, opts) == "3</etc/passwd>");
    CHECK(formatReturn(*findSyscall("dup"), 7, kNames, opts) == "7");
    CHECK(errnoName(2) == "ENOENT");
    CHECK(errnoName(512) == "ERESTARTSYS");
    CHECK(errnoName(9999) == "E9999");
    DecodeOptions i386;
    i386.arch = Arch::I386;
    CHECK(formatReturn(read, 0xfffffffe, kNames, i386) == "-1 ENOENT (No such file or directory)");
}

TEST_CASE("flags, signals and enumerations", "[decoder]") {
    FakeMemory mem;
    CHECK(line("kill", {99999, 0}, -3, mem) == "kill(99999, 0) = -1 ESRCH (No such process)");
    CHECK(line("kill", {0, 115}, -22, mem) == "kill(0, 115) = -1 EINVAL (Invalid argument)");
    CHECK(line("kill", {static_cast<uint64_t>(-1), 9}, 0, mem) == "kill(-1, SIGKILL) = 0");
    CHECK(line("tgkill", {10, 11, 15}, 0, mem) == "tgkill(10, 11, SIGTERM) = 0");
    const uint64_t x = mem.str(0x1000, "/x");
    CHECK(line("access", {x, 4 | 2 | 1}, 0, mem) == "access(\"/x\", R_OK|W_OK|X_OK) = 0");
    CHECK(line("access", {x, 0}, 0, mem) == "access(\"/x\", F_OK) = 0");
    CHECK(line("access", {x, 0x80}, -22, mem) ==
          "access(\"/x\", 0x80 /* ?_OK */) = -1 EINVAL (Invalid argument)");
    CHECK(line("lseek", {1, 5, 2}, 0, mem) == "lseek(1</dev/null>, 5, SEEK_END) = 0");
    CHECK(line("lseek", {1, 0, 7}, -22, mem) ==
          "lseek(1</dev/null>, 0, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)");
    CHECK(line("mmap", {0, 8192, 3, 0x22, static_cast<uint64_t>(-1), 0}, 0x7fb1f70bf000, mem) ==
          "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
          "0x7fb1f70bf000");
    CHECK(line("mmap", {0x7fb1f6ef8000, 1400832, 5, 0x812, 3, 0x26000}, 0x7fb1f6ef8000, mem) ==
          "mmap(0x7fb1f6ef8000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, "
          "3</etc/passwd>, 0x26000) = 0x7fb1f6ef8000");
    CHECK(line("mprotect", {0x1000, 4096, 0}, 0, mem) == "mprotect(0x1000, 4096, PROT_NONE) = 0");
    CHECK(line("wait4", {static_cast<uint64_t>(-1), 0x7ffd6dc4183c, 1, 0}, -10, mem) ==
          "wait4(-1, 0x7ffd6dc4183c, WNOHANG, NULL) = -1 ECHILD (No child processes)");
    const int32_t status = 2 << 8;
    const uint64_t st = mem.object(0x2000, status);
    CHECK(line("wait4", {static_cast<uint64_t>(-1), st, 0, 0}, 4091, mem) ==
          "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 2}], 0, NULL) = 4091");
    const int32_t killed = 9;
    const uint64_t st2 = mem.object(0x2100, killed);
    CHECK(line("wait4", {static_cast<uint64_t>(-1), st2, 0x40000000, 0}, 7, mem) ==
          "wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], __WALL, NULL) = 7");
    const uint64_t ne = mem.str(0x3000, "/nonexist");
    CHECK(line("statx", {kAtFdcwd, ne, 0x800, 2, 0x7fff46a27fa0}, -2, mem, {}, nullptr) ==
          "statx(AT_FDCWD, \"/nonexist\", AT_STATX_SYNC_AS_STAT|AT_NO_AUTOMOUNT, STATX_MODE, "
          "0x7fff46a27fa0) = -1 ENOENT (No such file or directory)");
    const uint64_t empty = mem.str(0x3100, "");
    CHECK(line("newfstatat", {3, empty, 0x7ffd0000, 0x1000}, 0, mem) ==
          "newfstatat(3</etc/passwd>, \"\", 0x7ffd0000, AT_EMPTY_PATH) = 0");
    CHECK(line("rt_sigaction", {17, 0, 0x7ffd0000, 8}, 0, mem) ==
          "rt_sigaction(SIGCHLD, NULL, 0x7ffd0000, 8) = 0");
    CHECK(line("rt_sigprocmask", {2, 0x1000, 0, 8}, 0, mem) ==
          "rt_sigprocmask(SIG_SETMASK, 0x1000, NULL, 8) = 0");
    CHECK(line("socket", {1, 1 | 0x80000, 0}, 3, mem) ==
          "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3</etc/passwd>");
    CHECK(line("fcntl", {3, 2, 1}, 0, mem) == "fcntl(3</etc/passwd>, F_SETFD, FD_CLOEXEC) = 0");
    CHECK(line("fcntl", {3, 1, 0}, 1, mem) == "fcntl(3</etc/passwd>, F_GETFD) = 1");
    CHECK(line("fcntl", {3, 1030, 10}, 11, mem) ==
          "fcntl(3</etc/passwd>, F_DUPFD_CLOEXEC, 10) = 11");
    CHECK(line("prctl", {38, 1, 0, 0, 0}, 0, mem) == "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
    CHECK(line("prlimit64", {0, 3, 0, 0x7ffd0000}, 0, mem) ==
          "prlimit64(0, RLIMIT_STACK, NULL, 0x7ffd0000) = 0");
    CHECK(line("ptrace", {0x4206, 42, 0, 0x100000}, 0, mem) ==
          "ptrace(PTRACE_SEIZE, 42, NULL, 0x100000) = 0");
    CHECK(line("seccomp", {1, 0, 0x7ffd0000}, 0, mem) ==
          "seccomp(SECCOMP_SET_MODE_FILTER, 0, 0x7ffd0000) = 0");
    const uint64_t a = mem.str(0x4000, "a");
    const uint64_t b = mem.str(0x4100, "b");
    CHECK(line("renameat2", {kAtFdcwd, a, kAtFdcwd, b, 1}, 0, mem, {}, nullptr) ==
          "renameat2(AT_FDCWD, \"a\", AT_FDCWD, \"b\", RENAME_NOREPLACE) = 0");
    CHECK(line("clock_gettime", {1, 0x7ffd0000}, 0, mem) ==
          "clock_gettime(CLOCK_MONOTONIC, 0x7ffd0000) = 0");
    CHECK(line("exit_group", {0}, 0, mem) == "exit_group(0) = ?");
    CHECK(formatSignal(34) == "SIGRT_2");
    CHECK(formatSignal(32) == "SIGRTMIN");
    CHECK(formatOpenFlags(0x80000 | 0x10000 | 0x800) ==
          "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY");
    const int32_t fds[2] = {3, 4};
    const uint64_t pipefds = mem.object(0x5000, fds);
    CHECK(line("pipe2", {pipefds, 0x80000}, 0, mem) == "pipe2([3</etc/passwd>, 4], O_CLOEXEC) = 0");
}

TEST_CASE("generic rows and i386 arguments", "[decoder]") {
    FakeMemory mem;
    const SyscallInfo& unknown = lookupSyscall(Arch::X86_64, 500);
    uint64_t args[6] = {1, 2, 3, 0, 0x7f31658506d0, 1};
    std::vector<std::string> out;
    decodeEntry(unknown, args, mem, kNames, {}, out);
    CHECK(join(out) == "0x1, 0x2, 0x3, 0, 0x7f31658506d0, 0x1");
    CHECK(formatReturn(unknown, -38, kNames, {}) == "-1 ENOSYS (Function not implemented)");

    DecodeOptions i386;
    i386.arch = Arch::I386;
    CHECK(line("kill", {0xffffffff, 15}, 0, mem, i386) == "kill(-1, SIGTERM) = 0");
    // 32-bit argv pointers.
    const uint64_t path = mem.str(0x1000, "/bin/true");
    const uint32_t argv32[2] = {0x1000, 0};
    const uint64_t argv = mem.object(0x2000, argv32);
    CHECK(line("execve", {path, argv, 0}, 0, mem, i386) ==
          "execve(\"/bin/true\", [\"/bin/true\"], NULL) = 0");
}

TEST_CASE("calls whose shape depends on their arguments", "[decoder]") {
    FakeMemory mem;
    const auto ret = [](std::string_view name, std::vector<uint64_t> raw, int64_t r) {
        uint64_t args[6] = {};
        for (size_t i = 0; i < raw.size(); ++i) args[i] = raw[i];
        return formatReturn(*findSyscall(name), args, r, kNames, {});
    };
    CHECK(ret("fcntl", {1, 0, 10}, 3) == "3</etc/passwd>");  // F_DUPFD returns an fd
    CHECK(ret("fcntl", {3, 3, 0}, 0x38800) ==
          "0x38800 (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE|O_NOFOLLOW|O_DIRECTORY)");
    CHECK(ret("fcntl", {3, 1, 0}, 1) == "0x1 (flags FD_CLOEXEC)");
    CHECK(ret("fcntl", {3, 3, 0}, -9) == "-1 EBADF (Bad file descriptor)");
    CHECK(ret("umask", {0}, 022) == "022");
    CHECK(ret("umask", {022}, 0) == "000");
    CHECK(ret("prctl", {3}, 1) == "1 (SUID_DUMP_USER)");
    CHECK(ret("read", {3}, 5) == "5");

    CHECK(line("futex", {0x7f0000001000, 0x81, 2147483647}, 0, mem) ==
          "futex(0x7f0000001000, FUTEX_WAKE_PRIVATE, 2147483647) = 0");
    CHECK(line("futex", {0x7f0000001000, 0x109, 12917, 0, 0, 0xffffffff}, 0, mem) ==
          "futex(0x7f0000001000, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 12917, NULL, "
          "FUTEX_BITSET_MATCH_ANY) = 0");
    CHECK(line("futex", {0x7f0000001000, 0x80, 2, 0}, -110, mem) ==
          "futex(0x7f0000001000, FUTEX_WAIT_PRIVATE, 2, NULL) = -1 ETIMEDOUT (Connection timed "
          "out)");
    CHECK(line("dup2", {11, 1}, 1, mem) == "dup2(11, 1</dev/null>) = 1</dev/null>");
    CHECK(line("madvise", {0x7f0000000000, 8368128, 4}, 0, mem) ==
          "madvise(0x7f0000000000, 8368128, MADV_DONTNEED) = 0");
    CHECK(line("arch_prctl", {0x1002, 0x7ffff7d09c40}, 0, mem) ==
          "arch_prctl(ARCH_SET_FS, 0x7ffff7d09c40) = 0");
    CHECK(line("prctl", {23, 41, 0, 0, 0}, -22, mem) ==
          "prctl(PR_CAPBSET_READ, 0x29 /* CAP_??? */) = -1 EINVAL (Invalid argument)");
    CHECK(line("prctl", {23, 40, 0, 0, 0}, 1, mem) ==
          "prctl(PR_CAPBSET_READ, CAP_CHECKPOINT_RESTORE) = 1");
    const uint64_t rnd = mem.put(0x1000, std::string("\x5b\xed\xa6\x61\xf1\x5a\x50\xa6", 8));
    CHECK(line("getrandom", {rnd, 8, 1}, 8, mem) ==
          "getrandom(\"\\x5b\\xed\\xa6\\x61\\xf1\\x5a\\x50\\xa6\", 8, GRND_NONBLOCK) = 8");
    CHECK(line("fadvise64", {3, 0, 0, 2}, 0, mem) ==
          "fadvise64(3</etc/passwd>, 0, 0, POSIX_FADV_SEQUENTIAL) = 0");

    // Signal sets: strace inverts a set that holds most signals.
    const uint64_t empty = mem.object(0x2000, uint64_t{0});
    const uint64_t all = mem.object(0x2100, ~uint64_t{0});
    const uint64_t rt = mem.object(0x2200, (uint64_t{1} << 31) | (uint64_t{1} << 32));
    const uint64_t most = mem.object(0x2300, ~((uint64_t{1} << 8) | (uint64_t{1} << 18)));
    CHECK(line("rt_sigprocmask", {2, empty, 0, 8}, 0, mem) ==
          "rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0");
    CHECK(line("rt_sigprocmask", {0, all, empty, 8}, 0, mem) ==
          "rt_sigprocmask(SIG_BLOCK, ~[], [], 8) = 0");
    CHECK(line("rt_sigprocmask", {1, rt, 0, 8}, 0, mem) ==
          "rt_sigprocmask(SIG_UNBLOCK, [RTMIN RT_1], NULL, 8) = 0");
    CHECK(line("rt_sigprocmask", {2, most, 0, 8}, 0, mem) ==
          "rt_sigprocmask(SIG_SETMASK, ~[KILL STOP], NULL, 8) = 0");
}

TEST_CASE("ProcessMemory reads strings up to the end of a mapped page", "[tracee-memory]") {
    // Our own process stands in for the tracee: process_vm_readv works on oneself.
    const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* map = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(map != MAP_FAILED);
    auto* base = static_cast<char*>(map);
    REQUIRE(munmap(base + page, page) == 0);  // the second page is now unmapped

    ProcessMemory mem(getpid());
    const std::string text = "/etc/hostname";
    char* at = base + page - text.size() - 1;  // the NUL is the last byte of the mapped page
    std::memcpy(at, text.c_str(), text.size() + 1);
    std::string out;
    bool truncated = true;
    CHECK(mem.readString(reinterpret_cast<uint64_t>(at), 4096, out, &truncated));
    CHECK(out == text);
    CHECK_FALSE(truncated);

    // Cut by maxLen.
    CHECK(mem.readString(reinterpret_cast<uint64_t>(at), 4, out, &truncated));
    CHECK(out == "/etc");
    CHECK(truncated);
    // Exactly maxLen bytes before the NUL: not truncated.
    CHECK(mem.readString(reinterpret_cast<uint64_t>(at), text.size(), out, &truncated));
    CHECK(out == text);
    CHECK_FALSE(truncated);

    // No NUL before the unmapped page: what could be read, marked truncated.
    std::memset(base + page - 8, 'x', 8);
    CHECK(mem.readString(reinterpret_cast<uint64_t>(base + page - 8), 4096, out, &truncated));
    CHECK(out == "xxxxxxxx");
    CHECK(truncated);

    // Unmapped and NULL addresses fail; read() reports what it copied.
    CHECK_FALSE(mem.readString(reinterpret_cast<uint64_t>(base + page), 16, out, &truncated));
    CHECK_FALSE(mem.readString(0, 16, out, &truncated));
    char buf[16];
    CHECK(mem.read(reinterpret_cast<uint64_t>(base + page - 8), buf, 16) == 8);
    CHECK(mem.read(reinterpret_cast<uint64_t>(base + page), buf, 16) == 0);
    ProcessMemory gone(0);
    CHECK(gone.read(reinterpret_cast<uint64_t>(base), buf, 1) == 0);
    munmap(base, page);
}

TEST_CASE("fd-creating calls with their own flag prefixes", "[decoder]") {
    FakeMemory mem;
    CHECK(line("epoll_create1", {0x80000}, 3, mem, {}, nullptr) ==
          "epoll_create1(EPOLL_CLOEXEC) = 3");
    CHECK(line("eventfd2", {0, 0x800 | 0x80000}, 3, mem, {}, nullptr) ==
          "eventfd2(0, EFD_CLOEXEC|EFD_NONBLOCK) = 3");
    CHECK(line("inotify_init1", {0}, 3, mem, {}, nullptr) == "inotify_init1(0) = 3");
    const uint64_t name = mem.str(0x1000, "buf");
    CHECK(line("memfd_create", {name, 3}, 3, mem, {}, nullptr) ==
          "memfd_create(\"buf\", MFD_CLOEXEC|MFD_ALLOW_SEALING) = 3");
    const std::string target = "/a/very/long/target/that/is/longer/than/thirty/two";
    const uint64_t t = mem.str(0x2000, target);
    const uint64_t l = mem.str(0x3000, "/tmp/lnk");
    CHECK(line("symlink", {t, l}, 0, mem) == "symlink(\"" + target + "\", \"/tmp/lnk\") = 0");
    const uint64_t comm = mem.str(0x4000, "busybox");
    CHECK(line("prctl", {16, comm, 0, 0, 0}, 0, mem) == "prctl(PR_GET_NAME, \"busybox\") = 0");
}

TEST_CASE("the decoder reads the row's roles, never its name", "[decoder]") {
    // Each special shape decoded from its real row and from a copy of the row under another
    // name: a decoder that still dispatched on the name would tell them apart.
    FakeMemory mem;
    const uint64_t text = mem.str(0x10000, "/tmp/some/target");
    const uint64_t buf = mem.put(0x20000, std::string("abcdefgh", 8));
    const uint64_t fds = mem.object(0x30000, std::array<int32_t, 2>{3, 1});
    const uint64_t set = mem.object(0x40000, uint64_t{(1U << 16) | 1U});
    const uint64_t status = mem.object(0x50000, int32_t{0x0100});
    struct Call {
        const char* name;
        std::vector<uint64_t> args;
        int64_t ret;
    };
    const Call calls[] = {
        {"fcntl", {3, 4, 0x800}, 0},  // F_SETFL
        {"fcntl", {3, 1, 0}, 1},      // F_GETFD: no third argument, flags in the return
        {"futex", {0x1000, 0x89, 2, 0, 0, 0xffffffff}, 0},
        {"clone", {0x1200011, 0, 0, 0x7000, 0}, 42},
        {"mount", {text, text, text, 0x1000, text}, 0},
        {"prctl", {15, text, 0, 0, 0}, 0},
        {"prctl", {3, 0, 0, 0, 0}, 1},
        {"openat", {kAtFdcwd, text, 0x42, 0644}, 3},
        {"openat", {kAtFdcwd, text, 0, 0644}, 3},
        {"symlink", {text, text}, 0},
        {"readlink", {text, buf, 8}, 8},
        {"read", {3, buf, 8}, 8},
        {"getrandom", {buf, 8, 1}, 8},
        {"pipe2", {fds, 0x80000}, 0},
        {"rt_sigprocmask", {0, set, set, 8}, 0},
        {"wait4", {static_cast<uint64_t>(-1), status, 0, 0}, 7},
        {"memfd_create", {text, 1}, 5},
        {"statx", {kAtFdcwd, text, 0, 0xfff, 0}, -2},
        {"madvise", {0x1000, 4096, 4}, 0},
        {"umask", {022}, 022},
    };
    for (const Call& call : calls) {
        INFO(call.name);
        const SyscallInfo* real = findSyscall(call.name);
        REQUIRE(real != nullptr);
        SyscallInfo renamed = *real;
        renamed.name = "renamed";
        uint64_t args[6] = {};
        for (size_t i = 0; i < call.args.size(); ++i) args[i] = call.args[i];
        const auto decode = [&](const SyscallInfo& row) {
            std::vector<std::string> out;
            decodeEntry(row, args, mem, kNames, {}, out);
            decodeExit(row, args, call.ret, mem, kNames, {}, out);
            return join(out) + " = " + formatReturn(row, args, call.ret, kNames, {});
        };
        const std::string shown = decode(*real);
        CHECK(decode(renamed) == shown);
        CHECK_FALSE(shown.empty());
    }
}
