#include "reports/checks/SensitiveObjects.h"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <array>

#include "reports/JsonText.h"

namespace scratch::reports {

namespace {

constexpr uint32_t kConfigfsMagic = 0x62656570;  // not in every linux/magic.h

/// The kernel's numbers for the memory character devices (Documentation/admin-guide/devices.txt).
constexpr unsigned kMemMajor = 1;
constexpr unsigned kMinorMem = 1;
constexpr unsigned kMinorKmem = 2;
constexpr unsigned kMinorPort = 4;
constexpr unsigned kMinorKmsg = 11;

constexpr std::string_view kFixProcSys =
    "keep every procfs's sys/ read-only: mount /proc/sys read-only in the container (bind it over "
    "itself with MS_RDONLY), as container runtimes do, and drop CAP_SYS_ADMIN so the workload "
    "cannot mount a writable procfs elsewhere";
constexpr std::string_view kFixKernelFs =
    "do not expose this kernel filesystem to the container (no mount or bind of it, or read-only "
    "where it must be there) and drop CAP_SYS_ADMIN so the workload cannot mount it itself";
constexpr std::string_view kFixCgroup =
    "give the container its own cgroup (--memory, --pids or --cpus) and a cgroup namespace "
    "(--ns cgroup), do not mount the host's cgroup hierarchy writable in it, and drop "
    "CAP_SYS_ADMIN so the workload cannot mount it itself";
constexpr std::string_view kFixDevice =
    "drop CAP_MKNOD and CAP_SYS_ADMIN (no device node can be made or mounted) and mount every "
    "writable filesystem of the container nodev; a device cgroup denying the device stops the "
    "rest";
constexpr std::string_view kFixProcSecret =
    "mask it in the container (bind-mount /dev/null over it), as container runtimes do, and drop "
    "CAP_SYS_ADMIN so the workload cannot mount an unmasked procfs elsewhere";
constexpr std::string_view kFixKmsgDevice =
    "do not create /dev/kmsg in the container, drop CAP_SYSLOG, and drop CAP_MKNOD so the "
    "workload cannot make it";

bool startsWithDir(std::string_view path, std::string_view dir) {
    return path == dir || (path.size() > dir.size() && path.substr(0, dir.size()) == dir &&
                           path[dir.size()] == '/');
}

std::string deviceText(const tracer::PathRef& ref) {
    std::string out = std::to_string(major(ref.rdev)) + ":" + std::to_string(minor(ref.rdev));
    if (!ref.host.empty()) out += " (" + displayText(ref.host) + ")";
    return out;
}

std::string_view accessText(uint8_t access) {
    const bool read = (access & tracer::kAccessRead) != 0;
    const bool write = (access & (tracer::kAccessWrite | tracer::kAccessCreate)) != 0;
    return read && write ? "for reading and writing" : write ? "for writing" : "for reading";
}

/// "/proc" + the path inside the procfs: how the finding names a procfs object wherever it is.
std::string procName(const tracer::PathRef& ref) {
    std::string out = "procfs " + displayText(ref.fsPath);
    if (!ref.host.empty() && displayText(ref.host) != displayText(ref.fsPath)) {
        out += " (at " + displayText(ref.host) + ")";
    }
    return out;
}

bool underOwnCgroup(const tracer::PathRef& ref, const std::vector<std::string>& ownCgroups) {
    if (ref.host.empty()) return false;
    for (const std::string& dir : ownCgroups) {
        if (!dir.empty() && startsWithDir(ref.host, dir)) return true;
    }
    return false;
}

}  // namespace

std::string_view kernelFsName(uint32_t fsMagic) {
    switch (fsMagic) {
        case SYSFS_MAGIC:
            return "sysfs";
        case DEBUGFS_MAGIC:
            return "debugfs";
        case TRACEFS_MAGIC:
            return "tracefs";
        case SECURITYFS_MAGIC:
            return "securityfs";
        case BPF_FS_MAGIC:
            return "bpf";
        case kConfigfsMagic:
            return "configfs";
        case EFIVARFS_MAGIC:
            return "efivarfs";
        case PSTOREFS_MAGIC:
            return "pstore";
        default:
            return {};
    }
}

std::optional<SensitiveUse> sensitiveUse(const tracer::PathRef& ref, bool succeeded,
                                         const std::vector<std::string>& ownCgroups) {
    if (ref.stdio || ref.where == tracer::Where::Anonymous) return std::nullopt;
    const bool reads = (ref.access & tracer::kAccessRead) != 0;
    const bool writes = (ref.access & (tracer::kAccessWrite | tracer::kAccessCreate)) != 0;
    const bool reached = succeeded && ref.exists;
    // A device is used when opened for (or read or written through an fd); making its node
    // (access create) is mknod's own warning.
    const bool opens = (ref.access & (tracer::kAccessRead | tracer::kAccessWrite)) != 0;

    // Devices, by the node's type and numbers: a node made anywhere opens the same device.
    if (opens && S_ISBLK(ref.mode)) {
        return SensitiveUse{reached, "blk:" + std::to_string(ref.rdev),
                            (reached ? "opened host block device " : "tried host block device ") +
                                deviceText(ref) + " " + std::string(accessText(ref.access)) +
                                ": a host disk's content is outside the container",
                            kFixDevice};
    }
    if (opens && S_ISCHR(ref.mode) && major(ref.rdev) == kMemMajor) {
        const unsigned minorNr = minor(ref.rdev);
        if (minorNr == kMinorMem || minorNr == kMinorKmem || minorNr == kMinorPort) {
            return SensitiveUse{
                reached, "chr:" + std::to_string(ref.rdev),
                (reached ? "opened raw memory device " : "tried raw memory device ") +
                    deviceText(ref) + " " + std::string(accessText(ref.access)) +
                    ": the host's physical memory or I/O ports",
                kFixDevice};
        }
        if (minorNr == kMinorKmsg) {
            return SensitiveUse{false, "chr:" + std::to_string(ref.rdev),
                                "opened the kernel log device " + deviceText(ref) + " " +
                                    std::string(accessText(ref.access)) +
                                    ": the host kernel's log is host-global",
                                kFixKmsgDevice};
        }
    }

    if (ref.fsMagic == PROC_SUPER_MAGIC && !ref.fsPath.empty()) {
        const std::string_view path = ref.fsPath;
        if (writes && (startsWithDir(path, "/sys") || path == "/sysrq-trigger")) {
            return SensitiveUse{reached, "proc:" + ref.fsPath,
                                std::string(reached ? "opened " : "tried ") + procName(ref) +
                                    " for writing: " +
                                    (path == "/sysrq-trigger" ? "SysRq acts on the host kernel"
                                                              : "sysctls are host-global"),
                                kFixProcSys};
        }
        if ((reads || writes) &&
            (path == "/kcore" || path == "/kmsg" || path == "/keys" || path == "/sysrq-trigger")) {
            return SensitiveUse{false, "proc:" + ref.fsPath,
                                "opened " + procName(ref) + ": a host kernel interface",
                                kFixProcSecret};
        }
        return std::nullopt;
    }
    if (!writes) return std::nullopt;
    if (const std::string_view fs = kernelFsName(ref.fsMagic); !fs.empty()) {
        return SensitiveUse{
            reached,
            std::string(fs) + ":" + displayText(ref.fsPath.empty() ? ref.host : ref.fsPath),
            std::string(reached ? "opened " : "tried ") + std::string(fs) + " " +
                displayText(!ref.host.empty() ? ref.host : ref.fsPath) +
                " for writing: its attributes are host-global",
            kFixKernelFs};
    }
    if ((ref.fsMagic == CGROUP_SUPER_MAGIC || ref.fsMagic == CGROUP2_SUPER_MAGIC) &&
        !underOwnCgroup(ref, ownCgroups)) {
        return SensitiveUse{reached,
                            "cgroup:" + displayText(ref.host.empty() ? ref.fsPath : ref.host),
                            std::string(reached ? "opened cgroup file " : "tried cgroup file ") +
                                displayText(!ref.host.empty() ? ref.host : ref.fsPath) +
                                " for writing, outside the container's own cgroup: limits and "
                                "membership of host processes",
                            kFixCgroup};
    }
    return std::nullopt;
}

}  // namespace scratch::reports
