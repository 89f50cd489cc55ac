// strace 6.1's rendering of the prctl operands the general prctl decoder (DependentArgs.cpp)
// leaves to this file: PR_CAP_AMBIENT's operation and capability, PR_GET_PDEATHSIG's answer.
// Pure functions over the operand values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace scratch::tracer {

/// PR_CAP_AMBIENT (47).
constexpr uint64_t kPrCapAmbient = 47;
/// PR_GET_PDEATHSIG (2).
constexpr uint64_t kPrGetPdeathsig = 2;

/// Operand `k` (1..4) of prctl(PR_CAP_AMBIENT, op, cap, 0, 0): PR_CAP_AMBIENT_IS_SET,
/// CAP_CHOWN (for IS_SET, RAISE, LOWER), the rest as numbers.
std::string capAmbientOperand(const uint64_t operands[5], size_t k);

/// PR_GET_PDEATHSIG's answer: "[SIGUSR2]", "[0]".
std::string pdeathsigAnswer(int32_t sig);

}  // namespace scratch::tracer
