// The JSON fields that let a replay render a syscall again, exactly as the live run did: the raw
// argument values and the decode capture of a syscall record (tracer/DecodeCapture.h), and the
// start record's "decode" (how the run rendered: -s, -v, -x). docs/json.md describes them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reports/RunInfo.h"
#include "tracer/Events.h"

namespace scratch::reports {

/// Appends `,"raw":[...],"capture":"..."` to a syscall record when the event was captured
/// (nothing otherwise: the record is shown from its "args" and "ret_text" then). "raw" holds the
/// six argument registers as hex strings, trailing zeros left out; "capture" the capture in
/// base64.
void appendCaptureFields(std::string& out, const tracer::SyscallEvent& event);

/// Reads them back: rawArgs, decodeCapture, and decodeDeferred set when the record can be
/// rendered from them (both present, the row known, the capture's format one this build reads).
/// Throws std::runtime_error for a malformed field.
void readCaptureFields(const nlohmann::json& record, tracer::SyscallEvent& event);

/// Whether the run rendered with the defaults (-s 32, no -v, no -x): the start record then has
/// no "decode", as traces written before it existed (a replay assumes the defaults).
bool decodeIsDefault(const RunInfo& info);
/// The start record's "decode" object.
nlohmann::ordered_json decodeObject(const RunInfo& info);
/// Reads it into `info` (absent in traces written before it existed: the defaults stay).
void readDecodeObject(const nlohmann::json& start, RunInfo& info);

}  // namespace scratch::reports
