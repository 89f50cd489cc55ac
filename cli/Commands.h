// The subcommands: each registers its options on the CLI11 app and runs after parsing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace scratch::cli {

/// A subcommand's body; returns the process exit status.
using CommandBody = std::function<int()>;

/// `run [OPTIONS] ROOTFS COMMAND [ARG...]`
CommandBody addRunCommand(CLI::App& app);
/// `rootfs create DIR [--force]`
CommandBody addRootfsCommand(CLI::App& app);
/// `report TRACE.jsonl [--format F] [-o FILE]`
CommandBody addReportCommand(CLI::App& app);
/// `diff A.jsonl B.jsonl`
CommandBody addDiffCommand(CLI::App& app);

}  // namespace scratch::cli
