// The standard streams the command was started with (a terminal, a pipe, a log file) are the
// container's on purpose, as in every runtime: using them is not a leak, through fds 0-2, their
// dups, or a path that reaches the same object (/proc/self/fd/0, /dev/stdin) as long as the
// new open asks for no more than the stream was opened with.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "tracer/Events.h"

namespace scratch::tracer {

/// The command's fds 0-2 as objects, with the access each was opened with.
class StdStreams {
  public:
    /// Records one stream: `ref` as resolved, `accessMode` its O_ACCMODE (from fdinfo). A
    /// directory there would be a way out: never recorded.
    void add(const PathRef& ref, int accessMode);

    /// Whether an fd use refers to one of the streams (the same open file or a dup of it).
    bool isStream(const PathRef& ref) const;

    /// Whether a path use reaches one of the streams with no wider access than it has.
    bool coversPath(const PathRef& ref) const;

    /// The O_ACCMODE of fd `fd` of task `tid`, from /proc/TID/fdinfo/FD; -1 when unknown.
    static int accessModeOf(pid_t tid, int fd);

  private:
    struct Stream {
        uint64_t dev = 0;
        uint64_t ino = 0;
        uint8_t allowed = 0;  ///< Access bits a path use may have
    };
    const Stream* find(const PathRef& ref) const;
    std::vector<Stream> streams_;
};

}  // namespace scratch::tracer
