// Parsing and formatting of --memory, --pids and --cpus. Every rejection is one line with the
// option's name and exit status 2, before anything is created.
#include "container/cgroup/CgroupLimits.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "common/Error.h"

namespace scratch::container {
namespace {

[[noreturn]] void bad(std::string_view option, std::string_view text, std::string_view want) {
    throw Error(fmt::format("{} {}: {}", option, text, want), kExitUsage);
}

/// Strict decimal: digits, at most one '.', at least one digit; no sign, no exponent, no space.
bool parseDecimal(std::string_view text, double& value) {
    if (text.empty() || text.size() > 32) return false;
    bool digit = false;
    bool dot = false;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            digit = true;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    if (!digit) return false;
    value = std::stod(std::string(text));
    return std::isfinite(value);
}

}  // namespace

uint64_t parseMemorySize(std::string_view text, std::string_view option) {
    static constexpr std::string_view kWant =
        "not a size (want bytes or a number with K, M, G or T, e.g. 64M)";
    std::string_view number = text;
    // Optional "B" / "iB" after a unit letter, or "B" alone after the number.
    auto dropSuffix = [&](std::string_view suffix) {
        if (number.size() > suffix.size() &&
            std::equal(suffix.rbegin(), suffix.rend(), number.rbegin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            number.remove_suffix(suffix.size());
            return true;
        }
        return false;
    };
    if (!dropSuffix("ib")) dropSuffix("b");
    uint64_t unit = 1;
    if (!number.empty()) {
        switch (std::tolower(static_cast<unsigned char>(number.back()))) {
            case 'k':
                unit = 1ULL << 10U;
                break;
            case 'm':
                unit = 1ULL << 20U;
                break;
            case 'g':
                unit = 1ULL << 30U;
                break;
            case 't':
                unit = 1ULL << 40U;
                break;
            default:
                break;
        }
        if (unit != 1) number.remove_suffix(1);
    }
    // "iB" is only a unit's tail ("MiB"), never the number's.
    if (unit == 1 && text.size() >= 2 && (text.back() == 'B' || text.back() == 'b') &&
        (text[text.size() - 2] == 'i' || text[text.size() - 2] == 'I')) {
        bad(option, text, kWant);
    }
    double value = 0;
    if (!parseDecimal(number, value)) bad(option, text, kWant);
    const double bytes = std::floor(value * static_cast<double>(unit));
    if (bytes >= 9.2e18) bad(option, text, "too large");
    const auto result = static_cast<uint64_t>(bytes);
    if (result < kMinMemoryBytes) bad(option, text, "too small (at least 1M)");
    return result;
}

uint64_t parsePidsLimit(std::string_view text) {
    double value = 0;
    if (!parseDecimal(text, value) || text.find('.') != std::string_view::npos) {
        bad("--pids", text, "not a whole number of tasks");
    }
    if (value < 1 || value > 4194304) bad("--pids", text, "out of range (1 to 4194304)");
    return static_cast<uint64_t>(value);
}

double parseCpuLimit(std::string_view text) {
    double value = 0;
    if (!parseDecimal(text, value)) bad("--cpus", text, "not a CPU count (e.g. 0.5 or 2)");
    if (value < 0.01 || value > 4096) bad("--cpus", text, "out of range (0.01 to 4096)");
    return value;
}

uint64_t cpuQuotaUs(double cpus) {
    return static_cast<uint64_t>(std::llround(cpus * static_cast<double>(kCpuPeriodUs)));
}

std::string formatBytes(uint64_t bytes) {
    static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    std::string best = fmt::format("{} bytes", bytes);
    for (int i = 0; i < 4; ++i) {
        const uint64_t unit = 1ULL << (10U * static_cast<unsigned>(i + 1));
        if (bytes < unit) break;
        // Exact in this unit, or exact to one decimal place ("1.5 GiB").
        if (bytes % unit == 0) {
            best = fmt::format("{} {}", bytes / unit, kUnits[i]);
        } else if (bytes < (1ULL << 60U) && (bytes * 10) % unit == 0) {
            best = fmt::format("{}.{} {}", bytes / unit, (bytes * 10 / unit) % 10, kUnits[i]);
        }
    }
    return best;
}

std::string formatCpus(double cpus) {
    std::string text = fmt::format("{:.2f}", cpus);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

std::vector<std::string> limitsSummary(const CgroupLimits& limits) {
    std::vector<std::string> out;
    if (limits.memoryBytes) {
        std::string size = formatBytes(*limits.memoryBytes);
        size.erase(std::remove(size.begin(), size.end(), ' '), size.end());
        out.push_back("memory=" + size);
    }
    if (limits.pids) out.push_back("pids=" + std::to_string(*limits.pids));
    if (limits.cpus) out.push_back("cpus=" + formatCpus(*limits.cpus));
    return out;
}

}  // namespace scratch::container
