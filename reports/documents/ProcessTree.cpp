#include "reports/documents/ProcessTree.h"

#include <algorithm>

#include "reports/JsonText.h"

namespace scratch::reports {

TaskNode* ProcessTree::touch(pid_t tid, pid_t tgid, pid_t nspid, int64_t tsNs) {
    if (tid <= 0) return nullptr;
    const auto it = index_.find(tid);
    TaskNode* node = nullptr;
    if (it != index_.end()) {
        node = &tasks_[it->second];
    } else {
        if (tasks_.size() >= kMaxTasks) {
            ++omitted_;
            return nullptr;
        }
        index_[tid] = tasks_.size();
        node = &tasks_.emplace_back();
        node->tid = tid;
        node->tgid = tgid > 0 ? tgid : tid;
        node->firstTsNs = tsNs;
        node->isThread = tgid > 0 && tgid != tid;
    }
    if (nspid > 0) node->nspid = nspid;
    node->lastTsNs = std::max(node->lastTsNs, tsNs);
    return node;
}

void ProcessTree::add(const tracer::SyscallEvent& event) {
    if (TaskNode* node = touch(event.tid, event.tgid, event.nspid, event.tsNs + event.durationNs)) {
        ++node->syscalls;
        node->firstTsNs = std::min(node->firstTsNs, event.tsNs);
    }
}

void ProcessTree::add(const tracer::ProcessEvent& event) {
    using Kind = tracer::ProcessEvent::Kind;
    const bool known = index_.contains(event.tid);
    TaskNode* node = touch(event.tid, event.tgid, event.nspid, event.tsNs);
    if (node == nullptr) return;
    switch (event.kind) {
        case Kind::Spawn:
            if (!known) node->firstTsNs = event.tsNs;
            node->isThread = event.isThread;
            if (event.parentTid > 0 && event.parentTid != event.tid && node->parent == 0) {
                node->parent = event.parentTid;
                const auto parent = index_.find(event.parentTid);
                if (parent != index_.end()) {
                    auto& children = tasks_[parent->second].children;
                    if (std::find(children.begin(), children.end(), event.tid) == children.end()) {
                        children.push_back(event.tid);
                    }
                }
            }
            break;
        case Kind::Exec:
            node->execs.push_back({event.tsNs, event.exe, event.argv, event.phase});
            break;
        case Kind::Exit:
            node->exited = true;
            node->exitCode = event.exitCode;
            node->termSignal = event.termSignal;
            break;
    }
}

const TaskNode* ProcessTree::find(pid_t tid) const {
    const auto it = index_.find(tid);
    return it == index_.end() ? nullptr : &tasks_[it->second];
}

std::vector<const TaskNode*> ProcessTree::roots() const {
    std::vector<const TaskNode*> out;
    for (const TaskNode& node : tasks_) {
        if (node.parent == 0 || find(node.parent) == nullptr) out.push_back(&node);
    }
    return out;
}

std::vector<std::pair<const TaskNode*, int>> ProcessTree::depthFirst() const {
    std::vector<std::pair<const TaskNode*, int>> out;
    std::vector<std::pair<const TaskNode*, int>> stack;
    const auto rootList = roots();
    // Reverse iterators, not std::views::reverse (which clang-tidy 14 cannot parse with
    // libstdc++ 12's <ranges>): pushed in reverse, popped in order.
    // NOLINTNEXTLINE(modernize-loop-convert)
    for (auto it = rootList.rbegin(); it != rootList.rend(); ++it) stack.emplace_back(*it, 0);
    while (!stack.empty()) {
        const auto [node, depth] = stack.back();
        stack.pop_back();
        out.emplace_back(node, depth);
        // NOLINTNEXTLINE(modernize-loop-convert)
        for (auto child = node->children.rbegin(); child != node->children.rend(); ++child) {
            if (const TaskNode* c = find(*child)) stack.emplace_back(c, depth + 1);
        }
    }
    return out;
}

std::string ProcessTree::commandLine(const TaskNode& node) const {
    const TaskNode* at = &node;
    for (int hops = 0; at != nullptr && hops < 64; ++hops) {
        if (!at->execs.empty()) {
            std::string out;
            for (const auto& word : at->execs.back().argv) {
                if (!out.empty()) out += ' ';
                out += displayText(word);
            }
            return out;
        }
        at = at->parent > 0 ? find(at->parent) : nullptr;
    }
    return {};
}

}  // namespace scratch::reports
