#include "tracer/ExitArgs.h"

#include <fmt/format.h>

#include <algorithm>

#include "tracer/FlagText.h"

namespace scratch::tracer {

namespace {

/// A wait status as strace shows it.
void statusText(std::string& out, int status) {
    const int low = status & 0x7f;
    if (low == 0) {
        out += fmt::format("[{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}]", (status >> 8) & 0xff);
    } else if (low == 0x7f) {
        out += fmt::format("[{{WIFSTOPPED(s) && WSTOPSIG(s) == {}}}]",
                           signalText((status >> 8) & 0xff));
    } else if (status == 0xffff) {
        out += "[{WIFCONTINUED(s)}]";
    } else {
        out += fmt::format("[{{WIFSIGNALED(s) && WTERMSIG(s) == {}{}}}]", signalText(low),
                           (status & 0x80) ? " && WCOREDUMP(s)" : "");
    }
}

}  // namespace

void completeOutBuffer(const ArgContext& c, size_t i, int64_t ret, std::string& out) {
    const uint64_t p = c.args[i];
    const auto filled = static_cast<uint64_t>(ret);
    switch (c.info.args[i]) {
        case ArgRole::RandomOut: {
            // Random bytes: strace forces \xNN for every byte.
            const size_t n = static_cast<size_t>(std::min<uint64_t>(filled, c.opts.maxString));
            std::string buf(n, '\0');
            if (n != 0 && c.mem.read(p, buf.data(), n) != n) return;
            std::string q = "\"";
            for (unsigned char ch : buf) q += fmt::format("\\x{:02x}", ch);
            q += '"';
            if (filled > c.opts.maxString) q += "...";
            out = std::move(q);
            return;
        }
        case ArgRole::CwdOut:
            out = tracedString(c.mem, p, kDecodePathMax);
            return;
        case ArgRole::LinkOut:
            out.clear();
            appendTracedBuffer(out, c.mem, p, filled, kDecodePathMax);
            return;
        default:
            out.clear();  // the address shown at entry; its room is reused
            appendTracedBuffer(out, c.mem, p, filled, c.opts.maxString);
            return;
    }
}

void completePipeFds(const ArgContext& c, size_t i, std::string& out) {
    int32_t fds[2] = {0, 0};
    if (c.mem.read(c.args[i], fds, sizeof fds) == sizeof fds) {
        out =
            "[" + fdText(fds[0], c.fdName, c.opts) + ", " + fdText(fds[1], c.fdName, c.opts) + "]";
    }
}

void completeWaitStatus(const ArgContext& c, size_t i, int64_t ret, std::string& out) {
    if (ret <= 0 || c.args[i] == 0) return;
    int32_t status = 0;
    if (c.mem.read(c.args[i], &status, sizeof status) == sizeof status) {
        out.clear();
        statusText(out, status);
    }
}

void completeSigmaskOut(const ArgContext& c, size_t i, std::string& out) {
    if (c.args[i] == 0) return;
    out = sigsetAt(c.mem, c.args[i], c.args[c.info.nargs - 1]);
}

}  // namespace scratch::tracer
