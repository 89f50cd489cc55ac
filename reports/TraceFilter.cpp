#include "reports/TraceFilter.h"

#include <regex.h>

#include <functional>

#include "common/Error.h"

namespace scratch::reports {

namespace {

/// strace's class names (with and without the leading %) and ours.
uint32_t classBits(std::string_view name) {
    using namespace scratch::tracer;
    if (name == "file") return kClassFile;
    if (name == "process") return kClassProcess;
    if (name == "network" || name == "net") return kClassNetwork;
    if (name == "desc") return kClassDesc;
    if (name == "memory") return kClassMemory;
    if (name == "signal") return kClassSignal;
    if (name == "ipc") return kClassIpc;
    if (name == "creds") return kClassCreds;
    if (name == "clock") return kClassClock;
    if (name == "stat" || name == "lstat" || name == "fstat" || name == "%stat") return kClassStat;
    if (name == "mount") return kClassMount;
    if (name == "namespace") return kClassNamespace;
    return 0;
}

/// strace's statfs classes have no bit of their own: they are name families.
bool isStatfsClass(std::string_view name) {
    return name == "statfs" || name == "fstatfs" || name == "%statfs";
}

std::vector<std::string_view> splitCommas(std::string_view text) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        const size_t end = comma == std::string_view::npos ? text.size() : comma;
        parts.push_back(text.substr(start, end - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return parts;
}

[[noreturn]] void usage(const std::string& message) { throw Error(message, kExitUsage); }

}  // namespace

void TraceFilter::parse(std::string_view expression) {
    if (!text_.empty()) text_ += ' ';
    text_ += expression;
    const size_t eq = expression.find('=');
    if (eq == std::string_view::npos) return parseTrace(expression);
    const std::string_view qualifier = expression.substr(0, eq);
    const std::string_view value = expression.substr(eq + 1);
    if (qualifier == "trace" || qualifier == "t") return parseTrace(value);
    if (qualifier == "status") return parseStatus(value);
    usage("-e " + std::string(expression) + ": unsupported qualifier '" + std::string(qualifier) +
          "' (supported: trace=, status=)");
}

void TraceFilter::parseTrace(std::string_view expr) {
    const auto table = tracer::allSyscalls();
    std::vector<bool> selected(table.size(), false);
    bool negated = false;
    bool listsAll = false;
    if (!expr.empty() && expr.front() == '!') {
        negated = true;
        expr.remove_prefix(1);
    }
    if (expr.empty()) usage("-e trace=: empty expression");
    for (std::string_view item : splitCommas(expr)) {
        if (item.empty()) usage("-e trace=" + std::string(expr) + ": empty name in the list");
        if (item == "all") {
            listsAll = true;
            selected.assign(table.size(), true);
            continue;
        }
        if (item == "none") continue;
        if (item.front() == '/') {
            // POSIX regex (as strace uses): std::regex trips GCC 12's -Wmaybe-uninitialized.
            const std::string pattern(item.substr(1));
            regex_t re;
            if (::regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
                usage("-e trace=: invalid regular expression '" + pattern + "'");
            }
            for (size_t i = 0; i < table.size(); ++i) {
                const std::string name(table[i].name);
                if (::regexec(&re, name.c_str(), 0, nullptr, 0) == 0) selected[i] = true;
            }
            ::regfree(&re);
            continue;
        }
        if (item.front() == '%') {
            const std::string_view cls = item.substr(1);
            if (isStatfsClass(cls)) {
                for (size_t i = 0; i < table.size(); ++i) {
                    if (table[i].name.find("statfs") != std::string_view::npos) selected[i] = true;
                }
                continue;
            }
            const uint32_t bits = classBits(cls);
            if (bits == 0) usage("-e trace=: unknown syscall class '" + std::string(item) + "'");
            for (size_t i = 0; i < table.size(); ++i) {
                if (table[i].classes & bits) selected[i] = true;
            }
            continue;
        }
        const bool optional = item.front() == '?';
        if (optional) item.remove_prefix(1);
        const tracer::SyscallInfo* info = tracer::findSyscall(item);
        if (info != nullptr) {
            selected[static_cast<size_t>(info - table.data())] = true;
            continue;
        }
        // strace's legacy class names without %: "-e trace=file".
        if (const uint32_t bits = classBits(item); bits != 0 && !optional) {
            for (size_t i = 0; i < table.size(); ++i) {
                if (table[i].classes & bits) selected[i] = true;
            }
            continue;
        }
        if (!optional) usage("-e trace=: unknown syscall '" + std::string(item) + "'");
    }
    selected_ = std::move(selected);
    negated_ = negated;
    // Names the table lacks (syscall_N) are shown by "all" and by negated lists, as in strace.
    unknownSelected_ = listsAll != negated;
    bool all = unknownSelected_;
    for (size_t i = 0; i < selected_.size() && all; ++i) all = selectsIndex(i);
    everySyscall_ = all;
}

void TraceFilter::parseStatus(std::string_view list) {
    bool negated = false;
    if (!list.empty() && list.front() == '!') {
        negated = true;
        list.remove_prefix(1);
    }
    uint8_t mask = 0;
    for (const std::string_view item : splitCommas(list)) {
        if (item == "successful")
            mask |= kStatusSuccessful;
        else if (item == "failed")
            mask |= kStatusFailed;
        else if (item == "unfinished")
            mask |= kStatusUnfinished;
        else if (item == "all")
            mask |= kStatusAll;
        // none selects nothing; strace's other statuses never apply to our events: accepted,
        // selecting nothing.
        else if (item == "none" || item == "unavailable" || item == "detached")
            continue;
        else
            usage("-e status=: unknown status '" + std::string(item) + "'");
    }
    statusMask_ = negated ? static_cast<uint8_t>(kStatusAll & ~mask) : mask;
}

bool TraceFilter::selectsName(std::string_view name) const {
    if (everySyscall_) return true;
    const tracer::SyscallInfo* info = tracer::findSyscall(name);
    if (info == nullptr) return unknownSelected_;
    const auto table = tracer::allSyscalls();
    return selectsIndex(static_cast<size_t>(info - table.data()));
}

bool TraceFilter::shows(const tracer::SyscallEvent& event) const {
    if (statusMask_ != kStatusAll) {
        const uint8_t status = !event.finished  ? kStatusUnfinished
                               : event.err != 0 ? kStatusFailed
                                                : kStatusSuccessful;
        if (!(statusMask_ & status)) return false;
    }
    if (!paths_.empty() && !touchesPath(event)) return false;
    if (everySyscall_) return true;
    // The generic row for unknown numbers is not in the table: match by name then.
    if (event.row >= tracer::allSyscalls().size()) return selectsName(event.name);
    return selectsIndex(event.row);
}

void TraceFilter::addPath(std::string path) {
    if (path.empty()) throw Error("-P: an empty path matches nothing", kExitUsage);
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    if (!text_.empty()) text_ += ' ';
    text_ += "-P " + path;
    paths_.push_back(std::move(path));
}

bool TraceFilter::touchesPath(const tracer::SyscallEvent& event) const {
    // strace -P compares the paths a call names and the paths of the fds it uses; here both are
    // in event.paths, as given, as the container sees them (resolved) and on the host.
    for (const tracer::PathRef& ref : event.paths) {
        for (const std::string& path : paths_) {
            if (ref.given == path || ref.resolved == path || ref.host == path) return true;
        }
    }
    return false;
}

}  // namespace scratch::reports
