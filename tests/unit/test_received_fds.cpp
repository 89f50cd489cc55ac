// The invariant's pure parts: fds received with SCM_RIGHTS read back from message headers as
// the kernel left them (both ABIs, several control messages, recvmmsg), the standard streams'
// exemption by object and access, openat2's open_how, and when an unreadable argument leaves a
// blind spot.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "tracer/Openat2Args.h"
#include "tracer/ReceivedFds.h"
#include "tracer/StdStreams.h"
#include "tracer/SyscallTable.h"
#include "tracer/UnreadableArgs.h"

using namespace scratch::tracer;

namespace {

/// A few mapped regions; reads elsewhere fail, as process_vm_readv does on secretmem.
class Regions final : public TraceeMemory {
  public:
    template <typename T>
    void put(uint64_t addr, const T& value) {
        std::string bytes(sizeof value, '\0');
        std::memcpy(bytes.data(), &value, sizeof value);
        regions_[addr] = bytes;
    }
    void putBytes(uint64_t addr, std::string bytes) { regions_[addr] = std::move(bytes); }
    size_t read(uint64_t addr, void* out, size_t len) override {
        auto it = regions_.upper_bound(addr);
        if (it == regions_.begin()) return 0;
        --it;
        if (addr < it->first || addr + len > it->first + it->second.size()) return 0;
        std::memcpy(out, it->second.data() + (addr - it->first), len);
        return len;
    }
    bool readString(uint64_t, size_t, std::string&, bool*) override { return false; }

  private:
    std::map<uint64_t, std::string> regions_;
};

/// Control data with one SCM_RIGHTS message per entry of `groups` (x86_64 layout).
std::string control64(const std::vector<std::vector<int>>& groups) {
    std::string out;
    for (const auto& fds : groups) {
        const uint64_t len = 16 + 4 * fds.size();
        std::string msg(16, '\0');
        const int level = SOL_SOCKET;
        const int type = SCM_RIGHTS;
        std::memcpy(msg.data(), &len, 8);
        std::memcpy(msg.data() + 8, &level, 4);
        std::memcpy(msg.data() + 12, &type, 4);
        for (int fd : fds) msg.append(reinterpret_cast<const char*>(&fd), 4);
        msg.resize((msg.size() + 7) / 8 * 8, '\0');
        out += msg;
    }
    return out;
}

}  // namespace

TEST_CASE("SCM_RIGHTS fds are read from the msghdr the kernel filled", "[invariant]") {
    Regions mem;
    const std::string control = control64({{5, 6}, {9}});
    mem.putBytes(0x2000, control);
    const uint64_t header[7] = {0, 0, 0x3000, 1, 0x2000, control.size(), 0};
    mem.put(0x1000, header);
    std::vector<int> fds;
    REQUIRE(scmRightsOfMsghdr(mem, 0x1000, false, fds));
    CHECK(fds == std::vector<int>{5, 6, 9});

    // No control message came: msg_controllen is 0, nothing was installed.
    const uint64_t empty[7] = {0, 0, 0x3000, 1, 0x2000, 0, 0};
    mem.put(0x1100, empty);
    fds.clear();
    REQUIRE(scmRightsOfMsghdr(mem, 0x1100, false, fds));
    CHECK(fds.empty());

    // A header the tracer cannot read: the caller's fd table must be forgotten.
    fds.clear();
    CHECK_FALSE(scmRightsOfMsghdr(mem, 0x9000, false, fds));
}

TEST_CASE("SCM_RIGHTS in the i386 layout and in recvmmsg's vector", "[invariant]") {
    Regions mem;
    // i386: cmsg_len is 32 bits, data at 12.
    std::string control(12, '\0');
    const uint32_t len = 12 + 4;
    const int level = SOL_SOCKET;
    const int type = SCM_RIGHTS;
    const int fd = 7;
    std::memcpy(control.data(), &len, 4);
    std::memcpy(control.data() + 4, &level, 4);
    std::memcpy(control.data() + 8, &type, 4);
    control.append(reinterpret_cast<const char*>(&fd), 4);
    mem.putBytes(0x2000, control);
    const uint32_t header32[7] = {0, 0, 0x3000, 1, 0x2000, static_cast<uint32_t>(control.size()),
                                  0};
    mem.put(0x1000, header32);
    std::vector<int> fds;
    REQUIRE(scmRightsOfMsghdr(mem, 0x1000, true, fds));
    CHECK(fds == std::vector<int>{7});

    // Two struct mmsghdr (64 bytes each on x86_64), the second with a control message.
    const std::string c64 = control64({{11}});
    mem.putBytes(0x5000, c64);
    std::string vec(128, '\0');
    const uint64_t first[7] = {0, 0, 0x3000, 1, 0, 0, 0};
    const uint64_t second[7] = {0, 0, 0x3000, 1, 0x5000, c64.size(), 0};
    std::memcpy(vec.data(), first, sizeof first);
    std::memcpy(vec.data() + 64, second, sizeof second);
    mem.putBytes(0x4000, vec);
    fds.clear();
    REQUIRE(scmRightsOfMmsghdrs(mem, 0x4000, 2, false, fds));
    CHECK(fds == std::vector<int>{11});
}

TEST_CASE("a standard stream reopened by path is exempt only without wider access", "[invariant]") {
    StdStreams streams;
    PathRef stdin;
    stdin.dev = 5;
    stdin.ino = 42;
    stdin.mode = S_IFCHR | 0666;
    streams.add(stdin, O_RDONLY);
    PathRef reopen = stdin;
    reopen.access = kAccessRead;
    CHECK(streams.coversPath(reopen));
    CHECK(streams.isStream(reopen));
    reopen.access = kAccessRead | kAccessWrite;
    CHECK_FALSE(streams.coversPath(reopen));
    PathRef other = reopen;
    other.ino = 43;
    other.access = kAccessRead;
    CHECK_FALSE(streams.coversPath(other));
    // The same object as a second stream, opened for writing (stdin and stdout /dev/null).
    PathRef stdout = stdin;
    streams.add(stdout, O_WRONLY);
    reopen.access = kAccessWrite | kAccessCreate;
    CHECK(streams.coversPath(reopen));
    reopen.access = kAccessRead | kAccessWrite;
    CHECK_FALSE(streams.coversPath(reopen));
    // A directory handed over as a stream is a way out, never exempt.
    PathRef dir;
    dir.dev = 1;
    dir.ino = 2;
    dir.mode = S_IFDIR | 0755;
    streams.add(dir, O_RDONLY);
    dir.access = kAccessRead;
    CHECK_FALSE(streams.coversPath(dir));
}

TEST_CASE("openat2's open_how gives access and symlink following", "[invariant]") {
    Regions mem;
    const uint64_t how[3] = {O_WRONLY | O_CREAT | O_NOFOLLOW, 0644, 0x10 /* RESOLVE_IN_ROOT */};
    mem.put(0x1000, how);
    const Openat2Args args = Openat2Args::read(mem, 0x1000, 24);
    REQUIRE(args.readable);
    CHECK((args.access() & kAccessWrite) != 0);
    CHECK_FALSE(args.followsFinal());
    CHECK(args.inRoot());
    const Openat2Args unreadable = Openat2Args::read(mem, 0x8000, 24);
    CHECK_FALSE(unreadable.readable);
}

TEST_CASE("an unreadable argument is a blind spot only when the exit does not tell",
          "[invariant]") {
    Task task;
    SyscallEvent ev;
    ev.setInfo(&lookupSyscall(Arch::X86_64, 257));  // openat
    ev.name = "openat";
    task.callFacts = callFacts(*ev.info());
    task.unreadableArgs = 1U << 1;
    ev.err = ENOENT;
    CHECK_FALSE(unreadableBlindSpot(task, ev).empty());  // failed: what did it try?
    ev.err = 0;
    ev.ret = 3;
    CHECK(unreadableBlindSpot(task, ev).empty());  // the fd it installed was resolved
    ev.err = EFAULT;
    CHECK(unreadableBlindSpot(task, ev).empty());  // the kernel could not read it either

    ev.setInfo(&lookupSyscall(Arch::X86_64, 80));  // chdir
    ev.name = "chdir";
    task.callFacts = callFacts(*ev.info());
    task.unreadableArgs = 1U << 0;
    ev.err = 0;
    CHECK(unreadableBlindSpot(task, ev).empty());  // the cwd is checked after it
    ev.setInfo(&lookupSyscall(Arch::X86_64, 87));  // unlink
    ev.name = "unlink";
    task.callFacts = callFacts(*ev.info());
    CHECK_FALSE(unreadableBlindSpot(task, ev).empty());  // nothing at the exit tells what
}

TEST_CASE("which calls install fds the session must attribute at the exit", "[invariant]") {
    Regions mem;
    std::vector<int> fds;
    SyscallEvent ev;
    ev.finished = true;
    ev.ret = 5;
    ev.setInfo(&lookupSyscall(Arch::X86_64, 438));  // pidfd_getfd
    CHECK(installedFds(callFacts(*ev.info()).id, ev, mem, false, fds) == FdInstall::Returned);
    CHECK(fds == std::vector<int>{5});

    fds.clear();
    ev.setInfo(&lookupSyscall(Arch::X86_64, 16));  // ioctl
    ev.rawArgs[1] = 0xb702;                        // NS_GET_PARENT: an fd to an existing namespace
    CHECK(installedFds(SpecialCall::Ioctl, ev, mem, false, fds) == FdInstall::Returned);
    ev.rawArgs[1] = 0x5421;  // FIONBIO: no fd
    fds.clear();
    CHECK(installedFds(SpecialCall::Ioctl, ev, mem, false, fds) == FdInstall::None);
    ev.rawArgs[1] = 0x40182103;  // SECCOMP_IOCTL_NOTIF_ADDFD: into another process's table
    CHECK(installedFds(SpecialCall::Ioctl, ev, mem, false, fds) == FdInstall::OtherTables);

    // recvmsg whose header the tracer cannot read: fds may have come, unlisted.
    ev.setInfo(&lookupSyscall(Arch::X86_64, 47));  // recvmsg
    ev.rawArgs[1] = 0x9000;
    ev.ret = 10;
    CHECK(installedFds(SpecialCall::Recvmsg, ev, mem, false, fds) == FdInstall::CallerUnknown);
    // A failed call installed nothing.
    ev.err = EAGAIN;
    ev.ret = -EAGAIN;
    CHECK(installedFds(SpecialCall::Recvmsg, ev, mem, false, fds) == FdInstall::None);
}
