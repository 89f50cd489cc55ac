#include "support/SkipTest.h"

namespace {
int gSkipped = 0;
}  // namespace

void skipTest(const std::string& reason) {
    ++gSkipped;
    throw TestSkipped(reason);
}

int skippedTestCount() { return gSkipped; }
