#include "reports/SetupSection.h"

#include "reports/ReportWords.h"
#include "reports/Verdict.h"

namespace scratch::reports {

SetupSection setupSection(const SetupSteps& steps, const Verdict& verdict) {
    SetupSection section;
    section.sentence = setupSentence(verdict.setupStats);
    section.steps = steps.steps();
    for (const PathEntry* entry : verdict.paths.sorted()) {
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
