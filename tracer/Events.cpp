// An event's table row by index: records cross from the tracer to the writer (another thread or
// process), so they name their row by its place in the table, never by a pointer.
#include "tracer/Events.h"

namespace scratch::tracer {

const SyscallInfo* SyscallEvent::info() const {
    if (row == kNoRow) return nullptr;
    if (row == kGenericRow) return &lookupSyscall(arch, nr);
    const auto table = allSyscalls();
    return row < table.size() ? &table[row] : nullptr;
}

void SyscallEvent::setInfo(const SyscallInfo* info) {
    if (info == nullptr) {
        row = kNoRow;
    } else if (const auto index = tableRowIndex(*info)) {
        row = static_cast<uint32_t>(*index);
    } else {
        row = kGenericRow;
    }
}

}  // namespace scratch::tracer
