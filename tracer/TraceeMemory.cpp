// process_vm_readv reads of a stopped tracee. One syscall per buffer; strings go page by page,
// because process_vm_readv fails a whole iovec at the first unmapped byte: a string that ends
// just before an unmapped page must still read, so no read may cross into the next page before
// the NUL has been looked for in this one.
#include "tracer/TraceeMemory.h"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace scratch::tracer {

namespace {

size_t pageSize() {
    static const size_t size = [] {
        const long v = sysconf(_SC_PAGESIZE);
        return v > 0 ? static_cast<size_t>(v) : size_t{4096};
    }();
    return size;
}

/// One process_vm_readv call; returns bytes copied (0 on any failure).
size_t readOnce(pid_t tid, uint64_t addr, void* out, size_t len) {
    if (len == 0) return 0;
    iovec local{out, len};
    // NOLINTNEXTLINE(performance-no-int-to-ptr): an address in the tracee, never dereferenced here
    iovec remote{reinterpret_cast<void*>(static_cast<uintptr_t>(addr)), len};
    const ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
    return n > 0 ? static_cast<size_t>(n) : 0;
}

}  // namespace

size_t ProcessMemory::read(uint64_t addr, void* out, size_t len) {
    if (tid_ <= 0 || addr == 0) return 0;
    // A partial read (the range runs into an unmapped page) returns what was copied; retry the
    // rest once, since the kernel stops at the iovec boundary of the failing page.
    size_t done = readOnce(tid_, addr, out, len);
    while (done != 0 && done < len) {
        const size_t more = readOnce(tid_, addr + done, static_cast<char*>(out) + done, len - done);
        if (more == 0) break;
        done += more;
    }
    return done;
}

bool ProcessMemory::readString(uint64_t addr, size_t maxLen, std::string& out, bool* truncated) {
    out.clear();
    if (truncated) *truncated = false;
    if (tid_ <= 0 || addr == 0) return false;
    const size_t page = pageSize();
    char buf[4096];
    // Read one byte past maxLen so that a string of exactly maxLen bytes is not "truncated".
    const size_t want = maxLen + 1;
    size_t total = 0;
    while (total < want) {
        const uint64_t at = addr + total;
        const size_t toPageEnd = page - static_cast<size_t>(at % page);
        const size_t chunk = std::min({toPageEnd, want - total, sizeof buf});
        const size_t got = readOnce(tid_, at, buf, chunk);
        if (got == 0) {
            // Unreadable: nothing at all is a failure; a string cut by unmapped memory is shown
            // as far as it goes and marked truncated.
            if (total == 0) return false;
            if (truncated) *truncated = true;
            return true;
        }
        if (const void* nul = std::memchr(buf, '\0', got)) {
            const auto len = static_cast<size_t>(static_cast<const char*>(nul) - buf);
            out.append(buf, std::min(len, maxLen - std::min(maxLen, total)));
            if (total + len > maxLen && truncated) *truncated = true;
            return true;
        }
        out.append(buf, std::min(got, maxLen - std::min(maxLen, total)));
        total += got;
    }
    if (truncated) *truncated = true;
    return true;
}

}  // namespace scratch::tracer
