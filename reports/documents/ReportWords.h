// The sentences the document reports (Markdown, HTML) share, so both say the same thing.
#pragma once

#include <string>

#include "reports/RunInfo.h"
#include "reports/RunSummary.h"
#include "reports/documents/ProcessTree.h"

namespace scratch::reports {

/// The command as one line (display text of each word).
std::string commandText(const std::vector<std::string>& command);
/// "0 after 0.009 s", with signal, timeout and interruption.
std::string exitSentence(const RunEnd& end);
/// "memory 64 MiB (hit: 1 OOM kill), pids 20 (hit: 37 forks refused), cpus 0.5 (throttled in
/// 40 of 52 periods)": the cgroup limits and whether they were reached.
std::string limitsSentence(const CgroupSummary& cgroup);
/// "51 syscalls (1 failed), 2 processes, 0 threads, 1 exec".
std::string countsSentence(const RunCounts& counts);
/// What the verdict means, one sentence after the verdict line.
std::string verdictSentence(const RunSummary& summary);
/// "pid 4026532211 (host 4026531836), ...; shared with the host: net 4026531840, ...", or "".
std::string namespaceInodesSentence(const std::vector<NamespaceInode>& namespaces);
/// What a --root-mode value means.
std::string rootModeMeaning(RootMode mode);
/// What a --proc value means.
std::string procModeMeaning(ProcMode mode);
/// "31337 / container 1" or "31336 (host only)".
std::string pidsText(pid_t tid, pid_t nspid);
/// "exited 0", "killed by SIGKILL", "still running at the end".
std::string taskEnd(const TaskNode& node);
/// "93 syscalls: mount x16, prctl x30, ..." (the most frequent first, at most 8 names), or
/// "none".
std::string setupSentence(const SyscallStats& setup);
/// Rows of the syscall table kept in the reports (strace -c has them all).
inline constexpr size_t kMaxReportRows = 500;

}  // namespace scratch::reports
