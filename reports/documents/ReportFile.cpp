#include "reports/documents/ReportFile.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "common/Error.h"
#include "reports/JsonText.h"
#include "reports/Names.h"
#include "reports/RunSummary.h"
#include "reports/documents/HtmlReport.h"
#include "reports/documents/MarkdownReport.h"
#include "reports/outputs/JsonRecords.h"

namespace scratch::reports {

namespace {

bool endsWith(const std::string& text, std::string_view suffix) {
    if (text.size() < suffix.size()) return false;
    std::string tail = text.substr(text.size() - suffix.size());
    for (auto& ch : tail) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return tail == suffix;
}

}  // namespace

ReportFile::Format ReportFile::formatFor(const std::string& path) {
    if (endsWith(path, ".md") || endsWith(path, ".markdown")) return Format::Markdown;
    if (endsWith(path, ".html") || endsWith(path, ".htm")) return Format::Html;
    if (endsWith(path, ".json")) return Format::Json;
    throw Error("--report " + path + ": unknown format (use a .md, .html or .json file name)",
                kExitUsage);
}

ReportFile::ReportFile(std::string path)
    : path_(std::move(path)),
      format_(formatFor(path_)),
      model_(format_ == Format::Html ? HtmlReport::kMaxEvents : 0) {}

ReportFile::ReportFile(std::string path, Format format)
    : path_(std::move(path)),
      format_(format),
      model_(format_ == Format::Html ? HtmlReport::kMaxEvents : 0) {}

ReportFile::ReportFile(Format format, FILE* file)
    : file_(file), format_(format), model_(format_ == Format::Html ? HtmlReport::kMaxEvents : 0) {}

std::string ReportFile::render(Format format, const ReportModel& model, const RunEnd& end,
                               const RunSummary& summary) {
    switch (format) {
        case Format::Markdown:
            return MarkdownReport::render(model, end, summary);
        case Format::Html:
            return HtmlReport::render(model, end, summary);
        case Format::Json:
            return renderJson(model.info(), end, summary, model.note());
    }
    return {};
}

std::string ReportFile::render(Format format, const RunInfo& info, const RunEnd& end,
                               const RunSummary& summary) {
    ReportModel model;
    model.onStart(info);
    return render(format, model, end, summary);
}

std::string ReportFile::renderMarkdown(const RunInfo& info, const RunEnd& end,
                                       const RunSummary& summary) {
    return render(Format::Markdown, info, end, summary);
}

std::string ReportFile::renderHtml(const RunInfo& info, const RunEnd& end,
                                   const RunSummary& summary) {
    return render(Format::Html, info, end, summary);
}

void ReportFile::onFinish(const RunEnd& end, const RunSummary& summary) {
    const std::string text = render(format_, model_, end, summary);
    if (file_ != nullptr) {
        if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() ||
            std::fflush(file_) != 0) {
            throw Error(std::string("writing the report: ") + std::strerror(errno));
        }
        return;
    }
    writeAtomically(text);
}

void ReportFile::writeAtomically(const std::string& text) const {
    const std::string tmp = path_ + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error("--report " + tmp + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            ::unlink(tmp.c_str());
            throw Error("--report " + tmp + ": " + std::strerror(err));
        }
        done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("--report " + tmp + ": " + std::strerror(err));
    }
    if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("--report " + path_ + ": " + std::strerror(err));
    }
}

std::string ReportFile::renderJson(const RunInfo& info, const RunEnd& end,
                                   const RunSummary& summary, const std::string& note) {
    nlohmann::ordered_json report;
    report["type"] = "report";
    report["version"] = kJsonSchemaVersion;
    // Only a replay of a trace that was cut short has a note; a live run's report never does.
    if (!note.empty()) report["note"] = note;
    report["start"] = startRecord(info);
    report["summary"] = summaryRecord(end, summary);
    return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace scratch::reports
