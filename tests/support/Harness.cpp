#include "support/Harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include "common/MountInfo.h"
#include "support/SkipTest.h"

namespace fs = std::filesystem;

namespace {

std::string cut(const std::string& text, size_t max = 4000) {
    if (text.size() <= max) return text;
    return text.substr(0, max / 2) + "\n[...]\n" + text.substr(text.size() - max / 2);
}

/// Child side of runScratch: wire the fds and exec. Only async-signal-safe calls after fork.
[[noreturn]] void execScratch(const std::vector<std::string>& args, const ScratchOptions& options,
                              int outFd, int errFd) {
    setpgid(0, 0);
    const int devNull = open("/dev/null", O_RDONLY);
    dup2(devNull, 0);
    dup2(outFd, 1);
    dup2(errFd, 2);
    std::vector<int> keep;
    for (const auto& [fd, path] : options.passFds) keep.push_back(fd);
    for (int fd = 3; fd < 1024; ++fd) {
        if (std::find(keep.begin(), keep.end(), fd) == keep.end()) close(fd);
    }
    for (const auto& [target, path] : options.passFds) {
        const int fd = open(path.c_str(), O_RDONLY);
        if (fd < 0) _exit(120);
        if (fd != target) {
            dup2(fd, target);
            close(fd);
        }
    }
    if (options.runAsGid >= 0 || options.runAsUid >= 0) {
        const gid_t gid = options.runAsGid >= 0 ? static_cast<gid_t>(options.runAsGid) : getgid();
        const uid_t uid = options.runAsUid >= 0 ? static_cast<uid_t>(options.runAsUid) : getuid();
        if (setgroups(0, nullptr) != 0 || setresgid(gid, gid, gid) != 0 ||
            setresuid(uid, uid, uid) != 0) {
            _exit(119);
        }
    }
    if (!options.binary.empty()) {
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(options.binary.c_str()));
        for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        execv(options.binary.c_str(), argv.data());
        _exit(121);
    }
    execScratchBinary(args);
}

std::vector<fs::path> gRootfsToRemove;

void removeRootfsAtExit() {
    for (const fs::path& dir : gRootfsToRemove) removeTreeSafely(dir);
}

std::string readLink(const std::string& path) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(path, ec);
    return ec ? std::string() : target.string();
}

bool under(const std::string& path, const std::string& dir) {
    return !dir.empty() && (path == dir || path.rfind(dir + "/", 0) == 0);
}

}  // namespace

void execScratchBinary(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    static char binary[] = SCRATCH_BINARY;
    argv.push_back(binary);
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(binary, argv.data());
    _exit(121);
}

double nowSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

pid_t startScratch(const std::vector<std::string>& args, const std::filesystem::path& out,
                   const std::filesystem::path& err) {
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        const int in = open("/dev/null", O_RDONLY);
        const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        for (int fd = 3; fd < 1024; ++fd) close(fd);
        execScratchBinary(args);
    }
    setpgid(pid, pid);
    return pid;
}

int waitScratch(pid_t pid, double seconds) {
    const double deadline = nowSeconds() + seconds;
    int status = 0;
    while (nowSeconds() < deadline) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        usleep(10000);
    }
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

ScratchOptions shortRun() {
    ScratchOptions options;
    options.timeoutSeconds = 30;
    return options;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// ---- skipping ----

void requireRoot() {
    if (geteuid() != 0) skipTest("needs root (containers and ptrace of test programs)");
}

// ---- temp dirs ----

TempDir::TempDir(const std::string& prefix) {
    std::string pattern = (fs::temp_directory_path() / (prefix + ".XXXXXX")).string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp: " + std::string(strerror(errno)));
    path_ = fs::canonical(pattern);
}

TempDir::~TempDir() { removeTreeSafely(path_); }

bool removeTreeSafely(const fs::path& dir) {
    if (dir.empty() || dir == "/") return false;
    const std::vector<std::string> mounts = mountsUnder(dir);
    if (!mounts.empty()) {
        fprintf(stderr, "test harness: not removing %s: %s is still mounted\n", dir.c_str(),
                mounts.front().c_str());
        return false;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return !ec;
}

// ---- running scratch-trace ----

std::string RunResult::describe() const {
    std::ostringstream os;
    os << "exit " << exitCode;
    if (termSignal) os << " (signal " << termSignal << ")";
    if (timedOut) os << " TIMED OUT";
    os << "\n--- stdout ---\n" << cut(out) << "\n--- stderr ---\n" << cut(err);
    return os.str();
}

RunResult runScratch(const std::vector<std::string>& args, const ScratchOptions& options) {
    RunResult result;
    int outPipe[2];
    int errPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0) {
        FAIL("pipe: " << strerror(errno));
    }
    const pid_t pid = fork();
    if (pid < 0) FAIL("fork: " << strerror(errno));
    if (pid == 0) execScratch(args, options, outPipe[1], errPipe[1]);
    setpgid(pid, pid);  // also done by the child: whichever runs first
    close(outPipe[1]);
    close(errPipe[1]);

    const double deadline = nowSeconds() + options.timeoutSeconds;
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open = 2;
    bool killed = false;
    while (open > 0) {
        const double left = deadline - nowSeconds();
        if (left <= 0 && !killed) {
            result.timedOut = true;
            killed = true;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
        }
        const int wait = killed ? 5000 : static_cast<int>(std::min(left, 1.0) * 1000) + 1;
        const int n = poll(fds, 2, wait);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0 && killed) break;  // something still holds the pipes; stop waiting
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[65536];
            const ssize_t got = read(fds[i].fd, buf, sizeof buf);
            if (got > 0) {
                sinks[i]->append(buf, static_cast<size_t>(got));
            } else if (got == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (pollfd& p : fds) {
        if (p.fd >= 0) close(p.fd);
    }
    int status = 0;
    while (true) {
        const pid_t got = waitpid(pid, &status, killed ? 0 : WNOHANG);
        if (got == pid) break;
        if (got < 0 && errno != EINTR) break;
        if (got == 0) {
            if (nowSeconds() > deadline) {
                result.timedOut = true;
                killed = true;
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
            } else {
                usleep(10000);
            }
        }
    }
    if (WIFEXITED(status)) {
        result.exitCode = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.termSignal = WTERMSIG(status);
        result.exitCode = 128 + result.termSignal;
    }
    return result;
}

std::vector<json> readJsonLines(const fs::path& path) {
    std::vector<json> records;
    std::ifstream in(path);
    std::string line;
    size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty()) continue;
        try {
            records.push_back(json::parse(line));
        } catch (const json::exception& e) {
            FAIL_CHECK(path.string() << ":" << lineNo << ": not JSON: " << e.what() << "\n"
                                     << cut(line, 400));
        }
    }
    return records;
}

// ---- traces ----

std::vector<json> Trace::ofType(const std::string& type) const {
    std::vector<json> out;
    for (const json& record : records) {
        if (str(record, "type") == type) out.push_back(record);
    }
    return out;
}

std::vector<json> Trace::syscalls(const std::string& name) const {
    std::vector<json> out;
    for (const json& record : records) {
        if (str(record, "type") == "syscall" && (name.empty() || str(record, "name") == name)) {
            out.push_back(record);
        }
    }
    return out;
}

std::vector<json> Trace::processes(const std::string& event) const {
    std::vector<json> out;
    for (const json& record : records) {
        if (str(record, "type") == "process" && (event.empty() || str(record, "event") == event)) {
            out.push_back(record);
        }
    }
    return out;
}

std::vector<json> Trace::findings(const std::string& klass) const {
    std::vector<json> all = ofType("finding");
    if (all.empty()) {
        const json sum = summary();
        if (sum.is_object() && sum.contains("findings") && sum["findings"].is_array()) {
            for (const json& f : sum["findings"]) all.push_back(f);
        }
    }
    std::vector<json> out;
    for (const json& f : all) {
        if (klass.empty() || str(f, "class") == klass) out.push_back(f);
    }
    return out;
}

json Trace::summary() const {
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
        if (str(*it, "type") == "summary") return *it;
    }
    return nullptr;
}

std::string Trace::verdict() const { return str(summary(), "verdict"); }

std::string Trace::describe() const {
    std::ostringstream os;
    os << run.describe() << "\n--- " << records.size() << " records; verdict '" << verdict()
       << "'; findings ---\n";
    int shown = 0;
    for (const json& f : findings()) {
        if (shown++ > 20) break;
        os << f.dump() << "\n";
    }
    return os.str();
}

Trace traceRun(const std::vector<std::string>& runOptions, const std::string& rootfs,
               const std::vector<std::string>& command, const ScratchOptions& options) {
    TempDir dir("scratch-trace-json");
    const std::string jsonFile = (dir.path() / "trace.jsonl").string();
    std::vector<std::string> args = {"run", "-q", "--json", jsonFile};
    args.insert(args.end(), runOptions.begin(), runOptions.end());
    args.push_back(rootfs);
    args.insert(args.end(), command.begin(), command.end());
    Trace trace;
    trace.run = runScratch(args, options);
    if (fs::exists(jsonFile)) trace.records = readJsonLines(jsonFile);
    return trace;
}

Trace traceOnHost(const std::vector<std::string>& command, const ScratchOptions& options) {
    // Every capability, as before the default set: these runs test ptrace corners, not the
    // container's privileges (pid_reuse's clone3 set_tid needs CAP_SYS_ADMIN, for one), and
    // no seccomp profile (clone3 must reach the kernel).
    return traceRun(
        {"--root-mode", "none", "--proc", "none", "--cap-add", "ALL", "--seccomp", "unconfined"},
        "/", command, options);
}

// ---- JSON helpers ----

std::string str(const json& record, const std::string& key) {
    if (!record.is_object()) return "";
    const auto it = record.find(key);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t num(const json& record, const std::string& key, int64_t fallback) {
    if (!record.is_object()) return fallback;
    const auto it = record.find(key);
    return it != record.end() && it->is_number() ? it->get<int64_t>() : fallback;
}

std::string argsText(const json& syscall) {
    std::string out;
    if (!syscall.is_object() || !syscall.contains("args")) return out;
    for (const json& arg : syscall["args"]) {
        if (!out.empty()) out += ", ";
        out += arg.is_string() ? arg.get<std::string>() : arg.dump();
    }
    return out;
}

std::string givenPath(const json& pathEntry) {
    for (const char* key : {"given", "path", "arg"}) {
        std::string value = str(pathEntry, key);
        if (!value.empty()) return value;
    }
    return "";
}

// ---- root filesystems and programs ----

std::string makeBusyboxRootfs() {
    static std::string cached;
    if (!cached.empty()) return cached;
    std::string pattern = (fs::temp_directory_path() / "scratch-rootfs.XXXXXX").string();
    if (!mkdtemp(pattern.data())) FAIL("mkdtemp: " << strerror(errno));
    const fs::path base = fs::canonical(pattern);
    if (gRootfsToRemove.empty()) atexit(removeRootfsAtExit);
    gRootfsToRemove.push_back(base);
    const fs::path rootfs = base / "rootfs";
    const RunResult made = runScratch({"rootfs", "create", rootfs.string()});
    INFO(made.describe());
    REQUIRE(made.exitCode == 0);
    REQUIRE(fs::exists(rootfs / "bin"));
    cached = rootfs.string();
    return cached;
}

std::string progPath(const std::string& name) {
    return std::string(SCRATCH_PROGS_DIR) + "/" + name;
}

std::string copyProgIntoRootfs(const std::string& rootfs, const std::string& name) {
    const fs::path dest = fs::path(rootfs) / "bin" / name;
    std::error_code ec;
    fs::remove(dest, ec);
    fs::copy_file(progPath(name), dest, fs::copy_options::overwrite_existing, ec);
    INFO("copy " << progPath(name) << " -> " << dest.string());
    REQUIRE_FALSE(ec);
    fs::permissions(dest, fs::perms(0755), ec);
    return "/bin/" + name;
}

// ---- host state ----

std::vector<std::string> mountTable() {
    std::vector<std::string> out;
    for (const scratch::MountInfoEntry& e : scratch::readMountInfo("/proc/self/mountinfo")
                                                .value_or(std::vector<scratch::MountInfoEntry>{})) {
        out.push_back(e.target + " " + e.fstype + " " + e.source + " " +
                      std::to_string(major(e.dev)) + ":" + std::to_string(minor(e.dev)) + " " +
                      e.root);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> mountsUnder(const fs::path& dir) {
    std::vector<std::string> out;
    const std::string prefix = dir.string();
    for (const std::string& entry : mountTable()) {
        const std::string point = entry.substr(0, entry.find(' '));
        if (under(point, prefix)) out.push_back(point);
    }
    return out;
}

std::map<pid_t, std::string> hostProcesses() {
    std::map<pid_t, std::string> out;
    DIR* dir = opendir("/proc");
    if (!dir) return out;
    while (dirent* entry = readdir(dir)) {
        char* end = nullptr;
        const long pid = strtol(entry->d_name, &end, 10);
        if (*end != 0 || pid <= 0) continue;
        std::ifstream comm("/proc/" + std::string(entry->d_name) + "/comm");
        std::string name;
        std::getline(comm, name);
        out[static_cast<pid_t>(pid)] = name;
    }
    closedir(dir);
    return out;
}

std::vector<std::string> strayProcesses(const std::map<pid_t, std::string>& before,
                                        const std::string& rootfs) {
    std::vector<std::string> out;
    const std::string me = std::to_string(getpid());
    for (const auto& [pid, comm] : hostProcesses()) {
        if (before.contains(pid) || pid == getpid()) continue;
        const std::string base = "/proc/" + std::to_string(pid);
        std::ifstream stat(base + "/stat");
        std::string statLine;
        std::getline(stat, statLine);
        // pid (comm) state ppid ...: the comm may contain spaces, so parse after the last ')'.
        std::string ppid;
        const size_t close = statLine.rfind(')');
        if (close != std::string::npos) {
            std::istringstream rest(statLine.substr(close + 1));
            std::string state;
            rest >> state >> ppid;
        }
        const bool ours = ppid == me;
        const bool inRootfs =
            !rootfs.empty() && rootfs != "/" &&
            (under(readLink(base + "/root"), rootfs) || under(readLink(base + "/exe"), rootfs));
        if (ours || inRootfs) out.push_back(std::to_string(pid) + " " + comm);
    }
    return out;
}

std::vector<std::string> runCgroups() {
    std::vector<std::string> out;
    for (const scratch::MountInfoEntry& e : scratch::readMountInfo("/proc/self/mountinfo")
                                                .value_or(std::vector<scratch::MountInfoEntry>{})) {
        if (e.fstype != "cgroup" && e.fstype != "cgroup2") continue;
        std::error_code ec;
        std::filesystem::recursive_directory_iterator it(e.target, ec);
        std::filesystem::recursive_directory_iterator end;
        for (; !ec && it != end; it.increment(ec)) {
            if (it.depth() > 8) it.disable_recursion_pending();
            if (!it->is_directory(ec)) continue;
            if (it->path().filename().string().rfind("scratch-trace-", 0) == 0) {
                out.push_back(it->path().string());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> runCgroupsAdded(const std::vector<std::string>& before) {
    std::vector<std::string> added;
    for (const std::string& dir : runCgroups()) {
        if (std::find(before.begin(), before.end(), dir) != before.end()) continue;
        const std::string pid = dir.substr(dir.rfind('-') + 1);
        const std::string comm = slurp("/proc/" + pid + "/comm");
        if (comm.rfind("scratch-trace", 0) == 0) continue;  // a run still going on
        added.push_back(dir);
    }
    return added;
}
