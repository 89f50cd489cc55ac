// strace -y shows an fd whose file was unlinked while open as `3</tmp/x>(deleted)`. The fd table
// keeps the path from the open, so the session marks such fds itself, and only after a
// successful call that removed names (unlink, rmdir, rename over a file): for each object the
// call's paths named, one fstat through /proc when some open fd refers to it.
#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tracer/Session.h"
#include "tracer/Task.h"

namespace scratch::tracer {

void Session::markDeletedFds(const SyscallEvent& ev) {
    if (filtered_) return;  // the fd table is not kept then
    std::vector<FdTable*> tables;
    for (auto& [tid, task] : tasks_) {
        FdTable* table = task->fds.get();
        if (table != nullptr && std::find(tables.begin(), tables.end(), table) == tables.end()) {
            tables.push_back(table);
        }
    }
    for (const PathRef& ref : ev.paths) {
        if (ref.fd >= 0 || ref.ino == 0 || !ref.exists) continue;  // path arguments that existed
        // Is some fd of that object open, and has the object no name left?
        bool gone = false;
        for (auto& [tid, task] : tasks_) {
            const int fd = task->fds ? task->fds->fdOf(ref.dev, ref.ino) : -1;
            if (fd < 0) continue;
            struct stat st {};
            const std::string link = "/proc/" + std::to_string(tid) + "/fd/" + std::to_string(fd);
            gone = ::stat(link.c_str(), &st) == 0 && st.st_ino == ref.ino && st.st_nlink == 0;
            break;
        }
        if (!gone) continue;
        for (FdTable* table : tables) table->markDeleted(ref.dev, ref.ino);
    }
}

}  // namespace scratch::tracer
