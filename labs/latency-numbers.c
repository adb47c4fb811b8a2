/*
 * Latency numbers on this machine: the operations of "latency numbers every programmer should know" that a
 * program can time by itself, each the median of several runs, printed as one JSON object (nanoseconds per
 * operation). Built and run by labs/latency-numbers.ts (npm run lab latency-numbers).
 *
 *   l1Reference        a dependent load that hits L1: a pointer chase through 16 KiB (cache-line nodes, random cycle)
 *   l2Reference        the same through 512 KiB (misses L1, hits L2)
 *   memoryReference    the same through 1 GiB (misses every cache: a DRAM access, page walk included;
 *                      transparent huge pages are requested with madvise to keep the page walk short)
 *   mutexLockUnlock    pthread_mutex_lock + pthread_mutex_unlock, uncontended
 *   syscall            syscall(SYS_getppid): the cheapest round trip into the kernel and back
 *   read1MBFromMemory  reading 10^6 bytes sequentially from a buffer far larger than the caches
 *   diskRandomRead4K   a 4 KiB pread at a random aligned offset of a 256 MiB file opened with O_DIRECT
 *                      (no page cache): the latency of this machine's disk, virtual or not
 *
 * usage: latency-numbers <runs> <scale> <file for the disk test>   (scale 1 full, smaller for a quick check)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* CPU time of this thread (user + system): on a machine shared with other work, the time the thread was
 * preempted is not counted, so a figure is what the operation costs, not how long the scheduler made it wait.
 * The disk test uses the wall clock instead: waiting for the device is its cost. */
static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double wall_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static uint64_t rng = 88172645463325252ULL; /* xorshift64, fixed seed: the same cycle every run */
static uint64_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *xs, int n) {
  qsort(xs, n, sizeof(double), cmp_double);
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

#define LINE 64
static volatile uintptr_t sink;

/* A random cyclic pointer chase through `bytes` of memory, one node per cache line: ns per dependent load. */
static double chase(size_t bytes, long steps, int runs) {
  size_t n = bytes / LINE;
  char *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return -1;
  madvise(mem, bytes, MADV_HUGEPAGE);
  size_t *order = malloc(n * sizeof(size_t));
  for (size_t i = 0; i < n; i++) order[i] = i;
  for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates: one random cycle through every line */
    size_t j = next_rand() % (i + 1);
    size_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (size_t i = 0; i < n; i++) *(void **)(mem + order[i] * LINE) = mem + order[(i + 1) % n] * LINE;
  free(order);
  double *xs = malloc(runs * sizeof(double));
  void *p = mem;
  for (long i = 0; i < (long)n; i++) p = *(void **)p; /* warm up: touch every line once */
  for (int r = 0; r < runs; r++) {
    double t0 = now_ns();
    for (long i = 0; i < steps; i++) p = *(void **)p;
    xs[r] = (now_ns() - t0) / steps;
  }
  sink = (uintptr_t)p;
  double m = median(xs, runs);
  free(xs);
  munmap(mem, bytes);
  return m;
}

static double mutex_ns(long iterations, int runs) {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  double *xs = malloc(runs * sizeof(double));
  for (int r = 0; r < runs; r++) {
    double t0 = now_ns();
    for (long i = 0; i < iterations; i++) {
      pthread_mutex_lock(&m);
      sink++;
      pthread_mutex_unlock(&m);
    }
    xs[r] = (now_ns() - t0) / iterations;
  }
  double v = median(xs, runs);
  free(xs);
  return v;
}

static double syscall_ns(long iterations, int runs) {
  double *xs = malloc(runs * sizeof(double));
  for (int r = 0; r < runs; r++) {
    double t0 = now_ns();
    for (long i = 0; i < iterations; i++) sink += (uintptr_t)syscall(SYS_getppid);
    xs[r] = (now_ns() - t0) / iterations;
  }
  double v = median(xs, runs);
  free(xs);
  return v;
}

static double seq_read_ns(size_t bytes, int runs) {
  const size_t mb = 1000000;
  uint64_t *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return -1;
  memset(mem, 1, bytes);
  double *xs = malloc(runs * sizeof(double));
  for (int r = 0; r < runs; r++) {
    uint64_t sum = 0;
    size_t words = bytes / sizeof(uint64_t);
    double t0 = now_ns();
    for (size_t i = 0; i < words; i++) sum += mem[i];
    xs[r] = (now_ns() - t0) * ((double)mb / (double)bytes);
    sink += sum;
  }
  double v = median(xs, runs);
  free(xs);
  munmap(mem, bytes);
  return v;
}

static double disk_ns(const char *path, size_t bytes, long reads, int runs) {
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return -1;
  char *block = malloc(1 << 20);
  memset(block, 7, 1 << 20);
  for (size_t off = 0; off < bytes; off += 1 << 20) {
    if (write(fd, block, 1 << 20) != 1 << 20) return -1;
  }
  fsync(fd);
  close(fd);
  free(block);
  fd = open(path, O_RDONLY | O_DIRECT);
  if (fd < 0) return -1;
  void *buf;
  if (posix_memalign(&buf, 4096, 4096)) return -1;
  double *xs = malloc(runs * sizeof(double));
  for (int r = 0; r < runs; r++) {
    double t0 = wall_ns();
    for (long i = 0; i < reads; i++) {
      off_t off = (off_t)(next_rand() % (bytes / 4096)) * 4096;
      if (pread(fd, buf, 4096, off) != 4096) return -1;
    }
    xs[r] = (wall_ns() - t0) / reads;
  }
  close(fd);
  unlink(path);
  free(buf);
  double v = median(xs, runs);
  free(xs);
  return v;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s <runs> <scale> <file for the disk test>\n", argv[0]);
    return 2;
  }
  int runs = atoi(argv[1]);
  double scale = atof(argv[2]);
  if (runs < 1 || scale <= 0) return 2;
  long k = (long)(1000000 * scale);
  printf("{\n");
  printf("  \"l1Reference\": %.3f,\n", chase(16 << 10, 20 * k, runs));
  printf("  \"l2Reference\": %.3f,\n", chase(512 << 10, 20 * k, runs));
  printf("  \"memoryReference\": %.3f,\n", chase((size_t)1 << (scale < 1 ? 28 : 30), 2 * k, runs));
  printf("  \"mutexLockUnlock\": %.3f,\n", mutex_ns(10 * k, runs));
  printf("  \"syscall\": %.3f,\n", syscall_ns(2 * k, runs));
  printf("  \"read1MBFromMemory\": %.3f,\n", seq_read_ns((size_t)1 << (scale < 1 ? 27 : 29), runs));
  printf("  \"diskRandomRead4K\": %.3f\n", disk_ns(argv[3], (size_t)256 << 20, k / 500, runs));
  printf("}\n");
  return 0;
}
