#include "cli/TraceReplay.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include "common/Error.h"
#include "common/StderrLine.h"
#include "reports/documents/EndReport.h"
#include "reports/documents/ReportFile.h"
#include "reports/documents/SeccompProfile.h"
#include "reports/outputs/PerfettoWriter.h"
#include "reports/outputs/TextLog.h"
#include "reports/replay/JsonTraceReader.h"
#include "reports/replay/ReplayPipeline.h"
#include "reports/replay/TraceDiff.h"

namespace scratch::cli {

namespace {

constexpr const char* kIncomplete =
    "the trace has no summary line: the run was cut short (scratch-trace was killed, or the disk "
    "filled up), so the counts, paths and findings cover only what was recorded";

/// The trace file, or stdin for "-". Throws scratch::Error when it cannot be opened.
class TraceInput {
  public:
    explicit TraceInput(const std::string& path) {
        if (path == "-") return;
        file_.open(path, std::ios::binary);
        if (!file_) throw Error(path + ": " + std::strerror(errno), kExitFailure);
    }
    std::istream& stream() { return file_.is_open() ? file_ : std::cin; }

  private:
    std::ifstream file_;
};

/// The text format's line between the log and the end report when the trace was cut short.
class IncompleteNote : public reports::Sink {
  public:
    explicit IncompleteNote(FILE* file) : file_(file) {}
    void set() { incomplete_ = true; }
    void onFinish(const reports::RunEnd& /*end*/, const reports::RunSummary& /*summary*/) override {
        if (incomplete_) fmt::print(file_, "\n--- note: {} ---\n", kIncomplete);
        std::fflush(file_);
    }

  private:
    FILE* file_;
    bool incomplete_ = false;
};

/// A FILE* for -o (closed at the end), or stdout.
class TextTarget {
  public:
    explicit TextTarget(const std::string& path) {
        if (path.empty()) return;
        owned_ = std::fopen(path.c_str(), "we");
        if (owned_ == nullptr) throw Error(path + ": " + std::strerror(errno), kExitFailure);
    }
    ~TextTarget() {
        if (owned_ != nullptr) std::fclose(owned_);
    }
    TextTarget(const TextTarget&) = delete;
    TextTarget& operator=(const TextTarget&) = delete;
    FILE* get() const { return owned_ != nullptr ? owned_ : stdout; }
    /// Closes -o's file; an error there is an error of the command.
    void close(const std::string& path) {
        if (owned_ == nullptr) return;
        FILE* file = owned_;
        owned_ = nullptr;
        if (std::fclose(file) != 0) throw Error(path + ": " + std::strerror(errno), kExitFailure);
    }

  private:
    FILE* owned_ = nullptr;
};

reports::Output outputFor(const std::string& path) {
    return path.empty() ? reports::Output(stdout) : reports::Output::open(path);
}

}  // namespace

int replayTrace(const ReplayOptions& options) {
    TraceInput input(options.tracePath);
    const std::string source = options.tracePath == "-" ? "<stdin>" : options.tracePath;
    reports::JsonTraceReader reader(input.stream(), source);
    reports::ReplayPipeline replay;
    replay.setDecoding(options.decoding);
    const std::string& format = options.format;
    std::unique_ptr<TextTarget> target;
    if (format == "text") {
        target = std::make_unique<TextTarget>(options.output);
        replay.add(std::make_unique<reports::TextLog>(target->get()));
        auto note = std::make_unique<IncompleteNote>(target->get());
        IncompleteNote* notePtr = note.get();
        replay.add(std::move(note));
        reports::EndReportOptions endOptions;
        endOptions.setupPaths = options.setup;
        replay.add(std::make_unique<reports::EndReport>(target->get(), endOptions));
        replay.setIncompleteHook([notePtr] { notePtr->set(); });
    } else if (format == "md" || format == "html" || format == "json") {
        const auto kind = format == "md"     ? reports::ReportFile::Format::Markdown
                          : format == "html" ? reports::ReportFile::Format::Html
                                             : reports::ReportFile::Format::Json;
        auto report = options.output.empty()
                          ? std::make_unique<reports::ReportFile>(kind, stdout)
                          : std::make_unique<reports::ReportFile>(options.output, kind);
        report->setShowSetup(options.setup);
        reports::ReportFile* reportPtr = report.get();
        replay.add(std::move(report));
        replay.setIncompleteHook([reportPtr] { reportPtr->setNote(kIncomplete); });
    } else if (format == "perfetto") {
        replay.add(std::make_unique<reports::PerfettoWriter>(outputFor(options.output)));
    } else if (format == "seccomp") {
        replay.add(std::make_unique<reports::SeccompProfile>(outputFor(options.output)));
    } else {
        throw Error("report: unknown format " + format, kExitUsage);
    }
    replay.run(reader);
    if (target) target->close(options.output);
    if (!replay.complete()) printStderrLine(fmt::format("note: {}: {}", source, kIncomplete));
    return 0;
}

int diffTraces(const std::string& pathA, const std::string& pathB) {
    TraceInput inputA(pathA);
    const reports::TraceDigest a = reports::digestTrace(inputA.stream(), pathA);
    TraceInput inputB(pathB);
    const reports::TraceDigest b = reports::digestTrace(inputB.stream(), pathB);
    fmt::print("{}", reports::diffTraces(a, b, pathA, pathB));
    // stdout is buffered: a closed or full stdout shows only here, and must not exit 0.
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        throw Error(std::string("writing the diff: ") + std::strerror(errno));
    }
    return 0;
}

}  // namespace scratch::cli
