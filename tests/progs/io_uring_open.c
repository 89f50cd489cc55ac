// Tests: io_uring as a blind spot. An IORING_OP_OPENAT runs inside the kernel without an openat
// syscall, so ptrace never sees its path; the tracer must warn that io_uring was used. Opens
// argv[1] (default /etc/passwd). Prints SKIP and exits 0 when io_uring is unavailable.
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : "/etc/passwd";
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    int ring = (int)syscall(__NR_io_uring_setup, 4, &p);
    if (ring < 0) {
        printf("SKIP: io_uring_setup: %s\n", strerror(errno));
        return 0;
    }
    size_t sqSize = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cqSize = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
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
    int n = (int)syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0);
    if (n < 0) {
        printf("SKIP: io_uring_enter: %s\n", strerror(errno));
        return 0;
    }
    unsigned head = __atomic_load_n((unsigned*)(cq + p.cq_off.head), __ATOMIC_ACQUIRE);
    struct io_uring_cqe* cqes = (struct io_uring_cqe*)(cq + p.cq_off.cqes);
    int res = cqes[head & *(unsigned*)(cq + p.cq_off.ring_mask)].res;
    printf("io_uring_open: IORING_OP_OPENAT(%s) = %d%s\n", path, res, res < 0 ? " (error)" : "");
    return res >= 0 ? 0 : 1;
}
