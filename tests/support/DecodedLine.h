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

/// The row and options a call is decoded with when it is not the x86_64 default: the arch of
/// the stop and its number there (the deferred decoding takes the arch from the event), and -s.
struct CallAbi {
    tracer::Arch arch = tracer::Arch::X86_64;
    int nr = 0;
    size_t maxString = tracer::DecodeOptions{}.maxString;
};

/// The line of call `info` (named `name`) with arguments `raw` and return `ret`, the tracee's
/// memory `mem` at the entry and `atExit` (or `mem`) at the exit, fds named by `names`, on `abi`
/// if given (else x86_64's defaults). A deferrable call is decoded the deferred way too, and
/// must come out the same.
inline std::string decodedLineOf(const tracer::SyscallInfo& info, std::string_view name,
                                 const std::vector<uint64_t>& raw, int64_t ret, FakeMemory& mem,
                                 const tracer::FdNamer& names, FakeMemory* atExit,
                                 const CallAbi* abi) {
    using namespace scratch::tracer;
    FakeMemory& exitMem = atExit != nullptr ? *atExit : mem;
    DecodeOptions opts;
    if (abi != nullptr) {
        opts.arch = abi->arch;
        opts.maxString = abi->maxString;
    }
    uint64_t args[6] = {};
    for (size_t i = 0; i < raw.size() && i < 6; ++i) args[i] = raw[i];
    std::vector<std::string> out;
    decodeEntry(info, args, mem, names, opts, out);
    decodeExit(info, args, ret, exitMem, names, opts, out);
    std::string retText = formatReturn(info, args, ret, names, opts);
    decorateDepthReturn(info, args, ret, exitMem, names, opts, retText);
    const std::string live = joinLine(name, out, retText);

    if (!deferrable(info)) return live;  // decoded at the stops only
    SyscallEvent ev;
    if (abi != nullptr) {
        ev.arch = abi->arch;
        ev.nr = abi->nr;
    }
    ev.setInfo(&info);
    std::memcpy(ev.rawArgs, args, sizeof args);
    ev.ret = ret;
    ev.finished = true;
    captureEntry(info, args, mem, names, opts, ev.decodeCapture);
    captureExit(info, args, ret, exitMem, names, opts, ev.decodeCapture);
    ev.decodeDeferred = true;
    DecodeOptions session;  // the session's options; the arch comes from the event
    session.maxString = opts.maxString;
    completeDecoding(ev, session);
    CHECK(joinLine(name, ev.args, ev.retText) == live);
    return live;
}

/// The line of the x86_64 call `name` with arguments `raw` and return `ret`, the tracee's
/// memory `mem` at the entry and `atExit` (or `mem`) at the exit, fds named by `names`. A
/// deferrable call is decoded the deferred way too, and must come out the same.
inline std::string decodedLine(std::string_view name, const std::vector<uint64_t>& raw, int64_t ret,
                               FakeMemory& mem, const tracer::FdNamer& names,
                               FakeMemory* atExit = nullptr) {
    const tracer::SyscallInfo* info = tracer::findSyscall(name);
    REQUIRE(info != nullptr);
    return decodedLineOf(*info, name, raw, ret, mem, names, atExit, nullptr);
}

}  // namespace scratch::testing
