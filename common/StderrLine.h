// One line to stderr that cannot throw. fmt::print(stderr, ...) throws when stderr is closed
// or a closed pipe; a note or warning must never turn a finished run into a failure.
#pragma once

#include <unistd.h>

#include <string>
#include <string_view>

namespace scratch {

/// Writes "scratch-trace: " + text + "\n" in one write(2); the result is ignored (there is
/// nowhere left to report a failed write to stderr).
inline void printStderrLine(std::string_view text) {
    std::string line = "scratch-trace: ";
    line.append(text);
    line += '\n';
    (void)!::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace scratch
