#include "cli/TraceReplay.h"

#include "common/Error.h"

namespace scratch::cli {

int replayTrace(const ReplayOptions& options) {
    throw Error("report " + options.tracePath + ": re-rendering saved traces is not built yet");
}

}  // namespace scratch::cli
