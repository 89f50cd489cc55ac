// Which outputs show syscall arguments (reports/Sink.h showsArguments): the tracer decodes only
// when one does, so `-q` with only the checks never runs the decoder, while a log, a JSON
// stream, a report (its excerpts are log lines) or a Perfetto trace gets every argument.
#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>

#include "reports/Pipeline.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/ReportFile.h"
#include "reports/documents/SeccompProfile.h"
#include "reports/outputs/JsonLinesWriter.h"
#include "reports/outputs/PerfettoWriter.h"
#include "reports/outputs/SummaryTable.h"
#include "reports/outputs/TextLog.h"

using namespace scratch::reports;

namespace {
/// What `-q` alone builds: the end report on stderr.
void addEndReport(Pipeline& pipeline) { pipeline.add(std::make_unique<EndReport>(stderr)); }
}  // namespace

TEST_CASE("only sinks that render arguments ask for decoding", "[reports][sinks]") {
    SECTION("the end report, the summary table and a seccomp profile do not") {
        Pipeline pipeline;
        addEndReport(pipeline);
        pipeline.add(std::make_unique<SummaryTable>(stderr, false));
        pipeline.add(std::make_unique<SeccompProfile>(Output(stderr)));
        CHECK_FALSE(pipeline.showsArguments());
        CHECK_FALSE(Pipeline().showsArguments());
    }
    SECTION("a log, a JSON stream, a report or a Perfetto trace does") {
        for (int which = 0; which < 4; ++which) {
            INFO(which);
            Pipeline pipeline;
            addEndReport(pipeline);
            if (which == 0) pipeline.add(std::make_unique<TextLog>(stderr));
            if (which == 1) pipeline.add(std::make_unique<JsonLinesWriter>(stderr));
            if (which == 2) {
                pipeline.add(std::make_unique<ReportFile>(ReportFile::Format::Markdown, stderr));
            }
            if (which == 3) pipeline.add(std::make_unique<PerfettoWriter>(Output(stderr)));
            CHECK(pipeline.showsArguments());
        }
    }
}
