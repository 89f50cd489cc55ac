// The tasks of a run as a tree: who made whom, with host and container pids and each exec's
// command line. Built from process records (and syscalls, for tasks that appear without a spawn:
// the first one). Memory grows with the number of tasks, not of events.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "tracer/Events.h"

namespace scratch::reports {

/// One exec of a task.
struct TaskExec {
    int64_t tsNs = 0;
    std::string exe;
    std::vector<std::string> argv;
    tracer::Phase phase = tracer::Phase::Setup;
};

/// One task (thread or process).
struct TaskNode {
    pid_t tid = 0;
    pid_t tgid = 0;
    pid_t nspid = 0;
    pid_t parent = 0;  ///< 0 when not known (the first task)
    bool isThread = false;
    int64_t firstTsNs = 0;
    int64_t lastTsNs = 0;
    std::vector<TaskExec> execs;
    bool exited = false;
    int exitCode = 0;
    int termSignal = 0;
    uint64_t syscalls = 0;
    std::vector<pid_t> children;  ///< in spawn order
};

class ProcessTree {
  public:
    /// Beyond this many tasks, more are only counted (a fork bomb must not take the memory).
    static constexpr size_t kMaxTasks = 20000;

    void add(const tracer::SyscallEvent& event);
    void add(const tracer::ProcessEvent& event);

    /// Tasks in order of first appearance.
    const std::vector<TaskNode>& tasks() const { return tasks_; }
    const TaskNode* find(pid_t tid) const;
    /// Tasks whose parent is unknown or not traced, in order of appearance.
    std::vector<const TaskNode*> roots() const;
    /// Depth-first order from the roots, with each task's depth.
    std::vector<std::pair<const TaskNode*, int>> depthFirst() const;
    /// What the task runs: its last exec's argv, else its nearest ancestor's; empty if none.
    std::string commandLine(const TaskNode& node) const;
    uint64_t omitted() const { return omitted_; }

  private:
    TaskNode* touch(pid_t tid, pid_t tgid, pid_t nspid, int64_t tsNs);

    std::vector<TaskNode> tasks_;
    std::unordered_map<pid_t, size_t> index_;
    uint64_t omitted_ = 0;
};

}  // namespace scratch::reports
