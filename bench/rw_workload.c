/* Read/write-heavy workload: N small syscalls (default 200000), a quarter each of pwrite and pread
 * of 64 bytes on a 64 KiB file and write and read of 64 bytes through a pipe. Almost none of its
 * syscalls take a path, so a tracer that filters with seccomp-bpf (SECCOMP_RET_TRACE on %file)
 * never stops on them; a tracer that stops at every syscall pays two stops for each.
 * Build static, it runs in a busybox rootfs: gcc -O2 -static -o rw_workload rw_workload.c
 * Usage: rw_workload [N] [FILE]   (FILE defaults to /tmp/rw_workload.dat) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  const char *path = argc > 2 ? argv[2] : "/tmp/rw_workload.dat";
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { perror(path); return 1; }
  int p[2];
  if (pipe(p) != 0) { perror("pipe"); return 1; }
  char out[64], in[64];
  memset(out, 'x', sizeof out);
  for (long i = 0; i < n / 4; i++) {
    off_t off = (off_t)(i % 1024) * (off_t)sizeof out; /* the file stays at 64 KiB */
    if (pwrite(fd, out, sizeof out, off) != (ssize_t)sizeof out) { perror("pwrite"); return 1; }
    if (write(p[1], out, sizeof out) != (ssize_t)sizeof out) { perror("write"); return 1; }
    if (read(p[0], in, sizeof in) != (ssize_t)sizeof in) { perror("read"); return 1; }
    if (pread(fd, in, sizeof in, off) < 0) { perror("pread"); return 1; }
  }
  close(p[0]);
  close(p[1]);
  close(fd);
  unlink(path);
  return 0;
}
