// Integration (ptrace, no root switch): decoding is capture at the stop and render on the
// output side, the same for the live log and a replay (tracer/DecodeCapture.h). capture_calls
// makes each call whose arguments have a renderer of its own; the run writes its log (-o) and
// its JSON trace; `scratch-trace report` renders the trace's captures again and must print the
// log's lines byte for byte. The log must show what each renderer read (argv, the wait status,
// the pipe's fds, ...): a role whose capture were dropped would show an address, in the live
// log and the replay alike, and fail here. A replay's own rendering options change only the
// rendering, and a trace without captures still replays from its text.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "support/Harness.h"

namespace {

std::vector<std::string> linesOf(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/// The log's syscall lines of the program (after its own execve), where the checks look.
std::string programLines(const std::vector<std::string>& lines) {
    std::string text;
    bool started = false;
    for (const std::string& line : lines) {
        if (has(line, "capture_calls\"")) started = true;
        if (started) text += line + "\n";
    }
    return text;
}

/// The first lines of a text replay are the log; the end report follows.
bool startsWithLines(const std::vector<std::string>& replay, const std::vector<std::string>& log) {
    return replay.size() >= log.size() && std::equal(log.begin(), log.end(), replay.begin());
}

/// Runs `scratch-trace report TRACE --format text OPTIONS -o OUT`; the lines of OUT.
std::vector<std::string> replayLines(const TempDir& dir, const std::string& trace,
                                     const std::vector<std::string>& options,
                                     const std::string& name) {
    const std::string out = (dir.path() / name).string();
    std::vector<std::string> args{"report", trace, "--format", "text", "-o", out};
    args.insert(args.end(), options.begin(), options.end());
    const RunResult run = runScratch(args, shortRun());
    INFO(run.describe());
    REQUIRE(run.exitCode == 0);
    return linesOf(out);
}

std::string lineWith(const std::vector<std::string>& lines, const std::string& part) {
    for (const std::string& line : lines) {
        if (has(line, part)) return line;
    }
    return "";
}

}  // namespace

TEST_CASE("a replay of the JSON trace prints the live log's lines", "[integration][capture]") {
    requireRoot();
    TempDir dir;
    const std::string log = (dir.path() / "live.log").string();
    const std::string trace = (dir.path() / "live.jsonl").string();
    const RunResult run =
        runScratch({"run", "--root-mode", "none", "--proc", "none", "--cap-add", "ALL", "--seccomp",
                    "unconfined", "--workdir", dir.path().string(), "-o", log, "--json", trace, "/",
                    progPath("capture_calls")},
                   shortRun());
    INFO(run.describe());
    REQUIRE(run.exitCode == 0);
    const std::vector<std::string> live = linesOf(log);
    const std::string calls = programLines(live);
    INFO(calls);
    REQUIRE(live.size() > 30);

    // What each call's own renderer read from the tracee, at the entry or the exit stop.
    const std::string cwd = dir.path().string();
    for (const std::string& part : {
             std::string(", \"child\", \"two words\"], 0x"),  // execve's argv
             std::string(" /* 2 vars */) = 0"),               // its envp
             "getcwd(\"" + cwd + "\", 512) = ",               // the buffer the kernel filled
             std::string("getrandom(\"\\x"),
             std::string("pipe2([3<pipe:["),  // the fds the kernel wrote, with their names
             std::string("F_GETLK, {l_type=F_UNLCK"),
             std::string("F_DUPFD_CLOEXEC, 10) = 10<pipe:["),  // fcntl's return names the fd
             std::string("{flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}"),
             std::string("rt_sigprocmask(SIG_BLOCK, [USR1 USR2], ["),
             std::string("prctl(PR_SET_NAME, \"capture-calls\") = 0"),
             std::string("prctl(PR_GET_NAME, \"capture-calls\") = 0"),
             std::string("prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0"),
             std::string("FUTEX_WAIT_PRIVATE, 0, {tv_sec=0, tv_nsec="),  // the timeout it read
             std::string("mount(\"none\", \"/nonexistent-capture-calls\", \"tmpfs\", "
                         "MS_NOSUID|MS_NODEV, \"size=1m,mode=0755\") = -1 ENOENT"),
             std::string("[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = "),
             std::string("[{WIFEXITED(s) && WEXITSTATUS(s) == 5}], 0, NULL) = "),
             std::string("clone3({flags=CLONE_PARENT_SETTID, parent_tid=0x"),
             std::string("} => {parent_tid=["),
             std::string("clone(child_stack=NULL, flags="),
         }) {
        INFO(part);
        CHECK(has(calls, part));
    }

    // The replay renders the captures again: the same lines, byte for byte.
    const std::vector<std::string> replay = replayLines(dir, trace, {}, "replay.txt");
    CHECK(startsWithLines(replay, live));
    for (size_t i = 0; i < live.size() && i < replay.size(); ++i) {
        if (live[i] == replay[i]) continue;
        INFO("line " << i + 1);
        CHECK(replay[i] == live[i]);
        break;
    }

    // Its own rendering options: -xx, fds without paths, a shorter -s.
    const std::string written = lineWith(live, "write(");
    INFO(written);
    REQUIRE(has(written, "\"\\377\\376 bytes \\1\\n\", 11) = 11"));
    const auto hex = replayLines(dir, trace, {"-xx"}, "hex.txt");
    CHECK(has(lineWith(hex, "write("),
              "\"\\xff\\xfe\\x20\\x62\\x79\\x74\\x65\\x73\\x20\\x01\\x0a\""));
    const auto bare = replayLines(dir, trace, {"--no-fd-paths"}, "bare.txt");
    INFO(lineWith(bare, "pipe2("));
    CHECK(has(programLines(bare), "pipe2([3, 4], O_CLOEXEC)"));
    CHECK_FALSE(has(programLines(bare), "<pipe:["));
    const auto cut = replayLines(dir, trace, {"-s", "4"}, "cut.txt");
    CHECK(has(lineWith(cut, "write("), "\"\\377\\376 b\"..., 11) = 11"));

    // A trace without the captures (written before they existed) replays from its text.
    {
        std::ifstream in(trace);
        std::ofstream out(dir.path() / "old.jsonl");
        static const std::regex fields(R"(,"raw":\[[^\]]*\],"capture":"[^"]*")");
        for (std::string line; std::getline(in, line);) {
            out << std::regex_replace(line, fields, "") << '\n';
        }
    }
    const auto old = replayLines(dir, (dir.path() / "old.jsonl").string(), {"-xx"}, "old.txt");
    CHECK(startsWithLines(old, live));  // -xx cannot change text that was saved rendered
}
