#include "tracer/TaskInvariant.h"

#include <fcntl.h>
#include <sched.h>

namespace scratch::tracer {
namespace {

/// Outside the container, decided by the resolver from the object reached.
bool outside(const PathRef& ref) {
    return ref.where == Where::Host || ref.where == Where::HostProcfs;
}

}  // namespace

TaskInvariant::Member& TaskInvariant::member(const Task& task) {
    Member& m = members_[task.tid];
    if (!m.fs) m.fs = std::make_shared<FsState>();
    m.nspid = task.nstid;
    return m;
}

void TaskInvariant::check(const Task& task, Phase phase, uint64_t seq) {
    if (!enabled_ || phase != Phase::Workload) return;
    Member& m = member(task);
    FsState& fs = *m.fs;
    const TaskIds ids{task.tid, task.tgid, task.nstid, task.nstgid};
    // "/" and "." resolved as the task would: its root and its cwd, as objects.
    resolver_.resolvePath(ids, AT_FDCWD, "/", true, fs.root);
    resolver_.resolvePath(ids, AT_FDCWD, ".", true, fs.cwd);
    fs.rootOutside = outside(fs.root);
    fs.cwdOutside = outside(fs.cwd);
    if (fs.rootOutside || fs.cwdOutside) noteMembers(m.fs, seq);
}

void TaskInvariant::noteMembers(const std::shared_ptr<FsState>& fs, uint64_t seq) {
    for (auto& [tid, m] : members_) {
        if (m.fs != fs) continue;
        if (fs->rootOutside && !m.rootNoted) noteOne(tid, m, fs->root, "root", seq);
        if (fs->cwdOutside && !m.cwdNoted) noteOne(tid, m, fs->cwd, "cwd", seq);
    }
}

void TaskInvariant::noteOne(pid_t tid, Member& m, const PathRef& where, const char* kind,
                            uint64_t seq) {
    (kind[0] == 'r' ? m.rootNoted : m.cwdNoted) = true;
    TracerNote note{TracerNote::Kind::EscapedRoot};
    note.tid = tid;
    note.nspid = m.nspid;
    note.seq = seq;
    note.host = where.host.empty() ? where.resolved : where.host;
    note.where = where.where;
    note.detail = kind;
    listener_.onNote(note);
}

void TaskInvariant::onNewTask(const Task& parent, const Task& child, uint64_t cloneFlags,
                              Phase phase) {
    if (!enabled_) return;
    const std::shared_ptr<FsState> from = member(parent).fs;
    Member& m = member(child);
    if (cloneFlags & CLONE_FS) {
        m.fs = from;
    } else {
        m.fs = std::make_shared<FsState>(*from);
    }
    if (phase != Phase::Workload) return;
    if (cloneFlags & CLONE_NEWNS) {
        check(child, phase, parent.event.seq);  // new mounts: ask again
    } else if (m.fs->rootOutside || m.fs->cwdOutside) {
        noteMembers(m.fs, parent.event.seq);
    }
}

void TaskInvariant::unshareFs(pid_t tid) {
    auto it = members_.find(tid);
    if (it == members_.end() || it->second.fs.use_count() == 1) return;
    it->second.fs = std::make_shared<FsState>(*it->second.fs);
}

void TaskInvariant::renamed(pid_t from, pid_t to) {
    auto it = members_.find(from);
    if (it == members_.end()) return;
    Member moved = std::move(it->second);
    members_.erase(it);
    members_[to] = std::move(moved);
}

}  // namespace scratch::tracer
