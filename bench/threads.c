/* Many threads, traced completely: T threads (default 100) each open, read and close a file
 * ITER times (default 100), all at once. Shows whether a tracer's cost per event grows with the
 * number of live tasks. Build static: gcc -O2 -static -pthread -o threads threads.c
 * Usage: threads [T] [ITER] [FILE]   (FILE defaults to /etc/passwd) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long iterations = 100;
static const char *path = "/etc/passwd";

static void *worker(void *arg) {
  (void)arg;
  char buf[64];
  for (long i = 0; i < iterations; i++) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); exit(1); }
    if (read(fd, buf, sizeof buf) < 0) { perror("read"); exit(1); }
    close(fd);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int count = argc > 1 ? atoi(argv[1]) : 100;
  if (argc > 2) iterations = atol(argv[2]);
  if (argc > 3) path = argv[3];
  pthread_t *ids = calloc((size_t)count, sizeof *ids);
  if (!ids) return 1;
  for (int i = 0; i < count; i++)
    if (pthread_create(&ids[i], NULL, worker, NULL) != 0) { fprintf(stderr, "pthread_create failed\n"); return 1; }
  for (int i = 0; i < count; i++) pthread_join(ids[i], NULL);
  free(ids);
  return 0;
}
