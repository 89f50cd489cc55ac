#include "reports/outputs/SummaryTable.h"

#include <cstring>

#include "common/Error.h"

namespace scratch::reports {

SummaryTable::SummaryTable(Output out, bool setup) : out_(std::move(out)), setup_(setup) {}

SummaryTable::SummaryTable(FILE* file, bool setup) : SummaryTable(Output(file), setup) {}

void SummaryTable::onFinish(const RunEnd& end, const RunSummary& summary) {
    (void)end;
    (void)summary;
    out_.write(stats_.format());
    if (setupSkipped_ > 0) {
        out_.write(std::to_string(setupSkipped_) +
                   " syscalls of the runtime's setup are not counted (--setup counts them)\n");
    }
    if (!out_.flush()) {
        throw Error(std::string("writing the summary table: ") + std::strerror(out_.error()));
    }
}

}  // namespace scratch::reports
