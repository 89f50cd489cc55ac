// The sensitive-interface rules against programs that try to get around a string check, in a
// real container, both root modes, with the default capabilities and with every capability: a
// second procfs mounted at /mnt/p and its sys/vm/drop_caches opened for writing, a host block
// device (a loop device with a known marker) made with mknod and read, and a raw memory device
// made with mknod and opened. The object decides, wherever the node or the mount is.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace {

/// The sensitive-interface findings whose message mentions `part`.
std::vector<json> sensitiveAbout(const Trace& trace, const std::string& part) {
    std::vector<json> out;
    for (const json& f : trace.findings("sensitive-interface")) {
        if (has(str(f, "message"), part)) out.push_back(f);
    }
    return out;
}

bool anyLeak(const std::vector<json>& findings) {
    for (const json& f : findings) {
        if (str(f, "severity") == "leak") return true;
    }
    return false;
}

/// One line of a shell command's output (the first), "" on failure.
std::string firstLine(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return {};
    char buffer[512] = {0};
    const bool got = std::fgets(buffer, sizeof buffer, pipe) != nullptr;
    ::pclose(pipe);
    std::string line = got ? buffer : "";
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return line;
}

/// A loop device over a file that starts with a marker, detached when the object dies.
class LoopDevice {
  public:
    explicit LoopDevice(const std::string& marker) {
        std::ofstream(file_.path() / "disk.img", std::ios::binary)
            << marker << std::string(1 << 20, '\0');
        device_ = firstLine("losetup -f --show '" + (file_.path() / "disk.img").string() +
                            "' 2>/dev/null");
        struct stat st {};
        if (!device_.empty() && ::stat(device_.c_str(), &st) == 0 && S_ISBLK(st.st_mode)) {
            major_ = major(st.st_rdev);
            minor_ = minor(st.st_rdev);
        } else {
            device_.clear();
        }
    }
    ~LoopDevice() {
        if (!device_.empty()) (void)firstLine("losetup -d '" + device_ + "' 2>&1");
    }
    LoopDevice(const LoopDevice&) = delete;
    LoopDevice& operator=(const LoopDevice&) = delete;
    bool ok() const { return !device_.empty(); }
    std::string majorText() const { return std::to_string(major_); }
    std::string minorText() const { return std::to_string(minor_); }

  private:
    TempDir file_{"scratch-loop"};
    std::string device_;
    unsigned major_ = 0;
    unsigned minor_ = 0;
};

}  // namespace

TEST_CASE("a second procfs's sys/ opened for writing is a leak", "[root][sensitive]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "sysctl_via_second_procfs");
    for (const ContainerSetting& setting : fourContainerSettings()) {
        const Trace trace = traceRun(setting.options(), rootfs, {prog, "/mnt/p"});
        INFO(setting.name() << "\n" << trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        if (!setting.allCaps) {
            // Without CAP_SYS_ADMIN the mount is refused: nothing was reached.
            CHECK(has(trace.run.out, "mount: Operation not permitted"));
            CHECK(trace.findings("sensitive-interface").empty());
            continue;
        }
        REQUIRE(has(trace.run.out, "mount: ok"));
        REQUIRE(has(trace.run.out, "open: ok"));
        // Needs the resolver branch (fsMagic and fsPath of the procfs at /mnt/p).
        const std::vector<json> sysctl = sensitiveAbout(trace, "/sys/vm/drop_caches");
        REQUIRE_FALSE(sysctl.empty());
        CHECK(str(sysctl.front(), "severity") == "leak");
        CHECK(has(str(sysctl.front(), "fix"), "CAP_SYS_ADMIN"));
        CHECK(trace.verdict() == "leak");
    }
}

TEST_CASE("a host block device made with mknod and read is a leak", "[root][sensitive]") {
    requireRoot();
    const std::string marker = "SCRATCH-LOOP-MARKER-19";
    const LoopDevice loop(marker);
    if (!loop.ok()) skipTest("no loop device (losetup -f failed)");
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "device_node_read");
    for (const ContainerSetting& setting : fourContainerSettings()) {
        const Trace trace =
            traceRun(setting.options(), rootfs, {prog, "b", loop.majorText(), loop.minorText()});
        INFO(setting.name() << "\n" << trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        const std::vector<json> device = sensitiveAbout(trace, "block device");
        if (has(trace.run.out, marker)) {
            // The host disk's content came out: that must be a leak.
            REQUIRE_FALSE(device.empty());
            CHECK(anyLeak(device));
            CHECK(trace.verdict() == "leak");
            // The device numbers in the message need the resolver branch (rdev).
            CHECK(has(str(device.front(), "message"), loop.majorText() + ":" + loop.minorText()));
        } else if (has(trace.run.out, ": ok\nopen")) {
            // mknod worked and the open was refused (nodev): an attempt, a warning.
            REQUIRE_FALSE(device.empty());
            CHECK_FALSE(anyLeak(device));
        }
        // Making the node is a warning of its own (mknod), whatever came after.
        if (has(trace.run.out, "mknod /tmp/scratch-node: ok") ||
            has(trace.run.out, "mknod /dev/scratch-node: ok")) {
            CHECK_FALSE(sensitiveAbout(trace, "made a device node").empty());
        }
    }
}

TEST_CASE("a raw memory device made with mknod and opened is a leak", "[root][sensitive]") {
    requireRoot();
    const std::string rootfs = makeBusyboxRootfs();
    const std::string prog = copyProgIntoRootfs(rootfs, "device_node_read");
    for (const ContainerSetting& setting : fourContainerSettings()) {
        // /dev/mem is char 1:1 (/dev/kmem 1:2, /dev/port 1:4 take the same rule).
        const Trace trace = traceRun(setting.options(), rootfs, {prog, "c", "1", "1"});
        INFO(setting.name() << "\n" << trace.describe());
        REQUIRE(trace.run.exitCode == 0);
        if (!has(trace.run.out, "mknod /tmp/scratch-node: ok") &&
            !has(trace.run.out, "mknod /dev/scratch-node: ok")) {
            continue;  // no node, nothing opened: nothing to find but a refused mknod
        }
        // Needs the resolver branch (rdev of the node): the rule is major 1, minor 1/2/4.
        const std::vector<json> device = sensitiveAbout(trace, "raw memory device");
        REQUIRE_FALSE(device.empty());
        if (has(trace.run.out, "open /tmp/scratch-node: ok") ||
            has(trace.run.out, "open /dev/scratch-node: ok")) {
            CHECK(anyLeak(device));
            CHECK(trace.verdict() == "leak");
        } else {
            CHECK_FALSE(anyLeak(device));
        }
    }
}
