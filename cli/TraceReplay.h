// Re-rendering a saved JSON Lines trace: the records are read back into events and fed, through
// ReplayPipeline, to the same sinks a live run uses, so a saved trace renders as the live one did.
// The findings are the file's own (the checks are not run again; see
// reports/replay/ReplayPipeline.h).
#pragma once

#include <string>

#include "reports/replay/ReplayPipeline.h"

namespace scratch::cli {

struct ReplayOptions {
    std::string tracePath;  ///< "-": stdin
    std::string format = "text";
    std::string output;  ///< empty: stdout
    bool setup = false;  ///< --setup: the runtime's setup in the tables too
    /// -s, -v, -x, --no-fd-paths: how captured syscalls are rendered (unset: as the run did).
    reports::ReplayDecoding decoding;
};

/// Renders the trace; throws scratch::Error (with the line number) on malformed input. Returns 0.
int replayTrace(const ReplayOptions& options);

/// `diff A B`: prints what changed between two traces; returns 0.
int diffTraces(const std::string& pathA, const std::string& pathB);

}  // namespace scratch::cli
