#include "tracer/StdStreams.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/UniqueFd.h"

namespace scratch::tracer {

void StdStreams::add(const PathRef& ref, int accessMode) {
    if (!ref.exists || ref.ino == 0 || S_ISDIR(ref.mode)) return;
    Stream s;
    s.dev = ref.dev;
    s.ino = ref.ino;
    // Stat is harmless; creating names nothing new here (the object existed: it matched).
    s.allowed = kAccessStat;
    if (accessMode == O_RDONLY || accessMode == O_RDWR) s.allowed |= kAccessRead;
    if (accessMode == O_WRONLY || accessMode == O_RDWR) {
        s.allowed |= kAccessWrite | kAccessCreate;
    }
    streams_.push_back(s);
}

const StdStreams::Stream* StdStreams::find(const PathRef& ref) const {
    if (streams_.empty() || !ref.exists || ref.ino == 0 || S_ISDIR(ref.mode)) return nullptr;
    for (const Stream& s : streams_) {
        if (s.dev == ref.dev && s.ino == ref.ino) return &s;
    }
    return nullptr;
}

bool StdStreams::isStream(const PathRef& ref) const { return find(ref) != nullptr; }

bool StdStreams::coversPath(const PathRef& ref) const {
    if (find(ref) == nullptr) return false;
    // The same object may be several streams (stdin and stdout both /dev/null), each opened
    // with its own access: any one that allows this use covers it.
    return std::ranges::any_of(streams_, [&ref](const Stream& s) {
        return s.dev == ref.dev && s.ino == ref.ino && (ref.access & ~s.allowed) == 0;
    });
}

int StdStreams::accessModeOf(pid_t tid, int fd) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", tid, fd);
    UniqueFd info(::open(path, O_RDONLY | O_CLOEXEC));
    if (!info) return -1;
    char buf[512];
    const ssize_t n = ::read(info.get(), buf, sizeof buf - 1);
    if (n <= 0) return -1;
    buf[n] = '\0';
    const char* flags = std::strstr(buf, "flags:");
    if (flags == nullptr) return -1;
    return static_cast<int>(std::strtol(flags + 6, nullptr, 8) & O_ACCMODE);
}

}  // namespace scratch::tracer
