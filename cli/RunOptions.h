// The options of `run`, as parsed, and how they become outputs.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "container/Spec.h"
#include "reports/Pipeline.h"
#include "tracer/ArgDecoder.h"

namespace scratch::cli {

/// Everything `run` was given.
struct RunOptions {
    container::Spec spec;
    std::vector<std::string> rest;   ///< ROOTFS COMMAND [ARG...]
    std::string outputFile;          ///< -o: the live log goes here instead of stderr
    bool quiet = false;              ///< -q: no live log
    std::string jsonFile;            ///< --json
    std::string reportFile;          ///< --report (.md, .html, .json)
    std::string seccompProfile;      ///< --seccomp-profile: OCI profile of the workload's calls
    std::vector<std::string> exprs;  ///< -e trace=... / status=...
    std::string filterText;          ///< the -e expressions joined, for the record
    bool summary = false;            ///< -c: the per-syscall table instead of the log
    bool summaryWithLog = false;     ///< -C: the table and the log
    bool setup = false;  ///< --setup: the runtime's setup in the tables too (not only the workload)
    int follow = 0;      ///< -f / -ff (following is always on; -ff -o: FILE.TID)
    int fdPaths = 0;     ///< -y / -yy (fd paths are always shown)
    int hexStrings = 0;  ///< -x / -xx
    bool relativeTimes = false;           ///< -r
    bool onlySuccessful = false;          ///< -z
    bool onlyFailed = false;              ///< -Z
    std::vector<std::string> tracePaths;  ///< -P PATH
    std::vector<std::string> attachPids;  ///< -p PID: refused with the reason
    int timestamps = 0;                   ///< -t (seconds), -tt (microseconds)
    bool durations = false;               ///< -T
    bool failOnLeak = false;
    double timeoutSeconds = 0;
    bool noPin = false;
    std::optional<std::string> memoryLimit;  ///< --memory, parsed by parseLimits()
    std::optional<std::string> pidsLimit;    ///< --pids
    std::optional<std::string> cpusLimit;    ///< --cpus
    tracer::DecodeOptions decode;
};

/// Registers `run` and its options on app.
CLI::App* addRunOptions(CLI::App& app, RunOptions& opts);

/// Parses --memory, --pids and --cpus into opts.spec.limits. Throws scratch::Error (exit 2).
void parseLimits(RunOptions& opts);

/// Adds the sinks the options ask for to the pipeline, opening every output file now.
/// Returns whether any sink shows decoded arguments (if not, the tracer skips decoding).
bool buildSinks(RunOptions& opts, reports::Pipeline& pipeline);

}  // namespace scratch::cli
