// Tests: an io_uring whose submissions a kernel thread polls (IORING_SETUP_SQPOLL): the workload
// submits an IORING_OP_OPENAT of argv[1] (default /etc/passwd) without any syscall at all, so no
// tracer can see it, decoded or not; the verdict must be inconclusive. Prints
// "io_uring_sqpoll: OPENAT(PATH) = RES", or SKIP when SQPOLL rings are not available; exits 0.
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : "/etc/passwd";
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SQPOLL;
    p.sq_thread_idle = 2000;
    const int ring = (int)syscall(__NR_io_uring_setup, 4, &p);
    if (ring < 0) {
        printf("SKIP: io_uring_setup(SQPOLL): %s\n", strerror(errno));
        return 0;
    }
    const size_t sqSize = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    const size_t cqSize = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    char* sq = mmap(NULL, sqSize, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQ_RING);
    char* cq = mmap(NULL, cqSize, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_CQ_RING);
    struct io_uring_sqe* sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
                                     PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQES);
    if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
        printf("SKIP: io_uring mmap: %s\n", strerror(errno));
        return 0;
    }
    struct io_uring_sqe* sqe = &sqes[0];
    memset(sqe, 0, sizeof *sqe);
    sqe->opcode = IORING_OP_OPENAT;
    sqe->fd = AT_FDCWD;
    sqe->addr = (unsigned long)path;
    sqe->open_flags = O_RDONLY;
    unsigned* tail = (unsigned*)(sq + p.sq_off.tail);
    unsigned* array = (unsigned*)(sq + p.sq_off.array);
    array[*tail & *(unsigned*)(sq + p.sq_off.ring_mask)] = 0;
    __atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
    // No io_uring_enter unless the poller went to sleep: the kernel thread takes the entry.
    if (__atomic_load_n((unsigned*)(sq + p.sq_off.flags), __ATOMIC_ACQUIRE) &
        IORING_SQ_NEED_WAKEUP) {
        syscall(__NR_io_uring_enter, ring, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0);
    }
    unsigned* cqHead = (unsigned*)(cq + p.cq_off.head);
    unsigned* cqTail = (unsigned*)(cq + p.cq_off.tail);
    for (int i = 0; i < 2000; ++i) {
        if (__atomic_load_n(cqTail, __ATOMIC_ACQUIRE) != *cqHead) break;
        const struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    if (__atomic_load_n(cqTail, __ATOMIC_ACQUIRE) == *cqHead) {
        printf("SKIP: no completion from the SQPOLL thread\n");
        return 0;
    }
    const struct io_uring_cqe* cqes = (const struct io_uring_cqe*)(cq + p.cq_off.cqes);
    const int res = cqes[*cqHead & *(unsigned*)(cq + p.cq_off.ring_mask)].res;
    printf("io_uring_sqpoll: OPENAT(%s) = %d\n", path, res);
    return 0;
}
