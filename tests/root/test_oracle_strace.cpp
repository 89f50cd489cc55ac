// strace as an oracle (docs/oracle.md). One deterministic workload in a busybox rootfs (busybox
// commands, a pipeline, a subshell, forks, threads, an exec chain sh -> sh -> /bin/true, i386
// calls through int $0x80) runs once under `scratch-trace run --json` and once under `strace -f`
// around an equivalent container made by unshare(1) and chroot(1). The per-syscall call counts of
// the workload must agree exactly (futex and rt_sigreturn have documented tolerances), i386 calls
// must carry their i386 names in both, and every path strace prints for a %file syscall of the
// workload must be among our events' paths[].given for the same syscall.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "OracleWorkload.h"
#include "support/Harness.h"
#include "support/HostRun.h"

namespace fs = std::filesystem;

namespace {

constexpr int kThreads = 4;

/// Names that exist only in the i386 table (oracle_i386.c): on x86_64 the same numbers are
/// getpriority, removexattr and setxattr.
const std::set<std::string> kI386OnlyNames = {"_llseek", "fstat64", "stat64"};

/// Syscalls whose count depends on thread timing, with the largest difference allowed and why
/// (docs/oracle.md).
struct Tolerance {
    int maxDiff;
    int maxCount;
    const char* why;
};
const std::map<std::string, Tolerance> kTolerances = {
    {"futex",
     {2 * kThreads, 4 * kThreads,
      "pthread_join waits on a futex only if the thread has not exited yet: a race"}},
    {"rt_sigreturn",
     {1, 64,
      "SIGCHLD does not queue: cat and wc of the pipeline may exit before sh handles the first, "
      "making one handler run (one rt_sigreturn) for two children"}},
};

// ---- strace's log ----

/// One line of `strace -f -o FILE`: a call, the start of an unfinished one, or its resumption.
struct StraceLine {
    int pid = 0;
    std::string name;
    bool resumed = false;
    bool success = false;  ///< ends in "= 0" (or "= N" for a non-negative N)
    std::string text;      ///< the whole line
};

/// Parses the lines that are syscalls; signals ("--- SIG... ---"), exits ("+++ ... +++") and
/// personality notes are skipped.
std::vector<StraceLine> parseStrace(const std::string& path) {
    std::vector<StraceLine> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        StraceLine call;
        size_t i = 0;
        while (i < line.size() && isdigit(static_cast<unsigned char>(line[i]))) ++i;
        if (i == 0 || i >= line.size()) continue;
        call.pid = std::stoi(line.substr(0, i));
        while (i < line.size() && line[i] == ' ') ++i;
        if (line.compare(i, 5, "<... ") == 0) {
            call.resumed = true;
            i += 5;
        }
        const size_t nameStart = i;
        while (i < line.size() && (isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_'))
            ++i;
        if (i == nameStart) continue;
        if (!call.resumed && (i >= line.size() || line[i] != '(')) continue;
        call.name = line.substr(nameStart, i - nameStart);
        const size_t eq = line.rfind(") = ");
        const size_t resumedEq = line.rfind("> = ");
        const size_t at = eq != std::string::npos          ? eq + 4
                          : resumedEq != std::string::npos ? resumedEq + 4
                                                           : std::string::npos;
        call.success = at != std::string::npos && at < line.size() &&
                       isdigit(static_cast<unsigned char>(line[at]));
        call.text = line;
        out.push_back(call);
    }
    return out;
}

/// The workload's part of a strace log: the calls after the first successful execve made by a
/// task that chrooted (the execve of the workload's first program inside the rootfs), by that
/// task and by every task that first shows up after it (unshare and chroot forked theirs before).
std::vector<StraceLine> workloadOf(const std::vector<StraceLine>& calls) {
    std::set<int> chrooted;
    std::set<int> before;
    size_t start = calls.size();
    for (size_t i = 0; i < calls.size(); ++i) {
        const StraceLine& c = calls[i];
        before.insert(c.pid);
        if (c.name == "chroot" && c.success) chrooted.insert(c.pid);
        if (c.name == "execve" && chrooted.contains(c.pid) && c.success) {
            start = i;
            break;
        }
    }
    std::vector<StraceLine> out;
    if (start == calls.size()) return out;
    const int execer = calls[start].pid;
    for (size_t i = start + 1; i < calls.size(); ++i) {
        if (calls[i].pid == execer || !before.contains(calls[i].pid)) out.push_back(calls[i]);
    }
    return out;
}

/// Undoes strace's string escapes (\" \\ \n \t \r \v \f, octal, \xNN).
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out += s[i];
            continue;
        }
        const char c = s[++i];
        switch (c) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'v':
                out += '\v';
                break;
            case 'f':
                out += '\f';
                break;
            case 'x': {
                out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
                i += 2;
                break;
            }
            default:
                if (c >= '0' && c <= '7') {
                    size_t n = 1;
                    while (n < 3 && i + n < s.size() && s[i + n] >= '0' && s[i + n] <= '7') ++n;
                    out += static_cast<char>(std::stoi(s.substr(i, n), nullptr, 8));
                    i += n - 1;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

/// The quoted strings among a call's top-level arguments, with their argument index. Strings
/// inside [...] or {...} (argv, struct members) are not arguments of their own.
std::vector<std::pair<int, std::string>> topLevelStrings(const std::string& line) {
    std::vector<std::pair<int, std::string>> out;
    size_t i = line.find('(');
    if (i == std::string::npos) return out;
    int depth = 0;
    int arg = 0;
    for (++i; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            std::string raw;
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) raw += line[i++];
                raw += line[i];
            }
            if (depth == 0) out.emplace_back(arg, unescape(raw));
        } else if (c == '[' || c == '{' || c == '(') {
            ++depth;
        } else if (c == ']' || c == '}' || c == ')') {
            if (--depth < 0) break;
        } else if (c == ',' && depth == 0) {
            ++arg;
        } else if (c == '<' && depth == 0 && line.compare(i, 16, "<unfinished ...>") == 0) {
            break;
        }
    }
    return out;
}

/// Which string arguments of a %file call are not paths the process gave: results the kernel
/// wrote (readlink's buffer, getcwd's), and symlink's target (stored, never resolved).
bool isGivenPath(const std::string& name, int arg) {
    if (name == "readlink") return arg == 0;
    if (name == "readlinkat") return arg == 1;
    if (name == "getcwd") return false;
    if (name == "symlink") return arg == 1;
    if (name == "symlinkat") return arg == 2;
    if (name == "mount") return arg == 1;  // source and type are names unless MS_BIND
    return true;
}

// ---- the comparison ----

std::string pad(const std::string& s, size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

struct Runs {
    Trace ours;
    std::vector<StraceLine> straceAll;   ///< every syscall of the workload
    std::vector<StraceLine> straceFile;  ///< the %file run's workload
    std::string straceOutput;
    bool i386 = true;  ///< the kernel has IA32 emulation
};

/// Both runs, done once per test binary: the TEST_CASEs below only look at them.
const Runs& runs() {
    static Runs r;
    static bool done = false;  // set only when everything worked: a failed setup fails each test
    if (done) return r;

    const std::string strace = findProgram("strace");
    const std::string unshare = findProgram("unshare");
    const std::string chroot = findProgram("chroot");
    if (strace.empty() || unshare.empty() || chroot.empty()) {
        skipTest("needs strace, unshare and chroot on the host");
    }
    const std::string rootfs = makeBusyboxRootfs();
    for (const char* prog : oracle::kProgs) copyProgIntoRootfs(rootfs, prog);
    std::ofstream(fs::path(rootfs) / "oracle.sh") << oracle::kScript;
    const std::vector<std::string> command = {"/bin/sh", "/oracle.sh"};

    // unshare(1) and chroot(1) apply no seccomp profile: nor do we (the default one answers
    // clone3 with ENOSYS, and glibc's fallback to clone would change the counts).
    r.ours = traceRun({"--seccomp", "unconfined"}, rootfs, command, {.timeoutSeconds = 60});
    {
        INFO(r.ours.describe());
        REQUIRE(r.ours.run.exitCode == 0);
    }
    // int80 and oracle_i386 say SKIP without IA32 emulation; the script wrote it to a file.
    std::ifstream i386Out(fs::path(rootfs) / "tmp/oracle.i386");
    const std::string i386Text((std::istreambuf_iterator<char>(i386Out)),
                               std::istreambuf_iterator<char>());
    r.i386 = i386Text.find("SKIP") == std::string::npos;

    TempDir dir("scratch-oracle");
    auto straceRun = [&](const std::vector<std::string>& straceArgs) {
        const std::string log = (dir.path() / "strace.txt").string();
        std::vector<std::string> argv = {strace, "-f", "-qq", "-o", log};
        argv.insert(argv.end(), straceArgs.begin(), straceArgs.end());
        for (const std::string& word :
             {unshare, std::string("--pid"), std::string("--mount"), std::string("--fork"),
              "--mount-proc=" + rootfs + "/proc", chroot, rootfs}) {
            argv.push_back(word);
        }
        argv.insert(argv.end(), command.begin(), command.end());
        std::string output;
        const int status = runHost(argv, containerEnvironment(), output);
        INFO("strace run: exit " << status << "\n" << output);
        REQUIRE(status == 0);
        r.straceOutput += output;
        std::vector<StraceLine> calls = workloadOf(parseStrace(log));
        INFO("strace log " << log);
        REQUIRE_FALSE(calls.empty());
        return calls;
    };
    r.straceAll = straceRun({});
    r.straceFile = straceRun({"-e", "trace=%file"});
    std::error_code ec;
    fs::remove(fs::path(rootfs) / "tmp/oracle.i386", ec);
    done = true;
    return r;
}

std::map<std::string, int> ourCounts(const Trace& trace) {
    std::map<std::string, int> counts;
    for (const json& call : trace.syscalls()) {
        if (str(call, "phase") == "workload") ++counts[str(call, "name")];
    }
    return counts;
}

std::map<std::string, int> straceCounts(const std::vector<StraceLine>& calls) {
    std::map<std::string, int> counts;
    for (const StraceLine& call : calls) {
        if (!call.resumed) ++counts[call.name];
    }
    return counts;
}

}  // namespace

TEST_CASE("oracle: per-syscall counts of the workload agree with strace -f", "[root][oracle]") {
    requireRoot();
    const Runs& r = runs();
    const std::map<std::string, int> ours = ourCounts(r.ours);
    const std::map<std::string, int> theirs = straceCounts(r.straceAll);
    std::set<std::string> names;
    for (const auto& [name, n] : ours) names.insert(name);
    for (const auto& [name, n] : theirs) names.insert(name);

    std::ostringstream table;
    table << pad("syscall", 20) << pad("ours", 8) << pad("strace", 8) << "\n";
    int bad = 0;
    for (const std::string& name : names) {
        const int a = ours.contains(name) ? ours.at(name) : 0;
        const int b = theirs.contains(name) ? theirs.at(name) : 0;
        std::string note;
        if (const auto tol = kTolerances.find(name); tol != kTolerances.end()) {
            const bool ok = std::abs(a - b) <= tol->second.maxDiff && a <= tol->second.maxCount &&
                            b <= tol->second.maxCount;
            note = ok ? "  (tolerated: " + std::string(tol->second.why) + ")"
                      : "  <-- beyond the tolerance of " + std::to_string(tol->second.maxDiff);
            bad += !ok;
        } else if (a != b) {
            note = "  <-- differs";
            ++bad;
        }
        table << pad(name, 20) << pad(std::to_string(a), 8) << pad(std::to_string(b), 8) << note
              << "\n";
    }
    if (getenv("SCRATCH_ORACLE_VERBOSE")) fprintf(stderr, "%s", table.str().c_str());
    INFO(
        "workload syscall counts (ours: phase workload; strace: after the workload's first "
        "execve inside the rootfs)\n"
        << table.str());
    CHECK(bad == 0);
    // Sanity: the workload really had the parts it is meant to have.
    CHECK(theirs.count("clone3"));  // threads
    CHECK(theirs.count("wait4"));   // forks
    CHECK(theirs.count("execve"));  // the exec chain
}

TEST_CASE("oracle: the exec chain sh -> sh -> true is one process, three execs", "[root][oracle]") {
    requireRoot();
    const Runs& r = runs();
    std::vector<json> chain;
    for (const json& exec : r.ours.processes("exec")) {
        const json argv = exec.value("argv", json::array());
        const std::string last = argv.empty() ? "" : argv.back().dump();
        if (last.find("exec /bin/true") != std::string::npos ||
            argv == json::array({"/bin/true"})) {
            chain.push_back(exec);
        }
    }
    std::ostringstream seen;
    for (const json& exec : chain) seen << exec.dump() << "\n";
    INFO(seen.str());
    REQUIRE(chain.size() == 3);
    CHECK(chain[2]["argv"] == json::array({"/bin/true"}));
    CHECK(num(chain[0], "pid") == num(chain[1], "pid"));
    CHECK(num(chain[1], "pid") == num(chain[2], "pid"));
    CHECK(num(chain[0], "seq") < num(chain[1], "seq"));
    CHECK(num(chain[1], "seq") < num(chain[2], "seq"));
}

TEST_CASE("oracle: i386 calls carry i386 names in both", "[root][oracle]") {
    requireRoot();
    const Runs& r = runs();
    if (!r.i386) skipTest("the kernel has no IA32 emulation (int $0x80 faulted or ENOSYS)");
    std::map<std::string, int> oursI386;
    std::map<std::string, int> oursOther;
    for (const json& call : r.ours.syscalls()) {
        if (str(call, "phase") != "workload") continue;
        (str(call, "arch") == "i386" ? oursI386 : oursOther)[str(call, "name")]++;
    }
    const std::map<std::string, int> theirs = straceCounts(r.straceAll);
    std::ostringstream seen;
    for (const auto& [name, n] : oursI386) seen << name << "=" << n << " ";
    INFO("our i386 calls: " << seen.str());
    for (const std::string& name : kI386OnlyNames) {
        INFO(name);
        CHECK(oursI386[name] == 1);
        CHECK_FALSE(oursOther.contains(name));
        CHECK((theirs.contains(name) ? theirs.at(name) : 0) == 1);
    }
    // int80 (getpid, open, close) and oracle_i386 (getpid, open, close): the shared names.
    CHECK(oursI386["getpid"] == 2);
    CHECK(oursI386["open"] == 2);
    CHECK(oursI386["close"] == 2);
    // Had a table keyed by number been used, the x86_64 names of those numbers would show up.
    for (const char* wrong : {"getpriority", "removexattr", "setxattr", "writev", "fstat"}) {
        CHECK_FALSE(oursI386.contains(wrong));
        CHECK_FALSE(oursOther.contains(wrong));
        CHECK_FALSE(theirs.contains(wrong));
    }
}

TEST_CASE("oracle: every path strace prints for %file calls is in our paths[].given",
          "[root][oracle]") {
    requireRoot();
    const Runs& r = runs();
    // (syscall, path) -> how often, in both.
    std::map<std::pair<std::string, std::string>, int> theirs;
    std::map<std::pair<std::string, std::string>, int> ours;
    for (const StraceLine& call : r.straceFile) {
        if (call.resumed) continue;
        for (const auto& [arg, path] : topLevelStrings(call.text)) {
            // "" is AT_EMPTY_PATH's: the call is about the fd, which our entry names "fd N".
            if (path.empty() || !isGivenPath(call.name, arg)) continue;
            ++theirs[{call.name, path}];
        }
    }
    for (const json& call : r.ours.syscalls()) {
        if (str(call, "phase") != "workload") continue;
        std::set<std::string> given;
        for (const json& p : call.value("paths", json::array())) given.insert(givenPath(p));
        for (const std::string& path : given) ++ours[{str(call, "name"), path}];
    }
    REQUIRE(theirs.size() > 50);  // ls -R alone stats every file of /etc and /bin

    std::ostringstream table;
    table << pad("syscall", 12) << pad("ours", 6) << pad("strace", 8) << "path\n";
    int missing = 0;
    int fewer = 0;
    for (const auto& [key, n] : theirs) {
        const int a = ours.contains(key) ? ours.at(key) : 0;
        if (a >= n) continue;
        (a == 0 ? missing : fewer)++;
        table << pad(key.first, 12) << pad(std::to_string(a), 6) << pad(std::to_string(n), 8)
              << key.second << "\n";
    }
    if (getenv("SCRATCH_ORACLE_VERBOSE")) {
        fprintf(stderr,
                "%zu distinct (%%file syscall, path) pairs from strace; %d missing, %d fewer\n",
                theirs.size(), missing, fewer);
    }
    INFO("%file paths strace printed that our paths[].given lacks (or has fewer times):\n"
         << table.str());
    CHECK(missing == 0);
    CHECK(fewer == 0);
}
