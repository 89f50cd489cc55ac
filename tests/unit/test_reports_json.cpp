// The JSON Lines stream: write, read back with nlohmann, check every field of the contract;
// bytes that are not UTF-8 survive the round trip.
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "reports/JsonText.h"
#include "reports/Pipeline.h"
#include "reports/outputs/JsonLinesWriter.h"

using nlohmann::json;
using namespace scratch::reports;
namespace tr = scratch::tracer;

namespace {

/// Runs `feed` through a Pipeline with a JsonLinesWriter on a memory stream; returns the lines.
template <typename Feed>
std::vector<json> runThrough(Feed feed) {
    char* data = nullptr;
    size_t size = 0;
    FILE* mem = open_memstream(&data, &size);
    REQUIRE(mem != nullptr);
    {
        Pipeline pipeline;
        pipeline.add(std::make_unique<JsonLinesWriter>(mem));
        RunInfo info;
        info.toolVersion = "0.1.0";
        info.rootfs = "/work/rootfs";
        info.command = {"ps", "-ef"};
        info.rootMode = scratch::RootMode::Chroot;
        info.procMode = scratch::ProcMode::New;
        info.namespaces = {"pid", "mount"};
        info.startEpochNs = 1700000000000000000;
        pipeline.start(info);
        feed(pipeline);
        RunEnd end;
        end.exitCode = 0;
        end.durationNs = 1234;
        pipeline.finish(end);
    }
    std::fclose(mem);
    std::string text(data, size);
    std::free(data);
    std::vector<json> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(json::parse(line));  // throws if invalid
    return lines;
}

}  // namespace

TEST_CASE("utf-8 validation and base64", "[reports][json]") {
    CHECK(isValidUtf8("plain/ascii"));
    CHECK(isValidUtf8("caf\xc3\xa9"));
    CHECK_FALSE(isValidUtf8("caf\xe9"));
    CHECK_FALSE(isValidUtf8("\xc0\xaf"));          // overlong '/'
    CHECK_FALSE(isValidUtf8("\xed\xa0\x80"));      // surrogate
    CHECK_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    CHECK(base64Encode("").empty());
    CHECK(base64Encode("f") == "Zg==");
    CHECK(base64Encode("fo") == "Zm8=");
    CHECK(base64Encode("foo") == "Zm9v");
    const std::string bytes("\x00\xff\xfe/a\x80", 6);
    CHECK(base64Decode(base64Encode(bytes)) == bytes);
    CHECK(displayText("a\xe9\n") == "a\\xe9\\x0a");
    std::string out;
    appendJsonString(out, "q\"b\\s\x01\xe9");
    CHECK(out == "\"q\\\"b\\\\s\\u0001\\\\xe9\"");
}

TEST_CASE("every record type of the stream", "[reports][json]") {
    const auto lines = runThrough([](Pipeline& p) {
        tr::ProcessEvent spawn;
        spawn.kind = tr::ProcessEvent::Kind::Spawn;
        spawn.tid = 101;
        spawn.tgid = 101;
        spawn.nspid = 1;
        spawn.parentTid = 100;
        spawn.cloneFlags = 0x20000000 | 0x00020000;
        spawn.seq = 3;
        p.onProcess(spawn);

        tr::SyscallEvent e;
        e.seq = 7;
        e.tsNs = 5000;
        e.durationNs = 1200;
        e.tid = 101;
        e.tgid = 101;
        e.nspid = 1;
        e.phase = tr::Phase::Workload;
        e.nr = 257;
        e.name = "openat";
        e.args = {"AT_FDCWD", "\"/proc/1/stat\"", "O_RDONLY"};
        e.ret = 3;
        e.retText = "3</proc/1/stat>";
        tr::PathRef ref;
        ref.given = "/proc/1/stat";
        ref.host = "/proc/1/stat";
        ref.resolved = "/proc/1/stat";
        ref.where = tr::Where::HostProcfs;
        ref.access = tr::kAccessRead;
        e.paths = {ref};
        p.onSyscall(e);

        tr::SyscallEvent failed = e;
        failed.seq = 8;
        failed.args[1] = "\"/nope\"";
        failed.ret = -ENOENT;
        failed.err = ENOENT;
        failed.retText = "-1 ENOENT (No such file or directory)";
        failed.paths[0] = tr::PathRef{};
        failed.paths[0].given = "/nope";
        failed.paths[0].resolved = "/nope";
        failed.paths[0].where = tr::Where::Rootfs;
        failed.paths[0].exists = false;
        p.onSyscall(failed);

        tr::ProcessEvent exit;
        exit.kind = tr::ProcessEvent::Kind::Exit;
        exit.tid = 101;
        exit.tgid = 101;
        exit.termSignal = 9;
        exit.exitCode = 137;
        p.onProcess(exit);
    });
    REQUIRE(lines.size() == 7);  // start, spawn, syscall, finding, syscall, exit, summary

    const json& start = lines[0];
    CHECK(start["type"] == "start");
    CHECK(start["version"] == kJsonSchemaVersion);
    CHECK(start["rootfs"] == "/work/rootfs");
    CHECK(start["command"] == json::array({"ps", "-ef"}));
    CHECK(start["isolation"]["root_mode"] == "chroot");
    CHECK(start["isolation"]["proc_mode"] == "new");
    CHECK(start["isolation"]["namespaces"] == json::array({"pid", "mount"}));
    CHECK(start["filter"].is_null());

    const json& spawn = lines[1];
    CHECK(spawn["type"] == "process");
    CHECK(spawn["event"] == "spawn");
    CHECK(spawn["pid"] == 101);
    CHECK(spawn["nspid"] == 1);
    CHECK(spawn["ppid"] == 100);
    CHECK(spawn["thread"] == false);
    CHECK(spawn["clone_flags"] == "0x20020000");
    CHECK(spawn["seq"] == 3);

    const json& sc = lines[2];
    CHECK(sc["type"] == "syscall");
    CHECK(sc["seq"] == 7);
    CHECK(sc["ts"] == 5000);
    CHECK(sc["dur"] == 1200);
    CHECK(sc["pid"] == 101);
    CHECK(sc["tgid"] == 101);
    CHECK(sc["nspid"] == 1);
    CHECK(sc["phase"] == "workload");
    CHECK(sc["arch"] == "x86_64");
    CHECK(sc["nr"] == 257);
    CHECK(sc["name"] == "openat");
    CHECK(sc["args"] == json::array({"AT_FDCWD", "\"/proc/1/stat\"", "O_RDONLY"}));
    CHECK(sc["ret"] == 3);
    CHECK(sc["ret_text"] == "3</proc/1/stat>");
    CHECK(sc["errno"].is_null());
    CHECK(sc["finished"] == true);
    REQUIRE(sc["paths"].size() == 1);
    CHECK(sc["paths"][0]["given"] == "/proc/1/stat");
    CHECK(sc["paths"][0]["host"] == "/proc/1/stat");
    CHECK(sc["paths"][0]["where"] == "host");
    CHECK(sc["paths"][0]["host_procfs"] == true);
    CHECK(sc["paths"][0]["access"] == json::array({"read"}));
    CHECK(sc["paths"][0]["exists"] == true);

    const json& finding = lines[3];
    CHECK(finding["type"] == "finding");
    CHECK(finding["class"] == "host-procfs");
    CHECK(finding["severity"] == "leak");
    CHECK(finding["pid"] == 101);
    CHECK(finding["seq"] == 7);
    CHECK(finding["host"] == "/proc/1/stat");
    CHECK(finding["message"].is_string());
    CHECK(finding["fix"].is_string());

    const json& failed = lines[4];
    CHECK(failed["ret"] == -ENOENT);
    CHECK(failed["errno"] == "ENOENT");
    CHECK(failed["paths"][0]["host"].is_null());
    CHECK(failed["paths"][0]["where"] == "rootfs");
    CHECK(failed["paths"][0]["exists"] == false);

    const json& exit = lines[5];
    CHECK(exit["event"] == "exit");
    CHECK(exit["exit_code"] == 137);
    CHECK(exit["signal"] == "SIGKILL");
    CHECK(exit["nspid"].is_null());

    const json& summary = lines[6];
    CHECK(summary["type"] == "summary");
    CHECK(summary["verdict"] == "leak");
    CHECK(summary["counts"]["syscalls"] == 2);
    CHECK(summary["counts"]["failed"] == 1);
    CHECK(summary["counts"]["processes"] == 1);
    CHECK(summary["counts"]["findings"]["leak"] == 1);
    CHECK(summary["leaks_by_class"]["host-procfs"] == 1);
    REQUIRE(summary["paths"].size() == 2);
    CHECK(summary["paths"][0]["host"] == "/proc/1/stat");  // host-procfs sorts first
    CHECK(summary["paths"][0]["access"] == json::array({"read"}));
    CHECK(summary["paths"][0]["syscalls"] == json::array({"openat"}));
    CHECK(summary["paths"][0]["processes"] == 1);
    CHECK(summary["paths"][0]["first_seq"] == 7);
    CHECK(summary["findings"].size() == 1);
    CHECK(summary["findings_omitted"].is_object());
    CHECK(summary["exit"]["code"] == 0);
}

TEST_CASE("a path that is not UTF-8 round-trips losslessly", "[reports][json]") {
    const std::string given("/tmp/caf\xe9-\xff\\x41");
    const std::string host = "/work/rootfs" + given;
    const auto lines = runThrough([&](Pipeline& p) {
        tr::SyscallEvent e;
        e.seq = 1;
        e.tid = e.tgid = 5;
        e.name = "openat";
        e.args = {"AT_FDCWD", "\"/tmp/caf\\351-\\377\\\\x41\"", "O_RDONLY"};
        e.retText = "3";
        e.ret = 3;
        tr::PathRef ref;
        ref.given = given;
        ref.host = host;
        ref.resolved = given;
        ref.where = tr::Where::Rootfs;
        e.paths = {ref};
        p.onSyscall(e);
        tr::ProcessEvent exec;
        exec.kind = tr::ProcessEvent::Kind::Exec;
        exec.tid = exec.tgid = 5;
        exec.exe = host;
        exec.argv = {"cat", given};
        p.onProcess(exec);
    });
    REQUIRE(lines.size() == 4);
    const json& path = lines[1]["paths"][0];
    // The text is readable; the real bytes are in *_b64.
    CHECK(path["given"] == "/tmp/caf\\xe9-\\xff\\x41");
    CHECK(path.contains("given_b64"));
    CHECK(getBytes(path, "given") == given);
    CHECK(getBytes(path, "host") == host);
    CHECK(getBytes(path, "resolved") == given);
    const json& exec = lines[2];
    CHECK(getBytes(exec, "exe") == host);
    REQUIRE(exec.contains("argv_b64"));
    CHECK(base64Decode(exec["argv_b64"][1].get<std::string>()) == given);
    CHECK(exec["argv"][0] == "cat");
    const json& summaryPath = lines[3]["paths"][0];
    CHECK(getBytes(summaryPath, "host") == host);
    // A valid UTF-8 path carries no _b64 twin.
    tr::PathRef plain;
    std::string out;
    appendBytesField(out, "given", "/tmp/caf\xc3\xa9");
    CHECK(out == "\"given\":\"/tmp/caf\xc3\xa9\"");
}

namespace {

/// Every key of `record` is a property of `def` and every required key of `def` is present.
void checkAgainst(const json& record, const json& def, const std::string& where) {
    INFO(where << ": " << record.dump());
    const json& properties = def.at("properties");
    for (const auto& [key, value] : record.items()) {
        INFO("key " << key);
        CHECK(properties.contains(key));
    }
    for (const auto& key : def.value("required", json::array())) {
        INFO("required " << key);
        CHECK(record.contains(key.get<std::string>()));
    }
}

json schemaDefinition(const json& schema, const std::string& type) {
    const json& defs = schema.at("$defs");
    if (type != "finding") return defs.at(type);
    json merged = defs.at("findingBody");
    merged["properties"]["type"] = {{"const", "finding"}};
    merged["required"].push_back("type");
    return merged;
}

}  // namespace

TEST_CASE("the stream matches docs/json-schema.json field by field", "[reports][json]") {
    std::ifstream in(std::string(SCRATCH_SOURCE_DIR) + "/docs/json-schema.json");
    REQUIRE(in.good());
    const json schema = json::parse(in);
    const json& defs = schema.at("$defs");
    const auto lines = runThrough([](Pipeline& p) {
        tr::ProcessEvent spawn;
        spawn.kind = tr::ProcessEvent::Kind::Spawn;
        spawn.tid = spawn.tgid = 9;
        p.onProcess(spawn);
        tr::ProcessEvent exec = spawn;
        exec.kind = tr::ProcessEvent::Kind::Exec;
        exec.exe = "/bin/\xff";
        exec.argv = {"\xff"};
        p.onProcess(exec);
        tr::SyscallEvent e;
        e.seq = 1;
        e.tid = e.tgid = 9;
        e.name = "openat";
        e.phase = tr::Phase::Workload;
        tr::PathRef ref;
        ref.given = "/x\xfe";
        ref.host = "/x\xfe";
        ref.resolved = "/x\xfe";
        ref.fd = 3;
        ref.where = tr::Where::HostProcfs;
        e.paths = {ref};
        p.onSyscall(e);
        tr::ProcessEvent exit = spawn;
        exit.kind = tr::ProcessEvent::Kind::Exit;
        p.onProcess(exit);
    });
    std::set<std::string> seen;
    for (const json& record : lines) {
        const std::string type = record.at("type");
        seen.insert(type);
        checkAgainst(record, schemaDefinition(schema, type), type);
        if (type == "syscall") {
            for (const json& path : record.at("paths"))
                checkAgainst(path, defs.at("pathRef"), "pathRef");
        }
        if (type == "summary") {
            for (const json& path : record.at("paths")) {
                checkAgainst(path, defs.at("summaryPath"), "summaryPath");
            }
            for (const json& f : record.at("findings")) {
                checkAgainst(f, defs.at("findingBody"), "summary finding");
            }
            checkAgainst(record.at("counts"), defs.at("summary").at("properties").at("counts"),
                         "counts");
            checkAgainst(record.at("exit"), defs.at("summary").at("properties").at("exit"), "exit");
        }
    }
    CHECK(seen == std::set<std::string>{"start", "syscall", "process", "finding", "summary"});
}
