// A syscall record's "raw" and "capture" (reports/replay/CaptureFields.h) carry what the live
// decoding read, so that the reader gets back an event that renders exactly as the live one
// did; the start record's "decode" carries the run's -s, -v and -x.
#include <catch2/catch.hpp>
#include <cstring>
#include <sstream>

#include "reports/outputs/JsonRecords.h"
#include "reports/replay/CaptureFields.h"
#include "reports/replay/JsonTraceReader.h"
#include "support/FakeMemory.h"
#include "tracer/DecodeCapture.h"

using namespace scratch;

namespace {

/// An openat of "/etc/passwd" returning fd 3, captured as the tracer captures it.
tracer::SyscallEvent capturedOpenat() {
    const tracer::SyscallInfo* info = tracer::findSyscall("openat");
    REQUIRE(info != nullptr);
    testing::FakeMemory mem;
    mem.put(0x20000, std::string("/etc/passwd") + '\0');
    std::string name = "/etc/passwd";
    const tracer::FdNamer namer = [&name](int fd) -> const std::string* {
        return fd == 3 ? &name : nullptr;
    };
    tracer::SyscallEvent ev;
    ev.seq = 7;
    ev.tid = ev.tgid = 100;
    ev.name = std::string(info->name);
    ev.nr = 257;
    ev.setInfo(info);
    const uint64_t args[6] = {static_cast<uint64_t>(-100), 0x20000, 0x80000, 0, 0, 0};
    std::memcpy(ev.rawArgs, args, sizeof args);
    tracer::captureEntry(*info, args, mem, namer, tracer::DecodeOptions{}, ev.decodeCapture);
    tracer::captureExit(*info, args, 3, mem, namer, tracer::DecodeOptions{}, ev.decodeCapture);
    ev.ret = 3;
    ev.finished = true;
    ev.decodeDeferred = true;
    tracer::completeDecoding(ev, tracer::DecodeOptions{});
    return ev;
}

/// The record the JSON writer makes for `ev`, read back.
tracer::SyscallEvent roundTrip(const std::string& line) {
    std::istringstream in(reports::startRecord(reports::RunInfo{}).dump() + "\n" + line + "\n");
    reports::JsonTraceReader reader(in, "test");
    reports::TraceRecord record;
    REQUIRE(reader.next(record));  // the start record
    REQUIRE(reader.next(record));
    REQUIRE(record.type == reports::TraceRecord::Type::Syscall);
    return record.syscall;
}

/// The message roundTrip fails with, "" when it does not.
std::string errorOf(const std::string& line) {
    std::istringstream in(reports::startRecord(reports::RunInfo{}).dump() + "\n" + line + "\n");
    reports::JsonTraceReader reader(in, "test");
    reports::TraceRecord record;
    try {
        while (reader.next(record)) {
        }
    } catch (const std::exception& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a syscall record carries its registers and capture, and reads back rendering the same",
          "[reports][json][capture]") {
    const tracer::SyscallEvent live = capturedOpenat();
    REQUIRE(live.args.size() == 3);
    CHECK(live.retText == "3</etc/passwd>");
    std::string line;
    reports::appendSyscallRecord(line, live);
    CHECK(line.find(R"("raw":["0xffffffffffffff9c","0x20000","0x80000"],"capture":")") !=
          std::string::npos);

    tracer::SyscallEvent read = roundTrip(line);
    CHECK(read.decodeDeferred);
    CHECK(read.decodeCapture == live.decodeCapture);
    for (int i = 0; i < 6; ++i) CHECK(read.rawArgs[i] == live.rawArgs[i]);
    read.args = {"stale"};
    read.retText = "stale";
    tracer::completeDecoding(read, tracer::DecodeOptions{});
    CHECK(read.args == live.args);
    CHECK(read.retText == live.retText);

    // Without the fields (a trace from before them): shown from its text, nothing to render.
    tracer::SyscallEvent plain = live;
    plain.decodeCapture.clear();
    std::string oldLine;
    reports::appendSyscallRecord(oldLine, plain);
    CHECK(oldLine.find("\"capture\"") == std::string::npos);
    const tracer::SyscallEvent old = roundTrip(oldLine);
    CHECK_FALSE(old.decodeDeferred);
    CHECK(old.args == live.args);
}

TEST_CASE("malformed raw or capture fields are errors with the line, not crashes",
          "[reports][json][capture]") {
    const tracer::SyscallEvent live = capturedOpenat();
    std::string line;
    reports::appendSyscallRecord(line, live);
    const auto replaced = [&line](const std::string& from, const std::string& to) {
        std::string out = line;
        out.replace(out.find(from), from.size(), to);
        return out;
    };
    const std::string notHex = errorOf(replaced("\"0x20000\"", "\"zz\""));
    CHECK(notHex.find("test:2:") != std::string::npos);
    CHECK(notHex.find("not a hex number") != std::string::npos);
    CHECK(errorOf(replaced("\"0x20000\"", "7")).find("hex strings") != std::string::npos);
    CHECK(errorOf(replaced("\"capture\":\"", "\"capture\":7,\"x\":\""))
              .find("\"capture\" must be a string") != std::string::npos);
    // A capture of garbage renders what it can and never reads out of bounds.
    tracer::SyscallEvent garbage = roundTrip(replaced("\"capture\":\"", "\"capture\":\"AVN"));
    CHECK(garbage.decodeDeferred);
    tracer::completeDecoding(garbage, tracer::DecodeOptions{});
    CHECK(garbage.args.size() == 3);
}

TEST_CASE("the start record keeps the run's rendering options when they are not the defaults",
          "[reports][json][capture]") {
    reports::RunInfo info;
    CHECK(reports::decodeIsDefault(info));
    info.decodeStringLimit = 64;
    info.decodeVerboseEnv = true;
    info.decodeHexStrings = tracer::HexStrings::All;
    CHECK_FALSE(reports::decodeIsDefault(info));
    const nlohmann::json start = {{"decode", reports::decodeObject(info)}};
    CHECK(start["decode"]["hex_strings"] == "all");
    reports::RunInfo back;
    reports::readDecodeObject(start, back);
    CHECK(back.decodeStringLimit == 64);
    CHECK(back.decodeVerboseEnv);
    CHECK(back.decodeHexStrings == tracer::HexStrings::All);
}
