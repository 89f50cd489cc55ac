// Re-rendering a saved JSON Lines trace: the records are read back into events and fed through
// the same pipeline a live run uses, so a saved trace renders exactly as the live one did.
#pragma once

#include <string>

namespace scratch::cli {

struct ReplayOptions {
    std::string tracePath;
    std::string format = "text";
    std::string output;  ///< empty: stdout
};

/// Renders the trace; throws scratch::Error (with the line number) on malformed input.
int replayTrace(const ReplayOptions& options);

}  // namespace scratch::cli
