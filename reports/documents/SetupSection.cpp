#include "reports/documents/SetupSection.h"

#include "reports/RunSummary.h"
#include "reports/documents/ReportWords.h"

namespace scratch::reports {

SetupSection setupSection(const SetupSteps& steps, const RunSummary& summary) {
    SetupSection section;
    section.sentence = setupSentence(summary.setupStats);
    section.steps = steps.steps();
    for (const PathEntry* entry : summary.paths.sorted()) {
        if (!entry->workload) {
            section.paths.push_back(entry);
        } else if (entry->resolved.rfind("/proc/", 0) == 0) {
            ++section.workloadProcReads;
        }
    }
    return section;
}

std::string procReadsStep(const SetupSection& section) {
    const size_t reads = section.workloadProcReads;
    return "the workload read " + std::to_string(reads) + (reads == 1 ? " path" : " paths") +
           " under /proc";
}

}  // namespace scratch::reports
