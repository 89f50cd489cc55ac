// The exception skipTest throws to end a test that cannot run here. Catch2 v2 counts it as a
// failure; TestMain subtracts the skips again and exits 77 when nothing else failed.
#pragma once

#include <stdexcept>
#include <string>

/// Thrown by skipTest(); never caught by tests.
class TestSkipped : public std::runtime_error {
  public:
    explicit TestSkipped(const std::string& reason) : std::runtime_error(reason) {}
};
