// One vocabulary, one table: an enum's values (or a set of flag bits) and their spellings in one
// array, read both ways. Writing the name and parsing it back from the same rows is what keeps a
// value added to the enum from being written but not read (or read but never written).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace scratch {

/// One value and its spelling: a row of a vocabulary table.
template <typename Value>
struct NamedValue {
    Value value;
    std::string_view name;
};

/// The name of `value` in `table`; `fallback` when no row has that value.
template <typename Value, size_t N>
constexpr std::string_view nameIn(const NamedValue<Value> (&table)[N], Value value,
                                  std::string_view fallback = {}) {
    for (const auto& row : table) {
        if (row.value == value) return row.name;
    }
    return fallback;
}

/// The value named `name` in `table`; nullopt when no row has that name.
template <typename Value, size_t N>
constexpr std::optional<Value> valueIn(const NamedValue<Value> (&table)[N], std::string_view name) {
    for (const auto& row : table) {
        if (row.name == name) return row.value;
    }
    return std::nullopt;
}

/// For a table of flag bits: `visit(name)` for each row whose bits are all set in `bits`, in the
/// table's order.
template <typename Value, size_t N, typename Visit>
constexpr void forEachFlagIn(const NamedValue<Value> (&table)[N], Value bits, Visit&& visit) {
    for (const auto& row : table) {
        if ((bits & row.value) == row.value && row.value != 0) visit(row.name);
    }
}

}  // namespace scratch
