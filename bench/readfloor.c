/* The floor of a tracer that shows what strace shows: nulltrace (stop at every syscall entry
 * and exit, read the syscall info) plus the tracee-memory reads a faithful log cannot skip,
 * and nothing else: the path string of each path argument at entry (one process_vm_readv,
 * at most to the end of its page, as a string read must), and at exit the buffer the kernel
 * filled for the calls the standard workloads make most (stat buffers, readlink targets, read
 * data, dirents, wait statuses, the old sigaction), the data of a write at entry. No decoding,
 * no attribution, no output. The gap between nulltrace and this is what reading costs any
 * ptrace tracer on this machine; see docs/performance-analysis.md.
 * Usage: [READFLOOR_PATHS=1] readfloor CMD [ARGS...]; prints the stops and the reads to
 * stderr. READFLOOR_PATHS=1 reads the path strings only. x86_64 only. */
#define _GNU_SOURCE

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long reads;
/* READFLOOR_PATHS=1: path strings only (what attributing paths alone must read). */
static int pathsOnly;

/* One process_vm_readv of len bytes at addr, cut at the end of addr's page when `string`. */
static void readRemote(pid_t pid, uint64_t addr, size_t len, int string) {
  static char buf[4096];
  if (string) len = 4096 - (addr % 4096);
  if (addr == 0 || len == 0) return;
  if (len > sizeof buf) len = sizeof buf;
  struct iovec local = {buf, len};
  struct iovec remote = {(void *)(uintptr_t)addr, len};
  process_vm_readv(pid, &local, 1, &remote, 1, 0);
  reads++;
}

/* Entry: the path arguments, and a write's data. */
static void atEntry(pid_t pid, const struct __ptrace_syscall_info *in) {
  const uint64_t *a = in->entry.args;
  switch (in->entry.nr) {
    case SYS_openat: case SYS_newfstatat: case SYS_readlinkat: case SYS_faccessat:
    case SYS_faccessat2: case SYS_mkdirat: case SYS_unlinkat: case SYS_fchmodat:
    case SYS_fchownat: case SYS_statx:
      readRemote(pid, a[1], 0, 1);
      break;
    case SYS_open: case SYS_stat: case SYS_lstat: case SYS_readlink: case SYS_access:
    case SYS_chdir: case SYS_execve: case SYS_mkdir: case SYS_unlink: case SYS_chroot:
    case SYS_chmod: case SYS_creat: case SYS_rmdir:
      readRemote(pid, a[0], 0, 1);
      break;
    case SYS_rename: case SYS_symlink: case SYS_link:
      readRemote(pid, a[0], 0, 1);
      readRemote(pid, a[1], 0, 1);
      break;
    case SYS_mount:
      readRemote(pid, a[1], 0, 1);
      readRemote(pid, a[2], 0, 1);
      break;
    case SYS_write: case SYS_pwrite64:
      if (pathsOnly) break;
      readRemote(pid, a[1], a[2] < 32 ? a[2] : 32, 0);
      break;
    case SYS_rt_sigaction:
      if (pathsOnly) break;
      readRemote(pid, a[1], 32, 0);
      break;
  }
}

/* Exit: what the kernel wrote for the caller. */
static void atExit(pid_t pid, const struct __ptrace_syscall_info *in, const uint64_t *a, long nr) {
  const long ret = (long)in->exit.rval;
  if (in->exit.is_error || pathsOnly) return;
  switch (nr) {
    case SYS_newfstatat: readRemote(pid, a[2], 144, 0); break;
    case SYS_stat: case SYS_lstat: case SYS_fstat: readRemote(pid, a[1], 144, 0); break;
    case SYS_statx: readRemote(pid, a[4], 256, 0); break;
    case SYS_readlink: readRemote(pid, a[1], (size_t)ret, 0); break;
    case SYS_readlinkat: readRemote(pid, a[2], (size_t)ret, 0); break;
    case SYS_read: case SYS_pread64: readRemote(pid, a[1], ret < 32 ? (size_t)ret : 32, 0); break;
    case SYS_getdents64: readRemote(pid, a[1], (size_t)ret, 0); break;
    case SYS_wait4: if (ret > 0) readRemote(pid, a[1], 4, 0); break;
    case SYS_rt_sigaction: readRemote(pid, a[2], 32, 0); break;
    case SYS_pipe2: case SYS_pipe: readRemote(pid, a[0], 8, 0); break;
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: readfloor CMD [ARGS...]\n");
    return 2;
  }
  pathsOnly = getenv("READFLOOR_PATHS") != NULL;
  pid_t child = fork();
  if (child == 0) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  int status, live = 1, code = 0;
  waitpid(child, &status, 0);
  ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
         PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL);
  ptrace(PTRACE_SYSCALL, child, 0, 0);
  unsigned long stops = 0;
  /* The entry's arguments until the exit, per pid (pids fit; a small open-addressed table). */
  enum { kSlots = 1 << 16 };
  static uint64_t pending[kSlots][6];
  static long pendingNr[kSlots];
  struct __ptrace_syscall_info info;
  while (live > 0) {
    pid_t pid = waitpid(-1, &status, __WALL);
    if (pid < 0) break;
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (pid == child) code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      live--;
      continue;
    }
    int sig = 0;
    if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
      stops++;
      ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info);
      const unsigned slot = (unsigned)pid % kSlots;
      if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        atEntry(pid, &info);
        for (int i = 0; i < 6; i++) pending[slot][i] = info.entry.args[i];
        pendingNr[slot] = (long)info.entry.nr;
      } else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
        atExit(pid, &info, pending[slot], pendingNr[slot]);
      }
    } else if (status >> 16 == PTRACE_EVENT_FORK || status >> 16 == PTRACE_EVENT_VFORK ||
               status >> 16 == PTRACE_EVENT_CLONE) {
      live++;
    } else if (status >> 16 == 0 && WSTOPSIG(status) != SIGTRAP && WSTOPSIG(status) != SIGSTOP) {
      sig = WSTOPSIG(status);
    }
    ptrace(PTRACE_SYSCALL, pid, 0, sig);
  }
  fprintf(stderr, "readfloor: %lu syscall stops, %lu memory reads\n", stops, reads);
  return code;
}
