#include "reports/SummaryTable.h"

#include <cstring>

#include "common/Error.h"

namespace scratch::reports {

SummaryTable::SummaryTable(Output out) : out_(std::move(out)) {}

SummaryTable::SummaryTable(FILE* file) : SummaryTable(Output(file)) {}

void SummaryTable::onFinish(const RunEnd& end, const Verdict& verdict) {
    (void)end;
    (void)verdict;
    out_.write(stats_.format());
    if (!out_.flush()) {
        throw Error(std::string("writing the summary table: ") + std::strerror(out_.error()));
    }
}

}  // namespace scratch::reports
