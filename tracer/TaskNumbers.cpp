#include "tracer/TaskNumbers.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace scratch::tracer {
namespace {

// From <linux/nsfs.h> of Linux 6.11; Debian 12's headers predate them.
constexpr unsigned long kNsIo = 0xb7;
constexpr unsigned long kGetPidInPidns = _IOR(kNsIo, 0x8, int);
constexpr unsigned long kGetTgidInPidns = _IOR(kNsIo, 0x9, int);

/// How many namespace fds are kept open; past that the oldest is closed.
constexpr size_t kNamespacesKept = 64;

bool namespaceOf(const char* link, std::pair<uint64_t, uint64_t>& id) {
    struct stat st {};
    if (::stat(link, &st) != 0) return false;
    id = {st.st_dev, st.st_ino};
    return true;
}

/// The number `pid` (in the tracer's namespace) has in the namespace `nsFd`; <= 0 on failure.
pid_t translate(int nsFd, unsigned long request, pid_t pid) {
    const int n = ::ioctl(nsFd, request, static_cast<unsigned long>(pid));
    return n > 0 ? static_cast<pid_t>(n) : 0;
}

}  // namespace

TaskNumbersReader::TaskNumbersReader() {
    ownNamespaceFd_.reset(::open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC));
    if (!ownNamespaceFd_ || !namespaceOf("/proc/self/ns/pid", ownNamespace_)) ioctlsWork_ = false;
}

int TaskNumbersReader::namespaceFd(pid_t tid, std::pair<uint64_t, uint64_t> id) {
    if (id == ownNamespace_) return ownNamespaceFd_.get();
    if (auto it = namespaces_.find(id); it != namespaces_.end()) return it->second.get();
    char link[64];
    snprintf(link, sizeof link, "/proc/%d/ns/pid", tid);
    UniqueFd fd(::open(link, O_RDONLY | O_CLOEXEC));
    if (!fd) return -1;
    // Only an fd of the namespace the stat named: the task may have died and its tid been
    // reused in between.
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || std::pair<uint64_t, uint64_t>{st.st_dev, st.st_ino} != id) {
        return -1;
    }
    if (namespaces_.size() >= kNamespacesKept) namespaces_.erase(namespaces_.begin());
    return namespaces_.emplace(id, std::move(fd)).first->second.get();
}

bool TaskNumbersReader::read(pid_t tid, TaskIds& out) {
    out.tid = tid;
    if (ioctlsWork_) {
        char link[64];
        snprintf(link, sizeof link, "/proc/%d/ns/pid", tid);
        std::pair<uint64_t, uint64_t> id;
        if (!namespaceOf(link, id)) return false;  // gone
        const pid_t tgid = translate(ownNamespaceFd_.get(), kGetTgidInPidns, tid);
        if (tgid > 0) {
            out.tgid = tgid;
            out.nstid = out.nstgid = 0;
            if (id == ownNamespace_) return true;
            const int nsFd = namespaceFd(tid, id);
            if (nsFd >= 0) {
                out.nstid = translate(nsFd, kGetPidInPidns, tid);
                out.nstgid = translate(nsFd, kGetTgidInPidns, tid);
                if (out.nstid > 0 && out.nstgid > 0) return true;
            }
        } else if (errno == ENOTTY || errno == EINVAL) {
            ioctlsWork_ = false;  // a kernel before 6.11
        }
    }
    return readStatus(tid, out);
}

bool TaskNumbersReader::readStatus(pid_t tid, TaskIds& out) {
    out.tid = tid;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) return false;
    buf[n] = '\0';
    auto lastNumber = [&](const char* key) -> long {
        const char* line = strstr(buf, key);
        if (line == nullptr) return 0;
        line += strlen(key);
        const char* end = strchr(line, '\n');
        if (end == nullptr) end = buf + n;
        // The innermost namespace's number is the last on the line.
        const char* p = end;
        while (p > line && (p[-1] == ' ' || p[-1] == '\t')) --p;
        while (p > line && p[-1] >= '0' && p[-1] <= '9') --p;
        return strtol(p, nullptr, 10);
    };
    out.tgid = static_cast<pid_t>(lastNumber("\nTgid:"));
    // NSpid has one number per PID namespace level; only more than one means "in a container".
    const char* nsline = strstr(buf, "\nNSpid:");
    int levels = 0;
    if (nsline != nullptr) {
        const char* end = strchr(nsline + 1, '\n');
        for (const char* p = nsline + 7; end != nullptr && p < end; ++p) {
            if (*p >= '0' && *p <= '9' && (p[-1] == ' ' || p[-1] == '\t')) ++levels;
        }
    }
    if (levels > 1) {
        out.nstid = static_cast<pid_t>(lastNumber("\nNSpid:"));
        out.nstgid = static_cast<pid_t>(lastNumber("\nNStgid:"));
    } else {
        out.nstid = out.nstgid = 0;
    }
    return true;
}

}  // namespace scratch::tracer
