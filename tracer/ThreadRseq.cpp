// See ThreadRseq.h.
#include "tracer/ThreadRseq.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#if __has_include(<sys/rseq.h>)
#include <sys/rseq.h>
#endif

namespace scratch::tracer {

namespace {

/// rseq(2) on the calling thread's glibc area with `flags` (0: register, or
/// RSEQ_FLAG_UNREGISTER); false when there is no area or the kernel refused both lengths.
bool threadRseq([[maybe_unused]] int flags) {
#if defined(RSEQ_SIG) && defined(__NR_rseq) && defined(__x86_64__)
    if (__rseq_size == 0) return false;
    uintptr_t threadPointer = 0;
    asm("mov %%fs:0, %0" : "=r"(threadPointer));
    // NOLINTNEXTLINE(performance-no-int-to-ptr): glibc's documented way to find the area
    auto* area = reinterpret_cast<struct rseq*>(threadPointer + __rseq_offset);
    // The kernel wants the length the area was registered with: __rseq_size in glibc 2.35-2.39,
    // 32 (the area's allocation) where __rseq_size names only the features in use.
    for (const unsigned int length : {__rseq_size, 32U}) {
        if (syscall(__NR_rseq, area, length, flags, RSEQ_SIG) == 0) return true;
    }
#endif
    return false;
}

}  // namespace

bool unregisterThreadRseq() {
#if defined(RSEQ_SIG)
    return threadRseq(RSEQ_FLAG_UNREGISTER);  // an enumerator of linux/rseq.h, not a macro
#else
    return false;
#endif
}

bool registerThreadRseq() { return threadRseq(0); }

}  // namespace scratch::tracer
