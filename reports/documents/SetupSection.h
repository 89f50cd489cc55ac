// The runtime's setup as every format shows it (text end report, md, html): one value built
// once, so that the three cannot drift apart: the counts, the explained steps in the seed
// article's order, how many /proc paths the workload then read, and the paths only the setup
// touched.
#pragma once

#include <string>
#include <vector>

#include "reports/PathTable.h"
#include "reports/documents/SetupSteps.h"

namespace scratch::reports {

class RunSummary;

/// The content of the "runtime's setup" section, the same in every format.
struct SetupSection {
    std::string sentence;                 ///< "56 syscalls: mount x16, ..." (setupSentence)
    std::vector<SetupStep> steps;         ///< the explained setup syscalls, in order
    size_t workloadProcReads = 0;         ///< workload paths under /proc: the step after the last
    std::vector<const PathEntry*> paths;  ///< paths only the setup touched, in report order
};

/// Builds the section from the steps a sink kept and the run's summary (which must outlive it).
SetupSection setupSection(const SetupSteps& steps, const RunSummary& summary);

/// The line after the steps, without its number: "the workload read 3 paths under /proc".
std::string procReadsStep(const SetupSection& section);

/// The sentence that introduces the numbered steps.
inline constexpr const char* kSetupStepsIntro =
    "The run, step by step, in the seed article's order (each step the runtime took to build "
    "the container, then what the workload read of /proc)";

}  // namespace scratch::reports
