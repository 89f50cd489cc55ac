// One call decoded the way the log shows it, for the decoders' unit tests: "name(args) = ret"
// from the live decoding (entry, exit, return and its decorations), checked to be the line the
// deferred decoding (capture at the stops, render later) makes too.
#pragma once

#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "support/FakeMemory.h"
#include "tracer/ArgDecoder.h"
#include "tracer/DecodeCapture.h"
#include "tracer/Events.h"
#include "tracer/StructRoleDispatch.h"
#include "tracer/SyscallTable.h"

namespace scratch::testing {

/// "name(a, b) = ret" from decoded arguments and a return text.
inline std::string joinLine(std::string_view name, const std::vector<std::string>& args,
                            const std::string& ret) {
    std::string text = std::string(name) + "(";
    for (size_t i = 0; i < args.size(); ++i) text += (i ? ", " : "") + args[i];
    return text + ") = " + ret;
}

/// The line of call `name` with arguments `raw` and return `ret`, the tracee's memory `mem` at
/// the entry and `atExit` (or `mem`) at the exit, fds named by `names`. A deferrable call is
/// decoded the deferred way too, and must come out the same.
inline std::string decodedLine(std::string_view name, const std::vector<uint64_t>& raw, int64_t ret,
                               FakeMemory& mem, const tracer::FdNamer& names,
                               FakeMemory* atExit = nullptr) {
    using namespace scratch::tracer;
    const SyscallInfo* info = findSyscall(name);
    REQUIRE(info != nullptr);
    FakeMemory& exitMem = atExit != nullptr ? *atExit : mem;
    const DecodeOptions opts;
    uint64_t args[6] = {};
    for (size_t i = 0; i < raw.size() && i < 6; ++i) args[i] = raw[i];
    std::vector<std::string> out;
    decodeEntry(*info, args, mem, names, opts, out);
    decodeExit(*info, args, ret, exitMem, names, opts, out);
    std::string retText = formatReturn(*info, args, ret, names, opts);
    decorateDepthReturn(*info, args, ret, exitMem, names, opts, retText);
    const std::string live = joinLine(name, out, retText);

    if (!deferrable(*info)) return live;  // decoded at the stops only
    SyscallEvent ev;
    ev.setInfo(info);
    std::memcpy(ev.rawArgs, args, sizeof args);
    ev.ret = ret;
    ev.finished = true;
    captureEntry(*info, args, mem, names, opts, ev.decodeCapture);
    captureExit(*info, args, ret, exitMem, names, opts, ev.decodeCapture);
    ev.decodeDeferred = true;
    completeDecoding(ev, opts);
    CHECK(joinLine(name, ev.args, ev.retText) == live);
    return live;
}

}  // namespace scratch::testing
