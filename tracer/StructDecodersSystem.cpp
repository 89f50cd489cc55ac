#include "tracer/StructDecodersSystem.h"

#include <fmt/format.h>

#include <cstring>

#include "tracer/FlagNames.h"
#include "tracer/StructField.h"

namespace scratch::tracer {
namespace {

std::string hexOrZero(uint64_t v) { return v == 0 ? std::string("0") : fmt::format("{:#x}", v); }

/// strace's xlat/fsmagic.in, the filesystems a container run meets.
constexpr FlagName kFsMagics[] = {
    {0x0187, "AUTOFS_SUPER_MAGIC"},      {0x1cd1, "DEVPTS_SUPER_MAGIC"},
    {0x4d44, "MSDOS_SUPER_MAGIC"},       {0x6969, "NFS_SUPER_MAGIC"},
    {0x9660, "ISOFS_SUPER_MAGIC"},       {0x9fa0, "PROC_SUPER_MAGIC"},
    {0xef53, "EXT2_SUPER_MAGIC"},        {0x27e0eb, "CGROUP_SUPER_MAGIC"},
    {0x01021994, "TMPFS_MAGIC"},         {0x01021997, "V9FS_MAGIC"},
    {0x09041934, "ANON_INODE_FS_MAGIC"}, {0x19800202, "MQUEUE_MAGIC"},
    {0x42494e4d, "BINFMTFS_MAGIC"},      {0x50495045, "PIPEFS_MAGIC"},
    {0x534f434b, "SOCKFS_MAGIC"},        {0x58465342, "XFS_SUPER_MAGIC"},
    {0x5346544e, "NTFS_SB_MAGIC"},       {0x62656570, "CONFIGFS_MAGIC"},
    {0x62656572, "SYSFS_MAGIC"},         {0x63677270, "CGROUP2_SUPER_MAGIC"},
    {0x64626720, "DEBUGFS_MAGIC"},       {0x6165676c, "PSTOREFS_MAGIC"},
    {0x65735546, "FUSE_SUPER_MAGIC"},    {0x6e736673, "NSFS_MAGIC"},
    {0x73636673, "SECURITYFS_MAGIC"},    {0x73717368, "SQUASHFS_MAGIC"},
    {0x74726163, "TRACEFS_MAGIC"},       {0x794c7630, "OVERLAYFS_SUPER_MAGIC"},
    {0x858458f6, "RAMFS_MAGIC"},         {0x9123683e, "BTRFS_SUPER_MAGIC"},
    {0x958458f6, "HUGETLBFS_MAGIC"},     {0xcafe4a11, "BPF_FS_MAGIC"},
    {0xde5e81e4, "EFIVARFS_MAGIC"},      {0xf2f52010, "F2FS_SUPER_MAGIC"},
    {0xf97cff8c, "SELINUX_MAGIC"},
};

/// ST_* in strace's order (ST_VALID first).
constexpr FlagName kStatfsFlags[] = {
    {0x20, "ST_VALID"},      {0x1, "ST_RDONLY"},         {0x2, "ST_NOSUID"},
    {0x4, "ST_NODEV"},       {0x8, "ST_NOEXEC"},         {0x10, "ST_SYNCHRONOUS"},
    {0x40, "ST_MANDLOCK"},   {0x80, "ST_WRITE"},         {0x100, "ST_APPEND"},
    {0x200, "ST_IMMUTABLE"}, {0x400, "ST_NOATIME"},      {0x800, "ST_NODIRATIME"},
    {0x1000, "ST_RELATIME"}, {0x2000, "ST_NOSYMFOLLOW"},
};

std::string timevalAt(std::string_view bytes, size_t offset) {
    return fmt::format("{{tv_sec={}, tv_usec={}}}", field<int64_t>(bytes, offset),
                       field<int64_t>(bytes, offset + 8));
}

}  // namespace

std::string_view fsMagicName(uint64_t magic) {
    for (const auto& f : kFsMagics) {
        if (f.value == magic) return f.name;
    }
    return {};
}

std::string statfsText(std::string_view bytes) {
    const auto type = field<uint64_t>(bytes, 0);
    std::string out = "{f_type=";
    const std::string_view name = fsMagicName(type);
    if (name.empty()) {
        out += hexOrZero(type);
    } else {
        out += name;
    }
    out += fmt::format(
        ", f_bsize={}, f_blocks={}, f_bfree={}, f_bavail={}, f_files={}, f_ffree={}, "
        "f_fsid={{val=[{}, {}]}}, f_namelen={}, f_frsize={}, f_flags=",
        field<int64_t>(bytes, 8), field<uint64_t>(bytes, 16), field<uint64_t>(bytes, 24),
        field<uint64_t>(bytes, 32), field<uint64_t>(bytes, 40), field<uint64_t>(bytes, 48),
        hexOrZero(field<uint32_t>(bytes, 56)), hexOrZero(field<uint32_t>(bytes, 60)),
        field<int64_t>(bytes, 64), field<int64_t>(bytes, 72));
    appendFlags(out, field<uint64_t>(bytes, 80), kStatfsFlags, "0", "ST_???");
    out += '}';
    return out;
}

std::string rusageText(std::string_view bytes) {
    return fmt::format("{{ru_utime={}, ru_stime={}, ...}}", timevalAt(bytes, 0),
                       timevalAt(bytes, 16));
}

std::string rusageWhoText(int64_t who) {
    switch (static_cast<int32_t>(who)) {
        case 0:
            return "RUSAGE_SELF";
        case -1:
            return "RUSAGE_CHILDREN";
        case 1:
            return "RUSAGE_THREAD";
        default:
            return fmt::format("{:#x} /* RUSAGE_??? */", static_cast<uint32_t>(who));
    }
}

std::string sysinfoText(std::string_view bytes) {
    return fmt::format(
        "{{uptime={}, loads=[{}, {}, {}], totalram={}, freeram={}, sharedram={}, bufferram={}, "
        "totalswap={}, freeswap={}, procs={}, totalhigh={}, freehigh={}, mem_unit={}}}",
        field<int64_t>(bytes, 0), field<uint64_t>(bytes, 8), field<uint64_t>(bytes, 16),
        field<uint64_t>(bytes, 24), field<uint64_t>(bytes, 32), field<uint64_t>(bytes, 40),
        field<uint64_t>(bytes, 48), field<uint64_t>(bytes, 56), field<uint64_t>(bytes, 64),
        field<uint64_t>(bytes, 72), field<uint16_t>(bytes, 80), field<uint64_t>(bytes, 88),
        field<uint64_t>(bytes, 96), field<uint32_t>(bytes, 104));
}

std::string stackText(std::string_view bytes) {
    static constexpr FlagName kSsFlags[] = {
        {1, "SS_ONSTACK"}, {2, "SS_DISABLE"}, {0x80000000U, "SS_AUTODISARM"}};
    const auto sp = field<uint64_t>(bytes, 0);
    std::string out = "{ss_sp=";
    out += sp == 0 ? std::string("NULL") : fmt::format("{:#x}", sp);
    out += ", ss_flags=";
    appendFlags(out, field<uint32_t>(bytes, 8), kSsFlags, "0", "SS_???");
    out += fmt::format(", ss_size={}}}", field<uint64_t>(bytes, 16));
    return out;
}

std::string schedAttrText(std::string_view bytes) {
    static constexpr FlagName kPolicies[] = {
        {0, "SCHED_OTHER"}, {1, "SCHED_FIFO"}, {2, "SCHED_RR"},       {3, "SCHED_BATCH"},
        {4, "SCHED_ISO"},   {5, "SCHED_IDLE"}, {6, "SCHED_DEADLINE"},
    };
    static constexpr FlagName kFlags[] = {
        {0x1, "SCHED_FLAG_RESET_ON_FORK"},   {0x2, "SCHED_FLAG_RECLAIM"},
        {0x4, "SCHED_FLAG_DL_OVERRUN"},      {0x8, "SCHED_FLAG_KEEP_POLICY"},
        {0x10, "SCHED_FLAG_KEEP_PARAMS"},    {0x20, "SCHED_FLAG_UTIL_CLAMP_MIN"},
        {0x40, "SCHED_FLAG_UTIL_CLAMP_MAX"},
    };
    const auto size = field<uint32_t>(bytes, 0);
    std::string out = fmt::format("{{size={}, sched_policy=", size);
    const auto policy = field<uint32_t>(bytes, 4);
    // SCHED_RESET_ON_FORK (0x40000000) may ride on the policy.
    appendEnum(out, policy & ~0x40000000U, kPolicies, "SCHED_???");
    if (policy & 0x40000000U) out += "|SCHED_RESET_ON_FORK";
    out += ", sched_flags=";
    appendFlags(out, field<uint64_t>(bytes, 8), kFlags, "0", "SCHED_FLAG_???");
    out += fmt::format(
        ", sched_nice={}, sched_priority={}, sched_runtime={}, sched_deadline={}, "
        "sched_period={}",
        field<int32_t>(bytes, 16), field<uint32_t>(bytes, 20), field<uint64_t>(bytes, 24),
        field<uint64_t>(bytes, 32), field<uint64_t>(bytes, 40));
    if (size >= 56 && bytes.size() >= 56) {
        out += fmt::format(", sched_util_min={}, sched_util_max={}", field<uint32_t>(bytes, 48),
                           field<uint32_t>(bytes, 52));
    }
    out += '}';
    return out;
}

std::string cpuSetText(std::string_view bytes) {
    std::string out = "[";
    bool first = true;
    for (size_t i = 0; i < bytes.size() * 8; ++i) {
        if (!(static_cast<unsigned char>(bytes[i / 8]) & (1U << (i % 8)))) continue;
        if (!first) out += ' ';
        first = false;
        out += std::to_string(i);
    }
    out += ']';
    return out;
}

std::string mremapFlagsText(uint64_t flags) {
    static constexpr FlagName kFlags[] = {
        {1, "MREMAP_MAYMOVE"}, {2, "MREMAP_FIXED"}, {4, "MREMAP_DONTUNMAP"}};
    std::string out;
    appendFlags(out, flags & 0xffffffffU, kFlags, "0", "MREMAP_???");
    return out;
}

}  // namespace scratch::tracer
