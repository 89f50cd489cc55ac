// What a finding is about and how grave it is: enums inside the program, spelled only where the
// run meets text (the JSON records, the reports), through one table each. The JSON's spellings are
// docs/json-schema.json's findingClass and severity enums; docs/isolation.md explains each class.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/NameTable.h"

namespace scratch::reports {

/// The classes of finding (docs/isolation.md).
enum class FindingClass : uint8_t {
    HostProcfs,          ///< the host's procfs reached from the container
    OutsideRootfs,       ///< a host object outside the rootfs
    EscapedRoot,         ///< a task's root or cwd outside the container
    InheritedFd,         ///< an fd open at the command's execve that reaches the host
    MountPropagation,    ///< a mount of the container appeared in the host's table
    UntracedTask,        ///< a task the tracer could not follow
    BlindSpot,           ///< something the verdict depends on was not seen: inconclusive
    SensitiveInterface,  ///< a kernel interface that reaches past the container (devices, setns)
    HostService,         ///< a connection to a host process through a socket file
    SharedNamespace,     ///< a connection to a host process through a shared namespace
};

/// The JSON's (and the reports') spelling of each class.
inline constexpr NamedValue<FindingClass> kFindingClassNames[] = {
    {FindingClass::HostProcfs, "host-procfs"},
    {FindingClass::OutsideRootfs, "outside-rootfs"},
    {FindingClass::EscapedRoot, "escaped-root"},
    {FindingClass::InheritedFd, "inherited-fd"},
    {FindingClass::MountPropagation, "mount-propagation"},
    {FindingClass::UntracedTask, "untraced-task"},
    {FindingClass::BlindSpot, "blind-spot"},
    {FindingClass::SensitiveInterface, "sensitive-interface"},
    {FindingClass::HostService, "host-service"},
    {FindingClass::SharedNamespace, "shared-namespace"},
};

/// How grave a finding is, in increasing order (a later finding of the same object is new only
/// when it is graver).
enum class Severity : uint8_t { Info, Warning, Leak };

/// The JSON's (and the reports') spelling of each severity.
inline constexpr NamedValue<Severity> kSeverityNames[] = {
    {Severity::Info, "info"},
    {Severity::Warning, "warning"},
    {Severity::Leak, "leak"},
};

/// "host-procfs", "outside-rootfs", ...
std::string_view findingClassName(FindingClass klass);
/// The inverse of findingClassName; nullopt for a name that is no class.
std::optional<FindingClass> findingClassFromName(std::string_view name);
/// "info", "warning" or "leak".
std::string_view severityName(Severity severity);
/// The inverse of severityName; nullopt for a name that is no severity.
std::optional<Severity> severityFromName(std::string_view name);
/// The reports' heading: "LEAK" in capitals (the one a reader must not miss), else the name.
std::string_view severityLabel(Severity severity);

}  // namespace scratch::reports
