// Golden files (tests/golden/): expected output checked into the repository, compared byte for
// byte. On a mismatch the test fails with a unified diff and the one command that rewrites the
// files; SCRATCH_UPDATE_GOLDEN=1 rewrites them instead of failing. A rewritten golden is only
// right after a person has read its diff (tests/README.md).
#pragma once

#include <string>

/// The absolute path of tests/golden/`name` in the source tree.
std::string goldenPath(const std::string& name);

/// The bytes of tests/golden/`name` (fails the test when it cannot be read).
std::string readGolden(const std::string& name);

/// Requires `actual` to equal tests/golden/`name` byte for byte. With SCRATCH_UPDATE_GOLDEN=1 in
/// the environment the file is rewritten with `actual` (and a warning says so) instead.
void checkGolden(const std::string& actual, const std::string& name);
