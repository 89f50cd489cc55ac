// The --json stream of real containers, line by line, against docs/json-schema.json (with
// python3's jsonschema module: the schema is the contract, so it is checked by an independent
// validator, not by our own reader), plus the invariants a schema cannot state: start first and
// summary last, seq unique (seq is taken at syscall entry, records are written at exit, so the file
// is not in seq order; per task it is), workload syscalls only after the command's exec, records
// that point at a seq point at a real syscall, the summary's counts agree with the records, and
// no line is cut short. Without jsonschema the test is skipped, never passed.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/Harness.h"

namespace fs = std::filesystem;

namespace {

/// Validates every line of argv[2] against the schema argv[1]. A record that fails the whole
/// schema is validated again against the $defs entry of its "type", whose error says much more
/// than oneOf's "is not valid under any of the given schemas". Prints "OK N" or the first error.
constexpr const char* kValidator = R"PY(
import json, sys
import jsonschema
from jsonschema import validators
schema = json.load(open(sys.argv[1]))
cls = validators.validator_for(schema)
cls.check_schema(schema)
whole = cls(schema)
data = open(sys.argv[2], "rb").read()
if not data:
    print("empty file"); sys.exit(1)
if not data.endswith(b"\n"):
    print("the last line has no newline: the stream was cut short"); sys.exit(1)
lines = data.split(b"\n")[:-1]
for no, raw in enumerate(lines, 1):
    text = raw.decode("utf-8", "replace")[:600]
    try:
        record = json.loads(raw.decode("utf-8"))
    except Exception as e:
        print(f"line {no}: not JSON ({e}): {text}"); sys.exit(1)
    if not whole.is_valid(record):
        kind = record.get("type") if isinstance(record, dict) else None
        target = whole
        if isinstance(kind, str) and kind in schema.get("$defs", {}):
            target = cls(dict(schema, oneOf=[{"$ref": "#/$defs/" + kind}]))
        err = jsonschema.exceptions.best_match(target.iter_errors(record)) or \
              jsonschema.exceptions.best_match(whole.iter_errors(record))
        where = "/" + "/".join(str(p) for p in err.absolute_path)
        print(f"line {no} ({kind}): at {where}: {err.message[:400]}\n  record: {text}")
        sys.exit(1)
print(f"OK {len(lines)}")
)PY";

struct Captured {
    int status = -1;
    std::string out;
};

/// Runs argv (argv[0] searched in PATH) with stdin /dev/null, stdout and stderr captured.
Captured capture(const std::vector<std::string>& argv) {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int devNull = open("/dev/null", O_RDONLY);
        dup2(devNull, 0);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        std::vector<char*> args;
        args.reserve(argv.size() + 1);
        for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    Captured result;
    char buf[8192];
    ssize_t got;
    while ((got = read(fds[0], buf, sizeof buf)) > 0) result.out.append(buf, got);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

/// A python3 that can import jsonschema with 2020-12 support, or "": Debian's first (what setup.sh
/// installs), then PATH's.
std::string findPython() {
    static const std::string found = [] {
        for (const char* candidate : {"/usr/bin/python3", "python3"}) {
            const Captured probe = capture(
                {candidate, "-c", "import jsonschema.validators as v; v.Draft202012Validator"});
            if (probe.status == 0) return std::string(candidate);
        }
        return std::string();
    }();
    return found;
}

std::string schemaPath() { return std::string(SCRATCH_SOURCE_DIR) + "/docs/json-schema.json"; }

/// Validates a JSON Lines file with python's jsonschema; "" when every line passed.
std::string validateFile(const fs::path& file) {
    const std::string python = findPython();
    if (python.empty()) {
        skipTest(
            "python3 with the jsonschema module (Debian: python3-jsonschema) is not installed");
    }
    TempDir dir("scratch-schema");
    const fs::path script = dir.path() / "validate.py";
    std::ofstream(script) << kValidator;
    const Captured run = capture({python, script.string(), schemaPath(), file.string()});
    if (run.status == 0 && run.out.rfind("OK ", 0) == 0) return "";
    return "exit " + std::to_string(run.status) + ": " + run.out;
}

/// A traced run whose stream file is kept (traceRun deletes its own) for the validator.
struct KeptTrace {
    RunResult run;
    std::vector<json> records;
    std::string raw;
};

KeptTrace traceKept(const fs::path& dir, const std::string& label,
                    const std::vector<std::string>& options, const std::string& rootfs,
                    const std::vector<std::string>& command) {
    const fs::path file = dir / (label + ".jsonl");
    std::vector<std::string> args = {"run", "-q", "--json", file.string()};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(rootfs);
    args.insert(args.end(), command.begin(), command.end());
    KeptTrace trace;
    trace.run = runScratch(args, {.timeoutSeconds = 60});
    INFO(label << ": " << trace.run.describe());
    REQUIRE(fs::exists(file));
    std::ifstream in(file, std::ios::binary);
    trace.raw.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    trace.records = readJsonLines(file);
    const std::string error = validateFile(file);
    INFO(label << ": " << file.string() << " against docs/json-schema.json");
    CHECK(error.empty());
    return trace;
}

int64_t intAt(const json& object, std::initializer_list<const char*> keys) {
    const json* at = &object;
    for (const char* key : keys) {
        if (!at->is_object() || !at->contains(key)) return -1;
        at = &(*at)[key];
    }
    return at->is_number_integer() ? at->get<int64_t>() : -1;
}

/// The invariants of json.md that the schema cannot express. `exitCode` is scratch-trace's own.
void checkInvariants(const std::string& label, const KeptTrace& trace) {
    INFO(label);
    const std::vector<json>& records = trace.records;
    REQUIRE(records.size() >= 2);

    // No line cut short: the file ends in a newline and has exactly one record per line.
    CHECK(trace.raw.back() == '\n');
    CHECK(static_cast<size_t>(std::count(trace.raw.begin(), trace.raw.end(), '\n')) ==
          records.size());

    // One start, first; one summary, last.
    CHECK(str(records.front(), "type") == "start");
    CHECK(str(records.back(), "type") == "summary");
    size_t starts = 0;
    size_t summaries = 0;
    for (const json& r : records) {
        starts += str(r, "type") == "start";
        summaries += str(r, "type") == "summary";
    }
    CHECK(starts == 1);
    CHECK(summaries == 1);
    const json& start = records.front();
    const json& summary = records.back();
    const bool unfiltered =
        start.value("filter", json()).is_null() && start.value("records_everything", false);

    // seq: unique; per task increasing in file order (a task's calls do not overlap); with no
    // filter, exactly 1..counts.syscalls.
    std::set<int64_t> seqs;
    std::map<int64_t, int64_t> lastSeqOfTask;
    std::map<int64_t, const json*> bySeq;
    size_t failed = 0;
    for (const json& r : records) {
        if (str(r, "type") != "syscall") continue;
        const int64_t seq = num(r, "seq");
        const int64_t pid = num(r, "pid");
        INFO(r.dump());
        CHECK(seqs.insert(seq).second);
        bySeq[seq] = &r;
        if (lastSeqOfTask.contains(pid)) CHECK(seq > lastSeqOfTask[pid]);
        lastSeqOfTask[pid] = seq;
        if (!r.value("errno", json()).is_null()) ++failed;
        // A call that returned has a ret; one that did not (exit_group, a vanished task) has not.
        if (r.value("finished", false) && r.value("ret", json()).is_null()) {
            CHECK((str(r, "name") == "exit_group" || str(r, "name") == "exit" ||
                   str(r, "name").rfind("execve", 0) == 0));
        }
    }
    if (unfiltered && !seqs.empty()) {
        CHECK(*seqs.begin() == 1);
        CHECK(*seqs.rbegin() == static_cast<int64_t>(seqs.size()));
        CHECK(intAt(summary, {"counts", "syscalls"}) == static_cast<int64_t>(seqs.size()));
        CHECK(intAt(summary, {"counts", "failed"}) == static_cast<int64_t>(failed));
    }

    // The command's exec is the first exec record of the workload; every workload syscall comes
    // after it in the file and entered after it; every container task's syscall that entered
    // after it is workload.
    size_t execIndex = records.size();
    for (size_t i = 0; i < records.size(); ++i) {
        if (str(records[i], "type") == "process" && str(records[i], "event") == "exec") {
            execIndex = i;
            break;
        }
    }
    REQUIRE(execIndex < records.size());
    const json& commandExec = records[execIndex];
    CHECK(str(commandExec, "phase") == "workload");
    const int64_t execSeq = num(commandExec, "seq");
    for (size_t i = 0; i < records.size(); ++i) {
        const json& r = records[i];
        if (str(r, "type") != "syscall") continue;
        INFO(r.dump());
        if (str(r, "phase") == "workload") {
            CHECK(i > execIndex);
            CHECK(num(r, "seq") > execSeq);
        } else if (!r.value("nspid", json()).is_null() && num(r, "seq") > execSeq) {
            FAIL_CHECK("a container task's syscall after the command's exec is not workload");
        }
    }

    // Records that name a seq name a real syscall of the right kind; exec counts agree.
    size_t execs = 0;
    for (const json& r : records) {
        const std::string type = str(r, "type");
        if (type != "process" && type != "finding") continue;
        if (type == "process" && str(r, "event") == "exec") ++execs;
        if (!unfiltered || r.value("seq", json()).is_null()) continue;
        INFO(r.dump());
        const auto it = bySeq.find(num(r, "seq"));
        REQUIRE(it != bySeq.end());
        const std::string name = str(*it->second, "name");
        if (type == "process" && str(r, "event") == "spawn") {
            CHECK((name == "clone" || name == "clone3" || name == "fork" || name == "vfork"));
        } else if (type == "process" && str(r, "event") == "exec") {
            CHECK((name == "execve" || name == "execveat"));
            CHECK(num(*it->second, "pid") == num(r, "pid"));
        }
    }
    CHECK(intAt(summary, {"counts", "execs"}) == static_cast<int64_t>(execs));

    // Findings: the stream's records are the summary's list; counts and verdict agree.
    std::vector<json> streamed;
    for (const json& r : records) {
        if (str(r, "type") != "finding") continue;
        json body = r;
        body.erase("type");
        streamed.push_back(body);
    }
    const json listed = summary.value("findings", json::array());
    CHECK(json(streamed) == listed);
    int64_t omitted = 0;
    int64_t leaksByClass = 0;
    const json omittedByClass = summary.value("findings_omitted", json::object());
    const json leakCounts = summary.value("leaks_by_class", json::object());
    for (const auto& [klass, n] : omittedByClass.items()) omitted += n.get<int64_t>();
    for (const auto& [klass, n] : leakCounts.items()) leaksByClass += n.get<int64_t>();
    const int64_t leaks = intAt(summary, {"counts", "findings", "leak"});
    CHECK(intAt(summary, {"counts", "findings", "leak"}) +
              intAt(summary, {"counts", "findings", "warning"}) +
              intAt(summary, {"counts", "findings", "info"}) ==
          static_cast<int64_t>(streamed.size()) + omitted);
    CHECK(leaksByClass == leaks);
    // Three verdicts: a leak outweighs a blind spot; a blind spot alone is inconclusive.
    bool blindSpot = omittedByClass.contains("blind-spot");
    for (const json& f : streamed) blindSpot = blindSpot || str(f, "class") == "blind-spot";
    CHECK(str(summary, "verdict") == (leaks > 0   ? "leak"
                                      : blindSpot ? "inconclusive"
                                                  : "isolated"));
    const json paths = summary.value("paths", json::array());
    CHECK(intAt(summary, {"counts", "paths"}) ==
          static_cast<int64_t>(paths.size()) + num(summary, "paths_omitted", 0));

    // The summary's exit is the command's, and scratch-trace passed it on.
    CHECK(intAt(summary, {"exit", "code"}) == trace.run.exitCode);
}

}  // namespace

TEST_CASE("the validator rejects what the schema forbids", "[root][json]") {
    // A validator that accepts anything would make the rest of this file vacuous.
    TempDir dir("scratch-schema-neg");
    const fs::path bad = dir.path() / "bad.jsonl";
    std::ofstream(bad) << R"({"type":"syscall","seq":0,"name":"read"})"
                       << "\n";
    const std::string error = validateFile(bad);
    INFO(error);
    CHECK(error.find("line 1") != std::string::npos);
    const fs::path cut = dir.path() / "cut.jsonl";
    std::ofstream(cut) << R"({"type":"start","version":1)";
    CHECK(validateFile(cut).find("cut short") != std::string::npos);
}

TEST_CASE("every line of real runs matches docs/json-schema.json", "[root][json]") {
    requireRoot();
    if (findPython().empty()) {
        skipTest(
            "python3 with the jsonschema module (Debian: python3-jsonschema) is not installed");
    }
    const std::string rootfs = makeBusyboxRootfs();
    const std::string escape = copyProgIntoRootfs(rootfs, "chroot_escape");
    TempDir dir("scratch-schema-runs");

    SECTION("ps (the article's second stage)") {
        const KeptTrace t = traceKept(dir.path(), "ps", {}, rootfs, {"ps"});
        CHECK(t.run.exitCode == 0);
        checkInvariants("ps", t);
    }
    SECTION("ls -R / (many paths, the container's procfs)") {
        const KeptTrace t = traceKept(dir.path(), "ls-R", {}, rootfs, {"ls", "-R", "/"});
        CHECK(t.run.exitCode == 0);
        checkInvariants("ls -R /", t);
    }
    SECTION("a shell pipeline with a subshell, a failing call and a non-UTF-8 file name") {
        const KeptTrace t = traceKept(
            dir.path(), "pipeline", {}, rootfs,
            {"sh", "-c",
             "cat /etc/passwd | wc -l; (cd /etc && ls) | sort >/tmp/o; cat /nonexistent; "
             "n=$(printf '/tmp/caf\\351'); echo x >\"$n\"; ls /tmp >/dev/null; rm \"$n\" /tmp/o; "
             "exit 3"});
        CHECK(t.run.exitCode == 3);
        checkInvariants("pipeline", t);
        bool sawB64 = false;
        for (const json& r : t.records) sawB64 |= r.dump().find("given_b64") != std::string::npos;
        CHECK(sawB64);
    }
    SECTION("the leaky first stage: --root-mode none --proc none ps") {
        const KeptTrace t = traceKept(dir.path(), "leaky",
                                      {"--root-mode", "none", "--proc", "none"}, rootfs, {"ps"});
        CHECK(t.run.exitCode == 0);
        CHECK(str(t.records.back(), "verdict") == "leak");
        checkInvariants("leaky ps", t);
    }
    SECTION("a chroot escape: findings in the stream and the summary") {
        const KeptTrace t = traceKept(dir.path(), "escape", {}, rootfs, {escape});
        CHECK(t.run.exitCode == 0);
        size_t findings = 0;
        for (const json& r : t.records) findings += str(r, "type") == "finding";
        CHECK(findings > 0);
        checkInvariants("chroot escape", t);
    }
    SECTION("sockets: decoded sockaddrs, unix paths, peers (the syscall's peer object)") {
        const std::string client = copyProgIntoRootfs(rootfs, "sock_client");
        const KeptTrace t = traceKept(dir.path(), "sockets", {}, rootfs, {client, "inside"});
        CHECK(t.run.exitCode == 0);
        size_t peers = 0;
        for (const json& r : t.records) peers += r.contains("peer");
        CHECK(peers > 0);
        checkInvariants("sockets", t);
    }
    SECTION("a command whose child was killed by a signal (PID 1 itself cannot be)") {
        const KeptTrace t = traceKept(dir.path(), "killed", {}, rootfs,
                                      {"sh", "-c", "sh -c 'kill -9 $$'; exit $?"});
        CHECK(t.run.exitCode == 137);
        checkInvariants("killed", t);
    }
    SECTION("a run with cgroup limits (the summary's cgroup object)") {
        const KeptTrace t =
            traceKept(dir.path(), "limits", {"--memory", "64M", "--pids", "32", "--cpus", "0.5"},
                      rootfs, {"sh", "-c", "ls / >/dev/null"});
        CHECK(t.run.exitCode == 0);
        const json cgroup = t.records.back().value("cgroup", json());
        REQUIRE(cgroup.is_object());
        CHECK(cgroup.value("pids_max", 0) == 32);
        checkInvariants("limits", t);
    }
    SECTION("every namespace, a user namespace among them (summary.namespaces)") {
        const KeptTrace t =
            traceKept(dir.path(), "namespaces",
                      {"--userns", "--ns", "pid,mount,uts,ipc,net,cgroup,time"}, rootfs, {"true"});
        CHECK(t.run.exitCode == 0);
        CHECK(t.records.back().at("namespaces").size() == 8);
        checkInvariants("namespaces", t);
    }
    SECTION("a filtered run (-e trace=%file)") {
        const KeptTrace t =
            traceKept(dir.path(), "filtered", {"-e", "trace=%file"}, rootfs, {"ls", "/etc"});
        CHECK(t.run.exitCode == 0);
        CHECK_FALSE(t.records.front().value("filter", json()).is_null());
        checkInvariants("filtered", t);
    }
}
