// How a container's root is switched and whether it gets a fresh /proc: chosen on the command line
// (container::Spec), recorded in the trace's start record and read by the checks and the reports
// (reports::RunInfo). One enum each, one table each, spelled only on the command line, in the
// JSON and in the reports; here, in common, because the container and the reports both use them
// and neither depends on the other.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/NameTable.h"

namespace scratch {

/// How the container's root is switched. Chroot is the seed article's way; None keeps the host's.
enum class RootMode : uint8_t { Chroot, Pivot, None };
/// Whether a fresh procfs for the new PID namespace is mounted on /proc.
enum class ProcMode : uint8_t { New, None };

/// The spelling of each root mode (`--root-mode`, the start record's `root_mode`).
inline constexpr NamedValue<RootMode> kRootModeNames[] = {
    {RootMode::Chroot, "chroot"},
    {RootMode::Pivot, "pivot"},
    {RootMode::None, "none"},
};

/// The spelling of each /proc mode (`--proc`, the start record's `proc_mode`).
inline constexpr NamedValue<ProcMode> kProcModeNames[] = {
    {ProcMode::New, "new"},
    {ProcMode::None, "none"},
};

/// "chroot", "pivot" or "none".
constexpr std::string_view rootModeName(RootMode mode) { return nameIn(kRootModeNames, mode, "?"); }
/// The inverse of rootModeName; nullopt for anything else.
constexpr std::optional<RootMode> rootModeFromName(std::string_view name) {
    return valueIn(kRootModeNames, name);
}
/// "new" or "none".
constexpr std::string_view procModeName(ProcMode mode) { return nameIn(kProcModeNames, mode, "?"); }
/// The inverse of procModeName; nullopt for anything else.
constexpr std::optional<ProcMode> procModeFromName(std::string_view name) {
    return valueIn(kProcModeNames, name);
}

}  // namespace scratch
