// The run's verdict, the claim its findings add up to (PRODUCT.md, "the verdict is a claim"):
// three values and their one spelling, the JSON summary's `verdict`, written and read back through
// the same table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/NameTable.h"

namespace scratch::reports {

/// Isolated: no leak and nothing unseen; Inconclusive: no leak, but a blind spot; Leak: a leak.
enum class IsolationVerdict : uint8_t { Isolated, Inconclusive, Leak };

/// The spelling of each verdict.
inline constexpr NamedValue<IsolationVerdict> kIsolationVerdictNames[] = {
    {IsolationVerdict::Isolated, "isolated"},
    {IsolationVerdict::Inconclusive, "inconclusive"},
    {IsolationVerdict::Leak, "leak"},
};

/// "isolated", "inconclusive" or "leak".
inline std::string_view verdictName(IsolationVerdict verdict) {
    return nameIn(kIsolationVerdictNames, verdict, "isolated");
}

/// The inverse of verdictName; nullopt for anything else.
inline std::optional<IsolationVerdict> verdictFromName(std::string_view name) {
    return valueIn(kIsolationVerdictNames, name);
}

}  // namespace scratch::reports
