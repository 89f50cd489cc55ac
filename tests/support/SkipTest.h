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

/// Ends the current test as skipped (Catch2 v2 has no SKIP()): the runner (TestMain.cpp)
/// exits 77 when every failure was a skip, and ctest shows the entry as skipped.
[[noreturn]] void skipTest(const std::string& reason);
/// How many tests called skipTest in this process (TestMain's business).
int skippedTestCount();
