// The syscall table's numbering: numbers from libseccomp, O(1) lookup per (arch, nr).
//
// Rows are keyed by name only (tracer/SyscallTable.cpp). At first use, one vector per arch is
// built, indexed by syscall number, by asking libseccomp for the name of every number; a number
// whose name the table has points at that row, a number libseccomp names but the table lacks
// gets a generic row carrying libseccomp's name, and a number nobody names gets a generic
// "syscall_0xN" row (strace's name). Lookups after that are an array index: nothing is
// allocated on the per-stop path.
#include <linux/audit.h>
#include <seccomp.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "tracer/SyscallTable.h"

namespace scratch::tracer {

namespace {

constexpr int64_t kX32Bit = 0x40000000;
// Numbers below this get a pre-built row; higher (or negative) ones go to a locked cache.
constexpr int64_t kDenseLimit = 1024;

uint32_t seccompArch(Arch arch) {
    switch (arch) {
        case Arch::X86_64:
            return SCMP_ARCH_X86_64;
        case Arch::I386:
            return SCMP_ARCH_X86;
        case Arch::X32:
            return SCMP_ARCH_X32;
        case Arch::Unknown:
            break;
    }
    return 0;
}

/// strace's name for a number it does not know: "syscall_0x1c9" (the number as an unsigned
/// 64-bit hex, so -1 is syscall_0xffffffffffffffff).
std::string unknownSyscallName(int64_t nr) {
    char text[32];
    std::snprintf(text, sizeof text, "syscall_%#llx", static_cast<unsigned long long>(nr));
    return text;
}

/// Rows made at run time (libseccomp names the table lacks, syscall_0xN). deque: stable addresses.
struct GenericRows {
    std::deque<std::string> names;
    std::deque<SyscallInfo> rows;

    const SyscallInfo* make(std::string name) {
        names.push_back(std::move(name));
        SyscallInfo info{};
        info.name = names.back();
        info.nargs = 6;
        for (auto& a : info.args) a = ArgRole::Hex;
        rows.push_back(info);
        return &rows.back();
    }
};

struct NameIndex {
    std::unordered_map<std::string_view, const SyscallInfo*> byName;
    NameIndex() {
        const auto table = allSyscalls();
        byName.reserve(table.size() * 2);
        for (const auto& info : table) byName.emplace(info.name, &info);
    }
};

const NameIndex& nameIndex() {
    static const NameIndex index;
    return index;
}

/// One arch's number -> row vector, built once.
struct ArchTable {
    std::vector<const SyscallInfo*> byNr;  // index = nr (x32: nr without the x32 bit)
    GenericRows generic;
    std::mutex sparseMutex;  // guards sparse and generic after construction
    std::unordered_map<int64_t, const SyscallInfo*> sparse;

    explicit ArchTable(Arch arch) {
        const uint32_t token = seccompArch(arch);
        const int64_t base = arch == Arch::X32 ? kX32Bit : 0;
        byNr.resize(kDenseLimit, nullptr);
        for (int64_t i = 0; i < kDenseLimit; ++i) {
            byNr[i] = resolve(arch, token, base + i, i);
        }
    }

    const SyscallInfo* resolve(Arch arch, uint32_t token, int64_t nr, int64_t shownNr) {
        if (token != 0 && nr >= INT32_MIN && nr <= INT32_MAX) {
            if (char* name = seccomp_syscall_resolve_num_arch(token, static_cast<int>(nr))) {
                std::string owned(name);
                std::free(name);  // libseccomp returns malloc'd strings
                // i386's own shape of a name x86_64 shares comes first (SyscallTable.h).
                if (arch == Arch::I386) {
                    for (const SyscallInfo& shape : i386Shapes()) {
                        if (shape.name == owned) return &shape;
                    }
                }
                const auto& idx = nameIndex().byName;
                if (auto it = idx.find(owned); it != idx.end()) return it->second;
                return generic.make(std::move(owned));
            }
        }
        return generic.make(unknownSyscallName(shownNr));
    }

    const SyscallInfo& lookup(Arch arch, int64_t nr) {
        const int64_t index = arch == Arch::X32 ? nr - kX32Bit : nr;
        if (index >= 0 && index < kDenseLimit) return *byNr[static_cast<size_t>(index)];
        std::lock_guard lock(sparseMutex);
        if (auto it = sparse.find(nr); it != sparse.end()) return *it->second;
        const SyscallInfo* info = resolve(arch, seccompArch(arch), nr, nr);
        sparse.emplace(nr, info);
        return *info;
    }
};

ArchTable& archTable(Arch arch) {
    // Built lazily, once each; function-local statics are thread-safe.
    switch (arch) {
        case Arch::X86_64: {
            static ArchTable t(Arch::X86_64);
            return t;
        }
        case Arch::I386: {
            static ArchTable t(Arch::I386);
            return t;
        }
        case Arch::X32: {
            static ArchTable t(Arch::X32);
            return t;
        }
        case Arch::Unknown:
            break;
    }
    static ArchTable unknown(Arch::Unknown);
    return unknown;
}

}  // namespace

Arch archFromAudit(uint32_t auditArch) {
    switch (auditArch) {
        case AUDIT_ARCH_X86_64:
            return Arch::X86_64;
        case AUDIT_ARCH_I386:
            return Arch::I386;
        case SCMP_ARCH_X32:
            return Arch::X32;  // libseccomp's token; the kernel never reports it
        default:
            return Arch::Unknown;
    }
}

Arch effectiveArch(Arch arch, int64_t nr) {
    if (arch == Arch::X86_64 && nr >= 0 && (nr & kX32Bit)) return Arch::X32;
    return arch;
}

const SyscallInfo& lookupSyscall(Arch arch, int64_t nr) {
    const Arch eff = effectiveArch(arch, nr);
    return archTable(eff).lookup(eff, nr);
}

std::string syscallName(Arch arch, int64_t nr) { return std::string(lookupSyscall(arch, nr).name); }

const SyscallInfo* findSyscall(std::string_view name) {
    const auto& idx = nameIndex().byName;
    auto it = idx.find(name);
    return it == idx.end() ? nullptr : it->second;
}

std::optional<size_t> tableRowIndex(const SyscallInfo& info) {
    const auto table = allSyscalls();
    const std::less<> before;  // pointer order across unrelated objects is only defined here
    if (before(&info, table.data()) || !before(&info, table.data() + table.size())) {
        return std::nullopt;
    }
    return static_cast<size_t>(&info - table.data());
}

std::optional<int> syscallNumber(Arch arch, std::string_view name) {
    const uint32_t token = seccompArch(arch);
    if (token == 0) return std::nullopt;
    std::string owned(name);
    // Negative values are libseccomp's pseudo-numbers for names this arch lacks.
    const int nr = seccomp_syscall_resolve_name_arch(token, owned.c_str());
    if (nr < 0) return std::nullopt;
    return nr;
}

}  // namespace scratch::tracer
