// cgroupfs control-file helpers. Control files are tiny and written in one write() each: the
// kernel parses each write as a whole, so a partial write would be a different value.
#include "container/cgroup/CgroupFiles.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "common/UniqueFd.h"

namespace scratch::container {

std::optional<std::string> readControlFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<uint64_t> readControlNumber(const std::filesystem::path& path) {
    const auto text = readControlFile(path);
    if (!text) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(text->c_str(), &end, 10);
    if (end == text->c_str() || errno != 0) return std::nullopt;
    return value;
}

std::optional<uint64_t> readKeyedNumber(const std::filesystem::path& path, std::string_view key) {
    const auto text = readControlFile(path);
    if (!text) return std::nullopt;
    std::istringstream lines(*text);
    std::string name;
    uint64_t value = 0;
    while (lines >> name >> value) {
        if (name == key) return value;
    }
    return std::nullopt;
}

void writeControlFile(const std::filesystem::path& path, std::string_view text) {
    // O_CREAT: real control files always exist (it changes nothing there); a fake cgroupfs
    // tree in the unit tests gets the file.
    const UniqueFd fd(::open(path.c_str(), O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644));
    const ssize_t n = fd ? ::write(fd.get(), text.data(), text.size()) : -1;
    if (n != static_cast<ssize_t>(text.size())) {
        const int err = n < 0 ? errno : EIO;
        std::string shown(text);
        while (!shown.empty() && shown.back() == '\n') shown.pop_back();
        throw Error("cgroup: " + path.string() + ": write " + shown + ": " + std::strerror(err));
    }
}

std::vector<pid_t> readPids(const std::filesystem::path& procsFile) {
    std::vector<pid_t> pids;
    const auto text = readControlFile(procsFile);
    if (!text) return pids;
    std::istringstream lines(*text);
    long pid = 0;
    while (lines >> pid) {
        if (pid > 0) pids.push_back(static_cast<pid_t>(pid));
    }
    return pids;
}

int removeCgroupDir(const std::filesystem::path& dir) {
    for (int attempt = 0;; ++attempt) {
        if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return 0;
        if (errno != EBUSY || attempt >= 200) return errno;
        const timespec pause{0, 10'000'000};  // 10 ms: a killed task takes a moment to leave
        nanosleep(&pause, nullptr);
    }
}

bool isStaleRunCgroup(std::string_view name) {
    static constexpr std::string_view kPrefix = "scratch-trace-";
    if (name.substr(0, kPrefix.size()) != kPrefix) return false;
    const std::string digits(name.substr(kPrefix.size()));
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
        digits.size() > 9) {
        return false;
    }
    // Alive and still scratch-trace: its run is going on. A reused pid is some other program.
    const auto comm = readControlFile("/proc/" + digits + "/comm");
    return !comm || comm->rfind("scratch-trace", 0) != 0;
}

void removeStaleRunCgroups(const std::filesystem::path& parent) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_directory(ec) || !isStaleRunCgroup(name)) continue;
        if (!readPids(entry.path() / "cgroup.procs").empty()) continue;  // still in use
        ::rmdir(entry.path().c_str());
    }
}

}  // namespace scratch::container
