// Integration (ptrace on the host's root): signals to scratch-trace itself, and how every run
// ends. SIGINT, SIGTERM and SIGHUP stop the container and still write the complete log, the
// JSON stream with its summary last, and the report; a second SIGINT is immediate; a closed
// output pipe (-o to a FIFO whose reader left, or stderr a closed pipe) is no crash; --timeout
// exits 124; SIGKILL of scratch-trace takes the container with it. After each: no process of
// the run alive, no new mount, no temporary directory left.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// scratch-trace started in the background, its stdout and stderr going to files (or to
/// `stderrFd` when given), TMPDIR pointing at a private directory.
struct Background {
    pid_t pid = -1;
    int status = 0;
    bool exited = false;

    /// Waits up to `seconds` for it to exit; SIGKILLs its process group after that.
    bool wait(double seconds) {
        const double deadline = nowSeconds() + seconds;
        while (nowSeconds() < deadline) {
            const pid_t got = waitpid(pid, &status, WNOHANG);
            if (got == pid) return exited = true;
            usleep(10000);
        }
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return false;
    }
    int exitCode() const {
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
};

Background start(const std::vector<std::string>& args, const fs::path& outFile,
                 const fs::path& errFile, const fs::path& tmpDir, int stderrFd = -1) {
    Background bg;
    bg.pid = fork();
    if (bg.pid == 0) {
        setpgid(0, 0);
        const int in = open("/dev/null", O_RDONLY);
        const int out = open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err =
            stderrFd >= 0 ? stderrFd : open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        for (int fd = 3; fd < 1024; ++fd) close(fd);
        setenv("TMPDIR", tmpDir.c_str(), 1);
        execScratchBinary(args);
    }
    setpgid(bg.pid, bg.pid);
    return bg;
}

/// Makes the FIFO `path` and opens its reading end (non-blocking, so that scratch-trace's open
/// for writing does not wait); returns that fd.
int fifoWithReader(const fs::path& path) {
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);
    const int reader = open(path.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    return reader;
}

/// Waits for busy_marker's "PARENT CHILD" pid file.
std::vector<pid_t> waitForMarker(const fs::path& marker, double seconds = 15) {
    const double deadline = nowSeconds() + seconds;
    while (nowSeconds() < deadline) {
        if (fs::exists(marker)) {
            std::istringstream in(slurp(marker));
            std::vector<pid_t> pids;
            for (long pid; in >> pid;) pids.push_back(static_cast<pid_t>(pid));
            if (pids.size() == 2) return pids;
        }
        usleep(10000);
    }
    return {};
}

/// True once none of `pids` exists any more (a zombie waiting for the host's init to reap it
/// is given a moment).
bool allGone(const std::vector<pid_t>& pids, double seconds = 5) {
    const double deadline = nowSeconds() + seconds;
    while (nowSeconds() < deadline) {
        bool any = false;
        for (pid_t pid : pids) {
            if (kill(pid, 0) == 0 || errno != ESRCH) any = true;
        }
        if (!any) return true;
        usleep(20000);
    }
    return false;
}

/// The process group of a process (field 5 of /proc/PID/stat), or -1.
pid_t processGroup(pid_t pid) {
    const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    long ppid = 0;
    long pgrp = -1;
    rest >> state >> ppid >> pgrp;
    return static_cast<pid_t>(pgrp);
}

/// Processes new since `before` still in the run's process group: scratch-trace was made the
/// leader of its own group and nothing in these runs changes its group, so the launcher, the
/// container and everything it started are in it (and other users of the same binary on the
/// machine are not).
std::vector<std::string> leftovers(const std::map<pid_t, std::string>& before, pid_t group) {
    std::vector<std::string> out;
    for (const auto& [pid, comm] : hostProcesses()) {
        if (before.contains(pid) || processGroup(pid) != group) continue;
        std::error_code ec;
        const std::string exe = fs::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec);
        out.push_back(std::to_string(pid) + " " + comm + " " + exe);
    }
    return out;
}

/// One run of busy_marker to interrupt, with every output scratch-trace can write.
struct Interruptible {
    TempDir dir{"scratch-sig"};
    fs::path jsonFile = dir.path() / "trace.jsonl";
    fs::path report = dir.path() / "report.json";
    fs::path log = dir.path() / "trace.log";
    fs::path out = dir.path() / "stdout";
    fs::path err = dir.path() / "stderr";
    fs::path marker = dir.path() / "marker";
    fs::path tmp = dir.path() / "tmp";
    std::map<pid_t, std::string> processesBefore = hostProcesses();
    std::vector<std::string> mountsBefore = mountTable();
    Background bg;
    std::vector<pid_t> workload;

    explicit Interruptible(const std::string& mode, std::vector<std::string> extra = {}) {
        fs::create_directory(tmp);
        std::vector<std::string> args = {"run",           "--json", jsonFile.string(), "--report",
                                         report.string(), "-o",     log.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        for (const char* a : {"--root-mode", "none", "--proc", "none", "/"}) args.emplace_back(a);
        args.push_back(progPath("busy_marker"));
        args.push_back(marker.string());
        args.push_back(mode);
        bg = start(args, out, err, tmp);
        workload = waitForMarker(marker);
    }

    std::string describe() const {
        return "stdout:\n" + slurp(out) + "\nstderr:\n" + slurp(err).substr(0, 3000);
    }

    /// Nothing of the run is left: processes, mounts, temporary files.
    void checkNothingLeft() const {
        CHECK(allGone(workload));
        // A tracer process killed through PR_SET_PDEATHSIG may take a moment to be gone (the
        // kernel detaches its tracees, init reaps it): wait for that as allGone does.
        std::vector<std::string> stray = leftovers(processesBefore, bg.pid);
        for (int i = 0; i < 100 && !stray.empty(); ++i) {
            usleep(50 * 1000);
            stray = leftovers(processesBefore, bg.pid);
        }
        INFO("left running: " << (stray.empty() ? "" : stray.front()));
        CHECK(stray.empty());
        std::vector<std::string> added;
        for (const std::string& line : mountTable()) {
            if (std::find(mountsBefore.begin(), mountsBefore.end(), line) == mountsBefore.end())
                added.push_back(line);
        }
        INFO("mount added: " << (added.empty() ? "" : added.front()));
        CHECK(added.empty());
        CHECK(fs::is_empty(tmp));
    }

    /// The JSON stream ends with its summary; the report and the log are complete files.
    json checkOutputsComplete() const {
        const std::vector<json> records = readJsonLines(jsonFile);
        REQUIRE_FALSE(records.empty());
        CHECK(str(records.front(), "type") == "start");
        const json& last = records.back();
        CHECK(str(last, "type") == "summary");
        REQUIRE(fs::exists(report));
        const nlohmann::json rep = nlohmann::json::parse(slurp(report), nullptr, false);
        CHECK_FALSE(rep.is_discarded());
        if (!rep.is_discarded()) {
            CHECK(str(rep, "type") == "report");
            CHECK(rep.contains("summary"));
        }
        const std::string text = slurp(log);
        CHECK_FALSE(text.empty());
        CHECK((!text.empty() && text.back() == '\n'));
        // The log saw the workload die: its last lines are the exits.
        CHECK(has(text, "+++ killed by SIGKILL +++"));
        return last;
    }
};

}  // namespace

TEST_CASE("SIGINT, SIGTERM and SIGHUP stop the container and write everything",
          "[integration][tracer-signals]") {
    requireRoot();
    for (const auto& [sig, name] : {std::pair{SIGINT, "SIGINT"}, std::pair{SIGTERM, "SIGTERM"},
                                    std::pair{SIGHUP, "SIGHUP"}}) {
        for (const char* mode : {"busy", "idle"}) {
            SECTION(std::string(name) + " while the workload is " + mode) {
                Interruptible run(mode);
                INFO(run.describe());
                REQUIRE(run.workload.size() == 2);
                usleep(200000);
                kill(run.bg.pid, sig);
                REQUIRE(run.bg.wait(10));
                INFO(run.describe());
                CHECK(run.bg.exitCode() == 128 + sig);
                const json summary = run.checkOutputsComplete();
                const json exit = summary.value("exit", json::object());
                CHECK(exit.value("interrupted", false));
                CHECK(str(exit, "interrupt_signal") == name);
                // The end report on stderr says so too.
                CHECK(has(slurp(run.err), "verdict"));
                run.checkNothingLeft();
            }
        }
    }
}

TEST_CASE("a terminal's Ctrl-C (SIGINT to the whole process group) counts once",
          "[integration][tracer-signals]") {
    // scratch-trace may be two processes (the tracer a child of its own, tracer/TracerProcess.h)
    // and a terminal signals both: the run must end as after one SIGINT, outputs complete.
    // The workload ignores the signal, as a daemon would: the tracer must stop it.
    requireRoot();
    Interruptible run("deaf");
    INFO(run.describe());
    REQUIRE(run.workload.size() == 2);
    usleep(200000);
    kill(-run.bg.pid, SIGINT);
    REQUIRE(run.bg.wait(10));
    INFO(run.describe());
    CHECK(run.bg.exitCode() == 130);
    // Counted twice, the tracer would have left at once (as after a second Ctrl-C) and the
    // run's end would come from the parent, without a duration. (Whether the summary says
    // "interrupted" or the launcher's own death by the SIGINT it also got is a race.)
    const json summary = run.checkOutputsComplete();
    CHECK(summary.value("duration_ns", int64_t{0}) > 0);
    run.checkNothingLeft();
}

namespace {

/// scratch-trace on a pseudo-terminal of its own, as at a shell prompt: the leader of a new
/// session with the terminal as its controlling one, so its process group (the tracer, the
/// launcher and the container too) is the terminal's foreground group. Ctrl-C typed there is
/// a SIGINT from the kernel (SI_KERNEL) to that whole group.
struct OnTerminal {
    TempDir dir{"scratch-tty"};
    fs::path jsonFile = dir.path() / "trace.jsonl";
    fs::path log = dir.path() / "trace.log";
    fs::path err = dir.path() / "stderr";
    fs::path marker = dir.path() / "marker";
    fs::path tmp = dir.path() / "tmp";
    std::map<pid_t, std::string> processesBefore = hostProcesses();
    int master = -1;
    Background bg;
    std::vector<pid_t> workload;

    OnTerminal() {
        fs::create_directory(tmp);
        master = posix_openpt(O_RDWR | O_NOCTTY);
        REQUIRE(master >= 0);
        REQUIRE(grantpt(master) == 0);
        REQUIRE(unlockpt(master) == 0);
        const std::string slave = ptsname(master);
        bg.pid = fork();
        REQUIRE(bg.pid >= 0);
        if (bg.pid == 0) {
            setsid();
            const int tty = open(slave.c_str(), O_RDWR);
            ioctl(tty, TIOCSCTTY, 0);
            const int errFd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(tty, 0);
            dup2(tty, 1);
            dup2(errFd, 2);
            for (int fd = 3; fd < 1024; ++fd) close(fd);
            setenv("TMPDIR", tmp.c_str(), 1);
            execScratchBinary({"run", "--json", jsonFile.string(), "-o", log.string(),
                               "--root-mode", "none", "--proc", "none", "/",
                               progPath("busy_marker"), marker.string(), "deaf"});
        }
        workload = waitForMarker(marker);
    }
    ~OnTerminal() { close(master); }
    std::string describe() const { return "stderr:\n" + slurp(err).substr(0, 3000); }
};

}  // namespace

TEST_CASE("Ctrl-C on a terminal stops the run once, and the outputs are complete",
          "[integration][tracer-signals][terminal]") {
    // The tracer (a child process when the log goes to a file) gets the terminal's SIGINT
    // straight from the kernel, and the process that writes does not forward it: counted
    // twice, both would leave at once and the JSON would have no summary.
    requireRoot();
    OnTerminal run;
    INFO(run.describe());
    REQUIRE(run.workload.size() == 2);
    usleep(200000);
    REQUIRE(write(run.master, "\x03", 1) == 1);
    REQUIRE(run.bg.wait(10));
    INFO(run.describe());
    CHECK(run.bg.exitCode() == 130);
    const std::vector<json> records = readJsonLines(run.jsonFile);
    REQUIRE_FALSE(records.empty());
    const json& summary = records.back();
    CHECK(str(summary, "type") == "summary");
    CHECK(summary.value("duration_ns", int64_t{0}) > 0);
    const json exit = summary.value("exit", json::object());
    CHECK(exit.value("interrupted", false));
    CHECK(str(exit, "interrupt_signal") == "SIGINT");
    CHECK(has(slurp(run.log), "+++ killed by SIGKILL +++"));
    CHECK(allGone(run.workload));
    CHECK(leftovers(run.processesBefore, run.bg.pid).empty());
    CHECK(fs::is_empty(run.tmp));
}

TEST_CASE("a second SIGINT ends scratch-trace at once, and the container with it",
          "[integration][tracer-signals]") {
    requireRoot();
    Interruptible run("busy");
    INFO(run.describe());
    REQUIRE(run.workload.size() == 2);
    kill(run.bg.pid, SIGINT);
    kill(run.bg.pid, SIGINT);
    REQUIRE(run.bg.wait(5));
    CHECK(run.bg.exitCode() == 130);
    run.checkNothingLeft();
}

TEST_CASE("a second SIGINT ends scratch-trace at once also when its output is stuck",
          "[integration][tracer-signals][sigpipe]") {
    // -o to a FIFO whose reader never reads: the write that flushes the log blocks, the ring
    // fills, the tracer waits for room and the workload for the tracer. The first SIGINT
    // kills the container but cannot end the run; the second must end scratch-trace, both of
    // its processes, as it always did.
    requireRoot();
    TempDir dir("scratch-stuck");
    const fs::path fifo = dir.path() / "fifo";
    const int reader = fifoWithReader(fifo);  // never read
    const fs::path marker = dir.path() / "marker";
    const fs::path tmp = dir.path() / "tmp";
    fs::create_directory(tmp);
    const auto before = hostProcesses();
    Background bg = start({"run", "-o", fifo.string(), "--root-mode", "none", "--proc", "none", "/",
                           progPath("busy_marker"), marker.string(), "busy"},
                          dir.path() / "stdout", dir.path() / "stderr", tmp);
    const std::vector<pid_t> workload = waitForMarker(marker);
    REQUIRE(workload.size() == 2);
    usleep(300000);  // the busy loop fills pipe and ring in far less
    kill(bg.pid, SIGINT);
    usleep(200000);
    kill(bg.pid, SIGINT);
    INFO("stderr: " << slurp(dir.path() / "stderr").substr(0, 2000));
    REQUIRE(bg.wait(5));
    CHECK(bg.exitCode() == 130);
    CHECK(allGone(workload));
    CHECK(leftovers(before, bg.pid).empty());
    close(reader);
}

TEST_CASE("--timeout kills the container, exits 124 and writes everything",
          "[integration][tracer-signals][timeout]") {
    requireRoot();
    for (const char* mode : {"busy", "idle"}) {
        SECTION(std::string("workload ") + mode) {
            Interruptible run(mode, {"--timeout", "1"});
            INFO(run.describe());
            REQUIRE(run.workload.size() == 2);
            REQUIRE(run.bg.wait(15));
            INFO(run.describe());
            CHECK(run.bg.exitCode() == 124);
            const json summary = run.checkOutputsComplete();
            const json exit = summary.value("exit", json::object());
            CHECK(exit.value("timed_out", false));
            CHECK_FALSE(exit.value("interrupted", true));
            run.checkNothingLeft();
        }
    }
}

TEST_CASE("SIGKILL of scratch-trace takes the container with it", "[integration][tracer-signals]") {
    requireRoot();
    Interruptible run("busy");
    INFO(run.describe());
    REQUIRE(run.workload.size() == 2);
    kill(run.bg.pid, SIGKILL);
    REQUIRE(run.bg.wait(5));
    CHECK(run.bg.exitCode() == 128 + SIGKILL);
    run.checkNothingLeft();
}

TEST_CASE("-o to a pipe whose reader has gone: no crash, the JSON is complete",
          "[integration][tracer-signals][sigpipe]") {
    requireRoot();
    TempDir dir("scratch-pipe");
    const fs::path fifo = dir.path() / "fifo";
    const int reader = fifoWithReader(fifo);
    const fs::path json = dir.path() / "trace.jsonl";
    const fs::path file = dir.path() / "target";
    std::ofstream(file) << "x\n";
    const fs::path tmp = dir.path() / "tmp";
    fs::create_directory(tmp);
    const auto before = hostProcesses();
    // Lots of log: 4 threads x 3000 opens, far more than a pipe holds.
    Background bg =
        start({"run", "-o", fifo.string(), "--json", json.string(), "--root-mode", "none", "--proc",
               "none", "/", progPath("threads"), "4", "3000", file.string()},
              dir.path() / "stdout", dir.path() / "stderr", tmp);
    // Read a little, then leave.
    char buf[4096];
    const double deadline = nowSeconds() + 10;
    ssize_t got = 0;
    while (got <= 0 && nowSeconds() < deadline) {
        got = read(reader, buf, sizeof buf);
        if (got <= 0) usleep(10000);
    }
    close(reader);
    REQUIRE(bg.wait(30));
    INFO("stdout: " << slurp(dir.path() / "stdout")
                    << "\nstderr: " << slurp(dir.path() / "stderr"));
    CHECK_FALSE(WIFSIGNALED(bg.status));  // not killed by SIGPIPE (or anything else)
    // The command itself ran to the end; scratch-trace may report the lost log as its failure.
    CHECK((bg.exitCode() == 0 || bg.exitCode() == 125));
    CHECK(has(slurp(dir.path() / "stdout"), "opens=12000"));
    const std::vector<nlohmann::json> records = readJsonLines(json);
    REQUIRE_FALSE(records.empty());
    CHECK(str(records.back(), "type") == "summary");
    CHECK(leftovers(before, bg.pid).empty());
}

TEST_CASE("stderr a closed pipe: no crash, the JSON is complete",
          "[integration][tracer-signals][sigpipe]") {
    requireRoot();
    TempDir dir("scratch-pipe");
    int errPipe[2];
    REQUIRE(pipe(errPipe) == 0);
    close(errPipe[0]);  // nobody will ever read scratch-trace's stderr
    const fs::path json = dir.path() / "trace.jsonl";
    const fs::path file = dir.path() / "target";
    std::ofstream(file) << "x\n";
    const fs::path tmp = dir.path() / "tmp";
    fs::create_directory(tmp);
    // The live log and the end report go to stderr.
    Background bg = start({"run", "--json", json.string(), "--root-mode", "none", "--proc", "none",
                           "/", progPath("threads"), "2", "500", file.string()},
                          dir.path() / "stdout", dir.path() / "stderr", tmp, errPipe[1]);
    close(errPipe[1]);
    REQUIRE(bg.wait(30));
    INFO("stdout: " << slurp(dir.path() / "stdout"));
    CHECK_FALSE(WIFSIGNALED(bg.status));
    CHECK((bg.exitCode() == 0 || bg.exitCode() == 125));
    CHECK(has(slurp(dir.path() / "stdout"), "opens=1000"));
    const std::vector<nlohmann::json> records = readJsonLines(json);
    REQUIRE_FALSE(records.empty());
    CHECK(str(records.back(), "type") == "summary");
}

TEST_CASE("report's note on a cut trace, with stderr closed, does not fail the report",
          "[integration][sigpipe]") {
    // The note went through fmt::print, which throws when stderr is closed: main caught it
    // and a report that was written in full exited 125.
    TempDir dir("scratch-cut-trace");
    const std::string cut = (dir.path() / "cut.jsonl").string();
    const std::string report = (dir.path() / "report.txt").string();
    {
        std::ifstream in(std::string(SCRATCH_SOURCE_DIR) + "/tests/golden/replay_small.jsonl");
        std::ofstream out(cut);
        std::string line;
        while (std::getline(in, line)) {
            if (line.find("\"type\":\"summary\"") == std::string::npos) out << line << '\n';
        }
    }
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(STDERR_FILENO);
        execScratchBinary({"report", cut, "-o", report});
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    INFO("status " << status);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(std::filesystem::file_size(report) > 0);
}

TEST_CASE("a usage error with stderr closed exits 2 and does not abort", "[integration][sigpipe]") {
    // The usage line used to go through fmt::print, which throws when the write fails; the
    // exception left main() and the process died of SIGABRT.
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(STDERR_FILENO);
        execScratchBinary({"--no-such-option"});
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    INFO("status " << status);
    CHECK_FALSE(WIFSIGNALED(status));
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
}

TEST_CASE("report and diff to a closed stdout say what failed and exit 125",
          "[integration][sigpipe]") {
    // Their own output failing is a failure (125); diff's used to be worded as an internal
    // error of scratch-trace.
    const std::string trace = std::string(SCRATCH_SOURCE_DIR) + "/tests/golden/replay_small.jsonl";
    for (const std::vector<std::string>& args : {std::vector<std::string>{"diff", trace, trace},
                                                 {"report", trace},
                                                 {"report", "--format", "md", trace}}) {
        TempDir dir("scratch-closed-stdout");
        const std::filesystem::path err = dir.path() / "stderr";
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            // stderr to the file first: opened after closing stdout, it would become fd 1.
            const int fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(fd, STDERR_FILENO);
            close(fd);
            close(STDOUT_FILENO);
            execScratchBinary(args);
        }
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        const std::string text = slurp(err);
        INFO(args.at(0) << " " << args.at(1) << ": status " << status << ", stderr: " << text);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 125);
        CHECK(has(text, "Bad file descriptor"));
        CHECK_FALSE(has(text, "internal error"));
        CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    }
}
