// Tests: operations submitted through an io_uring ring, which the kernel runs without a syscall
// of their own. The tracer must read them from the submission queue. Raw syscalls (no liburing)
// so that it links statically. Modes:
//   open PATH [noarray|nommap]  openat PATH through the ring, read it, statx and close it, and
//                        a nop (noarray: IORING_SETUP_NO_SQARRAY, the layout newer liburing
//                        uses; nommap: IORING_SETUP_NO_MMAP, the rings in the program's memory)
//   dirfd FD PATH        openat(FD, PATH) through the ring: FD may be a host directory
//   escape PATH          chroot into a new subdirectory, keep the cwd outside it, and openat
//                        ../../../../PATH through the ring: a chroot escape (needs CAP_SYS_CHROOT)
//   sqpoll PATH          the same openat on an SQPOLL ring (the kernel's thread submits it)
//   undecoded            an IORING_OP_URING_CMD (fails harmlessly on a regular file)
//   fixed PATH           registers PATH's fd, closes it, reads through the registered file
//   secret PATH [FD]     openat(FD or AT_FDCWD, PATH) with PATH in memfd_secret memory, which the
//                        tracer cannot read
//   regring PATH         registers the ring fd itself and opens PATH through it
//                        (IORING_ENTER_REGISTERED_RING: the enter names an index, not an fd)
// Prints "io_uring_ops: <op> = <result>" per op, SKIP and exits 0 when io_uring is unavailable.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef IORING_SETUP_NO_MMAP
#define IORING_SETUP_NO_MMAP (1U << 14)
#endif
#ifndef IORING_SETUP_NO_SQARRAY
#define IORING_SETUP_NO_SQARRAY (1U << 16)
#endif
#define OP_URING_CMD 46

struct ring {
    int fd;
    int enterFd;          // fd, or the registered index with IORING_ENTER_REGISTERED_RING
    unsigned enterFlags;  // IORING_ENTER_REGISTERED_RING or 0
    struct io_uring_params p;
    char* sq;
    char* cq;
    struct io_uring_sqe* sqes;
};

static int setup(struct ring* r, unsigned flags) {
    memset(r, 0, sizeof *r);
    r->p.flags = flags;
    if (flags & IORING_SETUP_SQPOLL) r->p.sq_thread_idle = 2000;
    char* own = NULL;
    if (flags & IORING_SETUP_NO_MMAP) {
        // The program gives the memory: one page for the rings (sq_off/cq_off user_addr are
        // the 64-bit fields after resv1, named resv2 in older headers), one for the SQEs.
        own = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        memcpy((char*)&r->p.cq_off + 32, &(uint64_t){(uintptr_t)own}, 8);
        memcpy((char*)&r->p.sq_off + 32, &(uint64_t){(uintptr_t)own + 4096}, 8);
    }
    r->fd = (int)syscall(__NR_io_uring_setup, 8, &r->p);
    r->enterFd = r->fd;
    if (r->fd < 0) {
        printf("SKIP: io_uring_setup: %s\n", strerror(errno));
        exit(0);
    }
    if (own != NULL) {
        r->sq = r->cq = own;
        r->sqes = (struct io_uring_sqe*)(own + 4096);
        return 0;
    }
    size_t sqSize = r->p.sq_off.array + r->p.sq_entries * sizeof(unsigned);
    size_t cqSize = r->p.cq_off.cqes + r->p.cq_entries * sizeof(struct io_uring_cqe);
    if (cqSize > sqSize) sqSize = cqSize;
    // IORING_FEAT_SINGLE_MMAP: one mapping holds both rings.
    r->sq = mmap(NULL, sqSize, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, IORING_OFF_SQ_RING);
    r->cq = r->sq;
    r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
                   MAP_SHARED, r->fd, IORING_OFF_SQES);
    if (r->sq == MAP_FAILED || r->sqes == MAP_FAILED) {
        printf("SKIP: io_uring mmap: %s\n", strerror(errno));
        exit(0);
    }
    return 0;
}

static struct io_uring_sqe* next_sqe(struct ring* r) {
    unsigned* tail = (unsigned*)(r->sq + r->p.sq_off.tail);
    unsigned mask = *(unsigned*)(r->sq + r->p.sq_off.ring_mask);
    unsigned index = *tail & mask;
    if (!(r->p.flags & IORING_SETUP_NO_SQARRAY)) {
        ((unsigned*)(r->sq + r->p.sq_off.array))[index] = index;
    }
    struct io_uring_sqe* sqe = &r->sqes[index];
    memset(sqe, 0, sizeof *sqe);
    return sqe;
}

static void publish(struct ring* r, unsigned n) {
    unsigned* tail = (unsigned*)(r->sq + r->p.sq_off.tail);
    __atomic_store_n(tail, *tail + n, __ATOMIC_RELEASE);
}

/// Submits what was queued and waits for one completion; returns its res.
static int submit_wait(struct ring* r, unsigned n, const char* what) {
    publish(r, n);
    unsigned flags = IORING_ENTER_GETEVENTS;
    if (r->p.flags & IORING_SETUP_SQPOLL) {
        // The kernel's thread takes the entry; wake it if it went idle, then wait.
        unsigned sqFlags =
            __atomic_load_n((unsigned*)(r->sq + r->p.sq_off.flags), __ATOMIC_ACQUIRE);
        if (sqFlags & IORING_SQ_NEED_WAKEUP) flags |= IORING_ENTER_SQ_WAKEUP;
        n = 0;
    }
    int rc = (int)syscall(__NR_io_uring_enter, r->enterFd, n, 1, flags | r->enterFlags, NULL, 0);
    if (rc < 0) {
        printf("SKIP: io_uring_enter: %s\n", strerror(errno));
        exit(0);
    }
    unsigned* head = (unsigned*)(r->cq + r->p.cq_off.head);
    unsigned tail = __atomic_load_n((unsigned*)(r->cq + r->p.cq_off.tail), __ATOMIC_ACQUIRE);
    while (*head == tail) {  // SQPOLL: the completion may come a little later
        syscall(__NR_io_uring_enter, r->enterFd, 0, 1, IORING_ENTER_GETEVENTS | r->enterFlags, NULL,
                0);
        tail = __atomic_load_n((unsigned*)(r->cq + r->p.cq_off.tail), __ATOMIC_ACQUIRE);
    }
    int res = 0;
    unsigned mask = *(unsigned*)(r->cq + r->p.cq_off.ring_mask);
    struct io_uring_cqe* cqes = (struct io_uring_cqe*)(r->cq + r->p.cq_off.cqes);
    for (unsigned h = *head; h != tail; ++h) {  // the last one's result
        res = cqes[h & mask].res;
        printf("io_uring_ops: %s = %d\n", what, res);
    }
    __atomic_store_n(head, tail, __ATOMIC_RELEASE);
    return res;
}

static int ring_openat(struct ring* r, int dirfd, const char* path) {
    struct io_uring_sqe* sqe = next_sqe(r);
    sqe->opcode = IORING_OP_OPENAT;
    sqe->fd = dirfd;
    sqe->addr = (uintptr_t)path;
    sqe->open_flags = O_RDONLY;
    sqe->user_data = 1;
    return submit_wait(r, 1, "openat");
}

static int ring_read(struct ring* r, int fd, int fixed, char* buf, unsigned len) {
    struct io_uring_sqe* sqe = next_sqe(r);
    sqe->opcode = IORING_OP_READ;
    sqe->fd = fd;
    if (fixed) sqe->flags = IOSQE_FIXED_FILE;
    sqe->addr = (uintptr_t)buf;
    sqe->len = len;
    sqe->user_data = 2;
    return submit_wait(r, 1, "read");
}

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "open";
    struct ring r;
    static char buf[4096];
    if (strcmp(mode, "open") == 0) {
        const char* path = argc > 2 ? argv[2] : "/etc/passwd";
        const int noArray = argc > 3 && strcmp(argv[3], "noarray") == 0;
        const int noMmap = argc > 3 && strcmp(argv[3], "nommap") == 0;
        setup(&r, noArray ? IORING_SETUP_NO_SQARRAY : noMmap ? IORING_SETUP_NO_MMAP : 0);
        int fd = ring_openat(&r, AT_FDCWD, path);
        if (fd < 0) return 1;
        if (ring_read(&r, fd, 0, buf, sizeof buf) < 0) return 1;
        // statx, nop and close in one submission.
        static struct statx stx;
        struct io_uring_sqe* sqe = next_sqe(&r);
        sqe->opcode = IORING_OP_STATX;
        sqe->fd = AT_FDCWD;
        sqe->addr = (uintptr_t)path;
        sqe->len = STATX_SIZE;
        sqe->off = (uintptr_t)&stx;
        sqe->user_data = 3;
        sqe->flags = IOSQE_IO_LINK;
        publish(&r, 1);
        sqe = next_sqe(&r);
        sqe->opcode = IORING_OP_NOP;
        sqe->user_data = 4;
        sqe->flags = IOSQE_IO_LINK;
        publish(&r, 1);
        sqe = next_sqe(&r);
        sqe->opcode = IORING_OP_CLOSE;
        sqe->fd = fd;
        sqe->user_data = 5;
        publish(&r, 1);
        int rc = (int)syscall(__NR_io_uring_enter, r.fd, 3, 3, IORING_ENTER_GETEVENTS, NULL, 0);
        (void)rc;
        submit_wait(&r, 0, "statx/nop/close");  // prints the three results
        return 0;
    }
    if (strcmp(mode, "dirfd") == 0 && argc > 3) {
        setup(&r, 0);
        int fd = ring_openat(&r, atoi(argv[2]), argv[3]);
        if (fd >= 0) ring_read(&r, fd, 0, buf, sizeof buf);
        return 0;
    }
    if (strcmp(mode, "escape") == 0 && argc > 2) {
        setup(&r, 0);
        mkdir("/tmp/uring-jail", 0755);
        if (chdir("/") != 0 || chroot("/tmp/uring-jail") != 0) {
            printf("io_uring_ops: chroot: %s\n", strerror(errno));
            return 0;
        }
        char path[512];
        snprintf(path, sizeof path, "../../../../../../..%s", argv[2]);
        int fd = ring_openat(&r, AT_FDCWD, path);
        if (fd >= 0) ring_read(&r, fd, 0, buf, sizeof buf);
        return 0;
    }
    if (strcmp(mode, "sqpoll") == 0) {
        setup(&r, IORING_SETUP_SQPOLL);
        ring_openat(&r, AT_FDCWD, argc > 2 ? argv[2] : "/etc/passwd");
        return 0;
    }
    if (strcmp(mode, "undecoded") == 0) {
        setup(&r, 0);
        int fd = open("/etc/passwd", O_RDONLY);
        struct io_uring_sqe* sqe = next_sqe(&r);
        sqe->opcode = OP_URING_CMD;
        sqe->fd = fd;
        sqe->user_data = 9;
        submit_wait(&r, 1, "uring_cmd");
        return 0;
    }
    if (strcmp(mode, "fixed") == 0 && argc > 2) {
        setup(&r, 0);
        int fd = open(argv[2], O_RDONLY);
        if (fd < 0) return 1;
        if (syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_FILES, &fd, 1) != 0) {
            printf("SKIP: io_uring_register: %s\n", strerror(errno));
            return 0;
        }
        close(fd);
        return ring_read(&r, 0, 1, buf, sizeof buf) >= 0 ? 0 : 1;
    }
    if (strcmp(mode, "regring") == 0 && argc > 2) {
        setup(&r, 0);
        struct io_uring_rsrc_update reg;
        memset(&reg, 0, sizeof reg);
        reg.offset = -1U;  // the kernel picks the index and writes it back
        reg.data = (unsigned)r.fd;
        if (syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_RING_FDS, &reg, 1) != 1) {
            printf("SKIP: IORING_REGISTER_RING_FDS: %s\n", strerror(errno));
            return 0;
        }
        r.enterFd = (int)reg.offset;
        r.enterFlags = IORING_ENTER_REGISTERED_RING;
        int fd = ring_openat(&r, AT_FDCWD, argv[2]);
        if (fd >= 0) ring_read(&r, fd, 0, buf, sizeof buf);
        return 0;
    }
    if (strcmp(mode, "secret") == 0 && argc > 2) {
        // The path in memfd_secret memory, which no other process (the tracer) can read.
        int secret = (int)syscall(447 /* memfd_secret */, 0);
        char* mem = MAP_FAILED;
        if (secret >= 0 && ftruncate(secret, 4096) == 0) {
            mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, secret, 0);
        }
        if (mem == MAP_FAILED) {
            printf("SKIP: memfd_secret: %s\n", strerror(errno));
            return 0;
        }
        snprintf(mem, 4096, "%s", argv[2]);
        setup(&r, 0);
        int fd = ring_openat(&r, argc > 3 ? atoi(argv[3]) : AT_FDCWD, mem);
        if (fd >= 0) ring_read(&r, fd, 0, buf, sizeof buf);
        return 0;
    }
    fprintf(stderr,
            "usage: io_uring_ops open|dirfd|escape|sqpoll|undecoded|fixed|regring|secret ...\n");
    return 2;
}
